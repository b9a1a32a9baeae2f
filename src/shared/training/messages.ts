/**
 * The typed messages between the studio (host) and a training worker process. Both sides parse every
 * message they receive with these schemas: a malformed one is a clear error that fails the run, never a
 * crash of the studio. Killing is not a message: the host sends SIGKILL.
 */
import { z } from 'zod';

const Step = z.number().int().nonnegative();
const MetricValues = z.record(z.string().min(1), z.number().refine(Number.isFinite, 'must be a finite number'));

/** Where a resumed run continues from: the latest checkpoint the host recorded. */
export const ResumeFrom = z.object({
  step: Step,
  /** Absolute path of the checkpoint file or folder. */
  path: z.string().min(1),
});
export type ResumeFrom = z.infer<typeof ResumeFrom>;

export const StartMessage = z.object({
  type: z.literal('start'),
  runId: z.number().int().positive(),
  /** The run's configuration as stored; the training code validates its own part of it. */
  config: z.unknown(),
  /** Absolute path of the run's folder; checkpoints go under it. */
  runDir: z.string().min(1),
  resume: ResumeFrom.optional(),
  /** Absolute path of the checkpoint a new run starts from (stage 2 from stage 1): weights only, step 0. */
  init: z.string().min(1).optional(),
  /** How often the worker says it is alive; the host's watchdog waits a few of these. */
  heartbeatMs: z.number().int().min(10).max(60_000).default(1000),
});
export type StartMessage = z.input<typeof StartMessage>;

/** Finish the current step, write a checkpoint, then report done with cancelled: true. */
export const CancelMessage = z.object({ type: z.literal('cancel') });

export const HostMessage = z.discriminatedUnion('type', [StartMessage, CancelMessage]);
export type HostMessage = z.input<typeof HostMessage>;

export const WORKER_ERROR_PHASES = ['protocol', 'config', 'backend', 'checkpoint', 'data', 'train'] as const;
export const WorkerErrorPhase = z.enum(WORKER_ERROR_PHASES);
export type WorkerErrorPhase = z.infer<typeof WorkerErrorPhase>;

export const WorkerMessage = z.discriminatedUnion('type', [
  /** The process is up and listening for start. */
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('heartbeat') }),
  /** Which compute backend the training picked, e.g. 'tfjs-node'. */
  z.object({ type: z.literal('backend'), name: z.string().min(1).max(100) }),
  z.object({
    type: z.literal('progress'),
    step: Step,
    total: Step,
    samplesPerSec: z.number().nonnegative(),
    /** Seconds left, null while unknown. */
    eta: z.number().nonnegative().nullable(),
  }),
  z.object({ type: z.literal('metrics'), step: Step, values: MetricValues }),
  z.object({
    type: z.literal('checkpoint'),
    step: Step,
    /** Relative to the run folder, inside it. */
    path: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..'), 'must be a path inside the run folder'),
    metrics: MetricValues.default({}),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), text: z.string() }),
  z.object({ type: z.literal('done'), step: Step, cancelled: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string().min(1), phase: WorkerErrorPhase }),
]);
export type WorkerMessage = z.input<typeof WorkerMessage>;
export type ParsedWorkerMessage = z.output<typeof WorkerMessage>;

/** One line naming what is wrong, e.g. `progress.samplesPerSec: Too small: expected number to be >=0`. */
export function describeInvalid(error: z.ZodError, type: unknown): string {
  const what = typeof type === 'string' ? type : 'message';
  return error.issues.map((i) => `${[what, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
}
