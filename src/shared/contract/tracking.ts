/** Image tracking: propagating a point or a box from a keyframe, run by the backend off the UI thread. */
import { z } from 'zod';
import { BoxGeometry, PointGeometry } from './annotations';
import { method } from './define';
import { Id } from './domain';

/** Frames one propagation may cover: long enough for a few seconds of video, short enough to hold in memory. */
export const TRACK_MAX_FRAMES = 300;
export const TRACK_DEFAULT_FRAMES = 30;
/**
 * Below this the step is flagged: the forward-backward check or the appearance no longer agree. 0.7, not
 * the tracker's 0.5: on the sample videos 0.5 accepted frames up to 29 px off, 0.7 kept them under 9 px
 * (bench/annotate/tracker.ts) for a few more corrections.
 */
export const TRACK_DEFAULT_MIN_CONFIDENCE = 0.7;
/** The thresholds the Track panel offers. */
export const TRACK_CONFIDENCE_CHOICES = [0.5, 0.7, 0.9] as const;

export const TrackDirection = z.enum(['forward', 'backward']);
export type TrackDirection = z.infer<typeof TrackDirection>;

const Frame = z.number().int().nonnegative();

const PropagateCommon = z.object({
  episodeId: Id,
  camera: z.string().min(1),
  /** The keyframe the tracker starts from; `geometry` is the shape's value on it. */
  frame: Frame,
  direction: TrackDirection.default('forward'),
  /** How many frames after (or before) the keyframe to track; fewer at the episode's edge. */
  frames: z.number().int().min(1).max(TRACK_MAX_FRAMES).default(TRACK_DEFAULT_FRAMES),
  minConfidence: z.number().min(0).max(1).default(TRACK_DEFAULT_MIN_CONFIDENCE),
  /** Names the job in job.progress (kind 'track') and for tracking.cancel. */
  jobId: z.string().min(1).max(100),
});

export const PropagateRequest = z.discriminatedUnion('kind', [
  PropagateCommon.extend({ kind: z.literal('point'), geometry: PointGeometry }),
  PropagateCommon.extend({ kind: z.literal('box'), geometry: BoxGeometry }),
]);
export type PropagateRequest = z.input<typeof PropagateRequest>;
/** The request with its defaults filled in, as the backend receives it. */
export type PropagateParams = z.output<typeof PropagateRequest>;

export const TrackedValue = z.union([PointGeometry, BoxGeometry]);

export const TrackedFrame = z.object({
  frame: Frame,
  value: TrackedValue,
  /** In [0, 1]: forward-backward consistency and appearance similarity of the step into this frame. */
  confidence: z.number().min(0).max(1),
});
export type TrackedFrame = z.infer<typeof TrackedFrame>;

export const TRACK_STOP_REASONS = ['low_confidence', 'lost', 'left_image'] as const;
export const TrackStop = z.object({
  /** The flagged frame: the first the tracker does not vouch for; no value is returned for it. */
  frame: Frame,
  reason: z.enum(TRACK_STOP_REASONS),
  confidence: z.number().min(0).max(1),
  /** What a person reads in the panel. */
  message: z.string(),
});
export type TrackStop = z.infer<typeof TrackStop>;

export const PropagateResult = z.object({
  /** One value per frame after the keyframe in the tracking direction, up to (not including) a stop. */
  steps: z.array(TrackedFrame),
  stopped: TrackStop.nullable(),
  /** True when the episode's first or last frame cut the range short. */
  reachedEdge: z.boolean(),
});
export type PropagateResult = z.infer<typeof PropagateResult>;

export const trackingMethods = {
  'tracking.propagate': method(
    'Tracks a point or a box from a keyframe through the next (or previous) frames of one camera, stopping at the first frame below minConfidence (flagged, not returned); stores nothing; progress as job.progress (kind track).',
    PropagateRequest,
    PropagateResult,
  ),
  'tracking.cancel': method(
    'Stops a running propagation (it then fails with code cancelled); false when no such job runs.',
    z.object({ jobId: z.string().min(1).max(100) }),
    z.object({ cancelled: z.boolean() }),
  ),
} as const;

export const trackingEvents = {} as const;
