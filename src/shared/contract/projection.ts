/** Camera calibration and trajectories projected from the robot's own state. */
import { z } from 'zod';
import { event, method } from './define';
import { Id } from './domain';

/** A 3x4 projection matrix, row-major: pixel ~ P [x y z 1]^T in the state's world frame. */
export const ProjectionMatrix = z.array(z.number().finite()).length(12);

/** Indices of x, y and z of the end-effector position among the state's dims. */
export const PositionDims = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().nonnegative()])
  .refine((d) => new Set(d).size === 3, 'positionDims: x, y and z need three different dims');
export type PositionDims = z.infer<typeof PositionDims>;

export const CalibrationSource = z.enum(['dataset', 'fitted', 'none']);
export type CalibrationSource = z.infer<typeof CalibrationSource>;

/**
 * A click of the gripper's tip on one frame (image pixels of the camera). Clicks may come from several
 * episodes of the dataset: one episode's path is often too flat to pin a camera down.
 */
export const CalibrationClick = z.object({
  /** The episode clicked on; the call's episode when absent. */
  episodeId: Id.optional(),
  frame: z.number().int().nonnegative(),
  x: z.number().finite(),
  y: z.number().finite(),
});
export type CalibrationClick = z.infer<typeof CalibrationClick>;

/** A click with how far the fitted camera reprojects the state's position from it. */
export const FittedClick = CalibrationClick.extend({
  /** Distance in pixels between the click and the reprojection. */
  error: z.number(),
  reprojected: z.object({ x: z.number(), y: z.number() }),
});
export type FittedClick = z.infer<typeof FittedClick>;

export const CalibrationFit = z.object({
  matrix: ProjectionMatrix,
  clicks: z.array(FittedClick),
  /** Mean and max reprojection error over the clicks, pixels. */
  mean: z.number(),
  max: z.number(),
  positionDims: PositionDims,
  /** The episode the clicks were made on, and when. */
  episodeId: Id,
  fittedAt: z.number(),
});
export type CalibrationFit = z.infer<typeof CalibrationFit>;

export const CalibrationState = z.object({
  camera: z.string(),
  source: CalibrationSource,
  matrix: ProjectionMatrix.nullable(),
  /** The DLT fit when source is 'fitted'. */
  fit: CalibrationFit.nullable(),
  /** Where the end-effector position sits in the state (detected from the dim names); null when it cannot be found. */
  positionDims: PositionDims.nullable(),
  /** Why positionDims is null (no state, no position dims), for the panel to show. */
  positionProblem: z.string().nullable(),
  stateDims: z.array(z.string()),
});
export type CalibrationState = z.infer<typeof CalibrationState>;

export const CalibrationFitInput = z.object({
  episodeId: Id,
  camera: z.string().min(1),
  clicks: z
    .array(CalibrationClick)
    .min(6, 'clicks: the DLT needs the gripper clicked on at least 6 frames')
    .max(500)
    .refine((c) => new Set(c.map((k) => `${k.episodeId ?? ''}:${k.frame}`)).size === c.length, 'clicks: one click per frame; two clicks share a frame'),
  positionDims: PositionDims.optional(),
  /** The window that fitted, echoed in calibration.changed so it can skip its own event. */
  clientId: z.string().max(100).optional(),
});

export const TrajectorySuggestInput = z.object({
  episodeId: Id,
  camera: z.string().min(1),
  frame: z.number().int().nonnegative(),
  /** 'future': from `frame` to the end of the episode; 'whole': every frame. */
  mode: z.enum(['future', 'whole']).default('future'),
  /** Vertex budget of the simplified trajectory (`points`). */
  maxPoints: z.number().int().min(2).max(500).default(8),
  positionDims: PositionDims.optional(),
});

const SuggestedPoint = z.object({ x: z.number(), y: z.number(), frame: z.number().int().nonnegative() });

export const TrajectorySuggestion = z.object({
  /** At most maxPoints vertices, each an original frame's projection, ready to become a trajectory. */
  points: z.array(SuggestedPoint),
  /** The projection on every frame of the span inside the image, for a faithful preview. */
  path: z.array(SuggestedPoint),
  /** Frames of the span left out because they project outside the image or behind the camera. */
  clipped: z.number().int().nonnegative(),
  source: z.enum(['dataset', 'fitted']),
});
export type TrajectorySuggestion = z.infer<typeof TrajectorySuggestion>;

export const projectionMethods = {
  'calibration.get': method(
    "A camera's calibration as suggestions would use it: from the dataset, fitted by the DLT, or none; and where the state holds the end-effector position.",
    z.object({ episodeId: Id, camera: z.string().min(1) }),
    CalibrationState,
  ),
  'calibration.fit': method(
    "Fits the camera's 3x4 matrix by the normalised DLT from 6+ gripper clicks on distinct frames (of one or more episodes of the dataset) and stores it on that camera of every episode of the dataset; not undoable (fit again to change it).",
    CalibrationFitInput,
    CalibrationFit,
  ),
  'trajectory.suggest': method(
    "Projects the end-effector path of the state into the camera (from `frame` on, or the whole episode), clipped to the image; needs a calibration.",
    TrajectorySuggestInput,
    TrajectorySuggestion,
  ),
} as const;

export const projectionEvents = {
  'calibration.changed': event(
    "A camera's calibration changed for every episode of a dataset; open windows reload it.",
    z.object({ datasetId: Id, camera: z.string(), by: z.string().optional() }),
  ),
} as const;
