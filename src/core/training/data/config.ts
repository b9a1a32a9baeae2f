/** The options of a training run that decide its data; checked at the door, each error naming its field. */
import { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors';
import { MAX_SCENES, TRAINING_ANNOTATION_SOURCES } from '../../../shared/contract/training';
import { MAX_CACHE_SIZE, MIN_CACHE_SIZE } from './frameCache';

const Id = z.number().int().positive();

export const TrainingDataConfig = z.object({
  /** 'grounding' is stage 1 (grounding only); 'action' is stage 2 (action batches plus grounding batches). */
  stage: z.enum(['grounding', 'action']),
  datasetIds: z.array(Id).min(1),
  /** A subset of those datasets' episodes; all of them when left out. */
  episodeIds: z.array(Id).optional(),
  camera: z.string().min(1),
  /** Frames of this camera too, as the policy's second view; grounding stays on camera. */
  secondCamera: z.string().min(1).optional(),
  size: z.number().int().min(MIN_CACHE_SIZE).max(MAX_CACHE_SIZE).default(96),
  valFraction: z.number().min(0).max(0.9).default(0.1),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** Use the built-in environment's ground truth as grounding data (sim episodes only). */
  groundTruth: z.boolean().default(false),
  truthStride: z.number().int().min(1).default(1),
  /** Annotation sources that become grounding records; all of them when left out. */
  annotationSources: z.array(z.enum(TRAINING_ANNOTATION_SOURCES)).min(1).optional(),
  /** Keep uncorrected rollout predictions (see grounding.ts isUncorrectedPrediction). */
  predictions: z.boolean().default(false),
  /** Train the policy on the robot state too, when every episode has one matching its actions. */
  state: z.boolean().default(true),
  /** Rendered scenes of the built-in environment added as grounding data (scenes.ts). */
  scenes: z.number().int().min(0).max(MAX_SCENES).default(0),
  horizon: z.number().int().min(1).max(64).default(8),
  tokenizer: z.object({ buckets: z.number().int().min(1).max(4096).default(64), maxLength: z.number().int().min(1).max(128).default(24) }).default({ buckets: 64, maxLength: 24 }),
  /** Gripper action dims by name or index; found by name ("grip") when left out. */
  gripper: z.array(z.union([z.string(), z.number().int().min(0)])).optional(),
  embodimentTag: z.string().min(1).default('new_embodiment'),
}).refine((c) => c.secondCamera !== c.camera, { path: ['secondCamera'], message: 'must be another camera than camera' });
export type TrainingDataConfig = z.output<typeof TrainingDataConfig>;
export type TrainingDataConfigInput = z.input<typeof TrainingDataConfig>;

export function parseTrainingDataConfig(input: unknown): TrainingDataConfig {
  const parsed = TrainingDataConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
  throw new ApiError('bad_request', `training data config: ${issues.join('; ')}`);
}
