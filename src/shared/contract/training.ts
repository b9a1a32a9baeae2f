/** Training runs: configuration, lifecycle (start, cancel, kill, resume, clone) and their metric series. */
import { z } from 'zod';
import { event, method } from './define';
import { Id } from './domain';

export const TRAINING_STAGES = ['grounding', 'action'] as const;
export const TrainingStage = z.enum(TRAINING_STAGES);
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;
/** The statuses a run (or an evaluation) ends in; it never leaves one. */
export const ENDED_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];
export const hasEnded = (status: string): boolean => (ENDED_STATUSES as readonly string[]).includes(status);

export const LR_SCHEDULES = ['constant', 'linear', 'cosine'] as const;

/**
 * The optimisation settings every recipe shares. Strict, so that a misspelt field is named in the error
 * instead of being silently dropped; recipes add their own fields here.
 */
export const Hyperparameters = z.strictObject({
  steps: z.number().int().min(1).max(10_000_000).default(10_000),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(10).default(1e-4),
  lrSchedule: z.enum(LR_SCHEDULES).default('cosine'),
  warmupSteps: z.number().int().nonnegative().default(500),
  weightDecay: z.number().nonnegative().max(1).default(0.01),
  /** Fixes initial weights and data order: the same seed and data give the same run. */
  seed: z.number().int().nonnegative().max(2 ** 31 - 1).default(0),
  checkpointEvery: z.number().int().min(1).default(1000),
  /** Validation metrics every this many steps and at the last; 0 means about ten times per run. */
  evalEvery: z.number().int().nonnegative().default(0),
  /** Stage 2's weight of the grounding loss beside the action loss; the recipe's when left out. */
  groundingWeight: z.number().min(0).max(100).optional(),
});

/** How much of each dataset a batch draws; datasets not listed get weight 1. */
export const DatasetWeight = z.strictObject({ id: Id, weight: z.number().positive().max(1000).default(1) });

/** The most rendered grounding scenes a run may add (about 12 KB each at 64 px). */
export const MAX_SCENES = 20_000;

/** The annotation sources a run may pick its grounding records from (ground truth has its own switch). */
export const TRAINING_ANNOTATION_SOURCES = ['manual', 'tracked', 'projected', 'imported'] as const;

/**
 * Which frames and targets a policy recipe trains on; the images' size and the action horizon come from
 * the preset, the stage, datasets and seed from the run.
 */
export const TrainingDataOptions = z.strictObject({
  camera: z.string().min(1),
  /**
   * A second camera the policy sees beside the primary one (both frames of the same moment); grounding
   * targets stay in the primary camera's image. Every episode must have it; not the primary camera.
   */
  secondCamera: z.string().min(1).optional(),
  /** A subset of the datasets' episodes; all of them when left out. */
  episodeIds: z.array(Id).min(1).optional(),
  valFraction: z.number().min(0).max(0.9).default(0.1),
  /** Use the sim's ground truth as grounding data (sample and sim episodes only). */
  groundTruth: z.boolean().default(false),
  truthStride: z.number().int().min(1).default(1),
  /** Which annotation sources become grounding records; all of them when left out. */
  annotationSources: z.array(z.enum(TRAINING_ANNOTATION_SOURCES)).min(1).optional(),
  /**
   * Include uncorrected model predictions sent from rollouts (source 'imported', label "predicted target",
   * never edited since); a prediction a person edited or relabelled counts either way.
   */
  predictions: z.boolean().default(false),
  /** Stage 2 feeds the robot state (observation.state) to the action expert when every episode has it. */
  state: z.boolean().default(true),
  /**
   * This many freshly rendered scenes of the built-in environment join the grounding data (the named
   * object's point and box, from the environment's truth): the miniature of the large grounding corpora
   * ST4VLA's stage 1 trains on. Sim datasets only; never in the validation split.
   */
  scenes: z.number().int().min(0).max(MAX_SCENES).default(0),
}).refine((d) => d.secondCamera === undefined || d.secondCamera !== d.camera, {
  path: ['secondCamera'],
  message: 'must be another camera than camera (the primary one); leave it out to train on one camera',
});

/** The compute backend the worker must use; 'auto' takes the fastest one that works. */
export const TRAINING_BACKENDS = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;

export const TrainingConfig = z.strictObject({
  /** Which training recipe (loss mix, heads) runs, e.g. 'st4vla-grounding'. */
  recipe: z.string().min(1).max(100),
  /** The model architecture preset, e.g. 'small'. Checkpoints only load into the same preset. */
  preset: z.string().min(1).max(100),
  datasets: z.array(DatasetWeight).default([]),
  hyperparameters: Hyperparameters.default(() => Hyperparameters.parse({})),
  /** Required by the policy recipes (src/shared/training/recipes.ts), which train on project frames. */
  data: TrainingDataOptions.optional(),
  backend: z.enum(TRAINING_BACKENDS).default('auto'),
});
export type TrainingConfig = z.output<typeof TrainingConfig>;
export type TrainingConfigInput = z.input<typeof TrainingConfig>;

