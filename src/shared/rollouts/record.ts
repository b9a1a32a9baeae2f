/**
 * A rollout as it is kept on disk: one folder per rollout holding `rollout.json` (this schema) and one
 * video per camera (`<camera>.mp4`, H.264, what the player decodes). Our own evaluations write it step by
 * step; importers of rollouts made elsewhere write the same shape with whatever signals their files carry,
 * so the player, tags and "send to annotation" treat both alike.
 *
 * Image coordinates are normalised to [0, 1] of the named camera's image (x right, y down), as grounding
 * targets are everywhere else in the studio.
 */
import { z } from 'zod';

export const ROLLOUT_FILE = 'rollout.json';
export const ROLLOUT_FORMAT_VERSION = 1;

/** Why an episode ended: the environment's reasons, or 'unknown' for imported rollouts that do not say. */
export const TERMINATION_REASONS = ['success', 'timeout', 'dropped_object', 'workspace_violation', 'unknown'] as const;

/** The default failure taxonomy; a project may edit its own list. */
export const DEFAULT_FAILURE_TAGS = ['wrong_object', 'missed_grasp', 'dropped_object', 'wrong_place', 'timeout', 'workspace_violation', 'other'] as const;

const Unit = z.number().finite();
export const Point2 = z.tuple([Unit, Unit]);
export const Box4 = z.tuple([Unit, Unit, Unit, Unit]);

/** Where something is in one camera's image. */
export const Spatial = z.strictObject({
  point: Point2.optional(),
  box: Box4.optional(),
  trajectory: z.array(Point2).optional(),
});
export type Spatial = z.infer<typeof Spatial>;

export const RolloutStep = z.strictObject({
  /** Step index, 0-based; frame i of each camera's video is the observation this step acted on. */
  t: z.number().int().nonnegative(),
  state: z.array(z.number().finite()).optional(),
  /** The action the environment executed at this step. */
  executed: z.array(z.number().finite()).optional(),
  /** The chunk the policy predicted at this step (rows of actions), when it predicted one here. */
  chunk: z.array(z.array(z.number().finite())).optional(),
  /** What the policy predicted for the spatial prompt, in the policy's camera. */
  predicted: Spatial.optional(),
  /** The environment's ground truth per camera: the target object's box and centre, the gripper's point. */
  truth: z.record(z.string(), z.strictObject({ target: Spatial.optional(), gripper: Point2.optional() })).optional(),
  /** Events of this step, e.g. 'grasp', 'release', 'drop'. */
  events: z.array(z.string()).optional(),
  /** Sim rollouts: a hash of each camera's raw RGB frame before encoding (hashFrame), so a replay can prove it is frame-exact. */
  frameHashes: z.record(z.string(), z.string()).optional(),
});
export type RolloutStep = z.infer<typeof RolloutStep>;

export const RolloutRecord = z.strictObject({
  version: z.literal(ROLLOUT_FORMAT_VERSION),
  /** 'sim' for the built-in environment; the importer's format name otherwise (e.g. 'libero', 'lerobot-eval'). */
  source: z.string().min(1),
  instruction: z.string(),
  success: z.boolean(),
  reason: z.enum(TERMINATION_REASONS),
  cameras: z.array(z.string().min(1)),
  /** The camera the policy looked at (its predictions are in this camera's image). */
  policyCamera: z.string().nullable(),
  fps: z.number().positive(),
  /** Sim rollouts: enough to re-run it (variant, seed, family); imported ones: file names and their fields. */
  meta: z.record(z.string(), z.unknown()),
  steps: z.array(RolloutStep),
});
export type RolloutRecord = z.infer<typeof RolloutRecord>;
