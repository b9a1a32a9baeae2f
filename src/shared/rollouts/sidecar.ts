/**
 * The generic rollout format anyone can write (documented in the README, "Importing rollouts"): a folder
 * of videos, each rollout `<name>.json` (this schema) beside `<name>.mp4` (camera "main") or
 * `<name>.<camera>.mp4` for several cameras. Step i describes video frame i.
 */
import { z } from 'zod';
import { Box4, Point2, TERMINATION_REASONS } from './record';

const Vector = z.array(z.number().finite());

export const SidecarStep = z.strictObject({
  /** The action executed at this step. */
  action: Vector.optional(),
  state: Vector.optional(),
  /** The action chunk the policy predicted at this step, one row per future step. */
  chunk: z.array(Vector).optional(),
  /** The policy's predicted point, box [x1, y1, x2, y2] and trajectory, in the policy camera's image. */
  point: Point2.optional(),
  box: Box4.optional(),
  trajectory: z.array(Point2).optional(),
  /** E.g. "grasp", "release", "drop". */
  events: z.array(z.string().min(1)).optional(),
});
export type SidecarStep = z.infer<typeof SidecarStep>;

export const RolloutSidecar = z.strictObject({
  instruction: z.string(),
  success: z.boolean(),
  /** Frames per second of the videos; read from the video when left out. */
  fps: z.number().positive().max(1000).optional(),
  reason: z.enum(TERMINATION_REASONS).optional(),
  /** How the rollouts are grouped in counts, e.g. an evaluation variant or a task suite. */
  variant: z.string().min(1).optional(),
  seed: z.number().int().optional(),
  task: z.string().min(1).optional(),
  /** The camera the predictions are in; the first camera when left out. */
  policyCamera: z.string().min(1).optional(),
  /** 'normalized' (0..1 of the image, the default) or 'pixels' of the policy camera's video. */
  coordinates: z.enum(['normalized', 'pixels']).default('normalized'),
  steps: z.array(SidecarStep).optional(),
  /** Anything else worth keeping (checkpoint, suite, ...). */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type RolloutSidecar = z.infer<typeof RolloutSidecar>;