export const TrainingRun = z.object({
  id: Id,
  name: z.string(),
  stage: TrainingStage,
  status: RunStatus,
  initCheckpointId: Id.nullable(),
  /** As stored: runs from older versions may lack newer fields. */
  config: z.unknown(),
  /** The compute backend the worker picked, e.g. 'tfjs-node'; null until it said. */
  backend: z.string().nullable(),
  /** Relative to the project folder. */
  runDir: z.string(),
  /** Why it failed, e.g. "killed by user" or "the worker exited with code 3". */
  error: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  datasetIds: z.array(Id),
  /** The stage-1 run of a chain that started this one (recipe st4vla). */
  parentRunId: Id.nullable(),
  /** The stage-2 run this stage-1 run of a chain starts when it succeeds; null once started and for other runs. */
  nextStage: z.object({ name: z.string(), steps: z.number().int() }).nullable(),
});
export type TrainingRun = z.infer<typeof TrainingRun>;

export const TrainingCheckpoint = z.object({
  id: Id,
  runId: Id,
  step: z.number().int().nonnegative(),
  epoch: z.number().nullable(),
  /** Relative to the project folder. */
  path: z.string(),
  sizeBytes: z.number().nullable(),
  metrics: z.record(z.string(), z.number()),
  isBest: z.boolean(),
  createdAt: z.number(),
});
export type TrainingCheckpoint = z.infer<typeof TrainingCheckpoint>;

const MetricLatest = z.object({ step: z.number().int(), value: z.number() });

export const TrainingStart = z.object({
  name: z.string().trim().min(1).max(200),
  stage: TrainingStage,
  config: TrainingConfig,
  datasetIds: z.array(Id).min(1).max(1000),
  /** A checkpoint to start from (stage 2 starts from a stage-1 one); it must be of the same preset. */
  initCheckpointId: Id.optional(),
  /**
   * Recipe st4vla at stage 'action' from scratch runs as a chain: stage 1 for this many of the steps (20 %
   * when left out), then stage 2 from its last checkpoint for the rest.
   */
  stage1Steps: z.number().int().min(1).optional(),
});
export type TrainingStart = z.input<typeof TrainingStart>;

export const MetricSeries = z.object({
  name: z.string(),
  points: z.array(z.object({ step: z.number().int(), value: z.number(), wallTime: z.number() })),
});

const RunRef = z.object({ id: Id });

export const trainingMethods = {
  'training.start': method(
    'Validates the configuration (errors name the field) and the datasets, then records the run and starts its worker process; returns the run, running. Recipe st4vla at stage action without initCheckpointId starts a chain: this is its stage-1 run, and its stage 2 starts by itself when it succeeds.',
    TrainingStart,
    TrainingRun,
  ),
  'training.list': method('Every training run of the project, newest first.', z.object({}), z.array(TrainingRun)),
  'training.get': method(
    'A run with its checkpoints (by step) and the latest value of each metric.',
    RunRef,
    z.object({ run: TrainingRun, checkpoints: z.array(TrainingCheckpoint), latest: z.record(z.string(), MetricLatest) }),
  ),
  'training.metrics': method(
    'Metric series of a run for plots, each by step; only the named ones and only after sinceStep when given.',
    z.object({ runId: Id, names: z.array(z.string().min(1)).max(100).optional(), sinceStep: z.number().int().optional() }),
    z.array(MetricSeries),
  ),
  'training.log': method(
    "The last lines of a run's worker log (what the worker said, and how each of its processes started and ended), oldest first; new lines arrive as training.log events.",
    z.object({ runId: Id, tail: z.number().int().min(1).max(10_000).default(500) }),
    z.object({ lines: z.array(z.string()) }),
  ),
  'training.cancel': method(
    'Asks a running run to finish its step and write a checkpoint; it then ends cancelled. False when it is not running.',
    RunRef,
    z.object({ cancelled: z.boolean() }),
  ),
  'training.kill': method(
    'Stops a running worker at once (SIGKILL); the run fails with "killed by user". False when it is not running.',
    RunRef,
    z.object({ killed: z.boolean() }),
  ),
  'training.resume': method(
    'Starts a failed or cancelled run again from its latest checkpoint: same step count, optimiser state, schedule and data order.',
    RunRef,
    TrainingRun,
  ),
  'training.clone': method(
    'Starts a new run with the configuration, datasets and start checkpoint of another, under a new name.',
    z.object({ id: Id, name: z.string().trim().min(1).max(200).optional() }),
    TrainingRun,
  ),
} as const;

export const trainingEvents = {
  'training.progress': event(
    'A running run finished a step; eta in seconds, null while unknown.',
    z.object({ runId: Id, step: z.number().int(), total: z.number().int(), samplesPerSec: z.number(), eta: z.number().nullable() }),
  ),
  'training.metrics': event('New metric values of a run at a step; plots append them.', z.object({ runId: Id, step: z.number().int(), values: z.record(z.string(), z.number()) })),
  'training.log': event('New lines of a running worker\'s log, stamped as training.log returns them.', z.object({ runId: Id, lines: z.array(z.string()) })),
  'training.changed': event(
    "A run's status, backend or checkpoints changed; lists and the run view reload it.",
    z.object({ runId: Id, status: RunStatus, reason: z.enum(['status', 'backend', 'checkpoint']), error: z.string().nullable() }),
  ),
} as const;
