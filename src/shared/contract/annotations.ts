import { z } from 'zod';

/**
 * Annotation geometry as it is stored and crosses the contract. Coordinates are pixels of the camera's
 * own frame (x right, y down, origin at the top-left corner of the image, pixel centres at +0.5).
 * The kind registry (renderer/editor) owns drawing and hit-testing; these schemas own what is valid.
 */

const Coord = z.number().finite();

export const PointGeometry = z.object({
  x: Coord,
  y: Coord,
  role: z.enum(['grasp', 'contact', 'place_target', 'other']).default('other'),
});
export type PointGeometry = z.infer<typeof PointGeometry>;

export const BoxGeometry = z
  .object({ x1: Coord, y1: Coord, x2: Coord, y2: Coord })
  .refine((b) => b.x2 > b.x1 && b.y2 > b.y1, 'a box needs x2 > x1 and y2 > y1');
export type BoxGeometry = z.infer<typeof BoxGeometry>;

export const TrajectoryVertex = z.object({ x: Coord, y: Coord, frame: z.number().int().nonnegative() });
export const TrajectoryGeometry = z.object({
  /** Whose path this is: the gripper's, or an object's (by label). */
  of: z.enum(['gripper', 'object']).default('gripper'),
  points: z.array(TrajectoryVertex).min(2),
});
export type TrajectoryGeometry = z.infer<typeof TrajectoryGeometry>;

/** A span of frames with a phase label, drawn on the timeline. */
export const SegmentGeometry = z.object({
  phase: z.enum(['approach', 'grasp', 'lift', 'transport', 'place', 'release', 'other']),
  text: z.string().max(2000).default(''),
});
export type SegmentGeometry = z.infer<typeof SegmentGeometry>;

/** A track: keyframed values of a point or a box, interpolated between keyframes, absent over spans. */
export const TrackKeyframe = z.object({
  frame: z.number().int().nonnegative(),
  /** The kind's geometry at this keyframe; null marks the object absent from here to the next keyframe. */
  value: z.union([PointGeometry, BoxGeometry]).nullable(),
  source: z.enum(['manual', 'tracked', 'projected', 'imported', 'ground_truth']).default('manual'),
  confidence: z.number().min(0).max(1).optional(), // how sure the tool that made an automatic keyframe was
});
export const TrackGeometry = z.object({ keyframes: z.array(TrackKeyframe).min(1) });
export type TrackGeometry = z.infer<typeof TrackGeometry>;

export const ANNOTATION_KINDS = ['point', 'box', 'trajectory', 'segment'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** The schema of one kind's geometry on a single frame (tracks wrap point and box in TrackGeometry). */
export const GEOMETRY_BY_KIND = {
  point: PointGeometry,
  box: BoxGeometry,
  trajectory: TrajectoryGeometry,
  segment: SegmentGeometry,
} as const;
