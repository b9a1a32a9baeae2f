/**
 * The typed messages of a recording evaluation: the request the worker gets (`worker.mjs evaluate
 * '<json>'` with an outDir), its replies, and the host's cancel. Both sides parse with these schemas, so
 * a bad request is an error naming its field before any episode runs.
 */
import { z } from 'zod';

const Count = z.number().int().positive();
const Seed = z.number().int().nonnegative();

/** Temporal ensembling (ACT): every step predicts a chunk; the action for step t blends every chunk that covers t, weight exp(-decay * i), i = 0 the oldest. */
export const Ensemble = z.strictObject({ decay: z.number().finite().nonnegative().default(0.01) });
export type Ensemble = z.infer<typeof Ensemble>;

export const RecordRequest = z.strictObject({
  checkpointDir: z.string().min(1),
  /** Each finished rollout becomes a folder here (rollout.json and <camera>.mp4). */
  outDir: z.string().min(1),
  variants: z.array(z.string().min(1)).min(1),
  /** Episodes per variant. */
  episodes: Count.max(100_000),
  /** Seeds seed .. seed + episodes - 1, unless seeds are listed. */
  seed: Seed.default(0),
  seeds: z.array(Seed).optional(),
  families: z.array(z.string().min(1)).min(1).optional(),
  /** Actions of each chunk executed before the next prediction (default 1). Not with ensemble. */
  execute: Count.optional(),
  ensemble: Ensemble.optional(),
  /** Episodes stepped in lockstep, one model call for all of them. */
  batchSize: Count.max(64).default(8),
  /** The policy's camera when the run folder does not say. */
  camera: z.string().min(1).optional(),
  /** A two-camera policy's second camera when neither the checkpoint nor its run folder says. */
  secondCamera: z.string().min(1).optional(),
  /** The size the environment renders at (the dataset's video size); even numbers, for H.264. */
  size: z.strictObject({ width: Count.max(4096), height: Count.max(4096) }).optional(),
  /** The project's grounding question paraphrases; the studio's defaults when left out. */
  questions: z.strictObject({ point: z.array(z.string().min(1)).min(1), box: z.array(z.string().min(1)).min(1), trajectory: z.array(z.string().min(1)).min(1) }).optional(),
  /** Ask the policy for its point, box and trajectory at every prediction (default true). */
  grounding: z.boolean().default(true),
  /** The ffmpeg binary the host resolved; found on PATH or in the npm package otherwise. */
  ffmpeg: z.string().min(1).optional(),
}).refine((r) => !(r.execute !== undefined && r.ensemble), { message: 'execute and ensemble exclude each other', path: ['ensemble'] });
export type RecordRequest = z.input<typeof RecordRequest>;

export const VariantSummary = z.object({
  variant: z.string(),
  successes: z.number().int().nonnegative(),
  n: z.number().int().nonnegative(),
  rate: z.number(),
  /** 95 percent Wilson interval. */
  ci: z.tuple([z.number(), z.number()]),
  meanSteps: z.number(),
});
export type VariantSummary = z.infer<typeof VariantSummary>;

export const RecordSummary = z.object({
  variants: z.array(VariantSummary),
  episodes: z.number().int().nonnegative(),
  meanSteps: z.number(),
  /** Rollout folder names under outDir, in suite order. */
  rollouts: z.array(z.string()),
  cancelled: z.boolean(),
  seconds: z.number(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const RecordReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), backend: z.string(), total: Count }),
  z.object({
    type: z.literal('episode'), done: z.number().int().positive(), total: Count, rollout: z.string(),
    variant: z.string(), seed: Seed, success: z.boolean(), reason: z.string(), steps: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('summary'), summary: RecordSummary }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type RecordReply = z.infer<typeof RecordReply>;

/** Finish the current batch of steps, keep the rollouts already written, then reply with the summary (cancelled: true). */
export const CancelRecord = z.object({ type: z.literal('cancel') });
