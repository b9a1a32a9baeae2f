/**
 * What the host hands the trainer: plain JSON (training-data.json in the run folder) plus the files
 * it names. The worker never reads the project database; everything it needs is here.
 */
import type { ActionStatistics } from './normalize';
import type { ActionSample, GroundingSample } from './samples';
import type { TokenizerSpec } from './tokenizer';

export const TRAINING_DATA_FILE = 'training-data.json';
export const ACTIONS_FILE = 'actions.f32';
/** The robot state per frame, episodes in actionIndex's order, stateDims values a frame. */
export const STATES_FILE = 'states.f32';
export const STATISTICS_FILE = 'dataset_statistics.json';
export const TOKENIZER_FILE = 'tokenizer.json';
export const MANIFEST_FILE = 'manifest.json';

export type TrainingStage = 'grounding' | 'action';

export interface TrainingView {
  camera: string;
  /** One frame cache folder per dataset (absolute paths). */
  caches: { datasetId: number; dir: string }[];
}

export interface TrainingData {
  version: 1;
  stage: TrainingStage;
  seed: number;
  /** Side of the square images. */
  size: number;
  horizon: number;
  /** The primary camera first, then the optional second one. */
  views: TrainingView[];
  tokenizer: TokenizerSpec;
  /** Null for the grounding stage, which trains no actions. */
  statistics: ActionStatistics | null;
  embodimentTag: string;
  /** Where each episode's raw (un-normalised) actions sit in ACTIONS_FILE, in float32 values. */
  actionIndex: { episodeId: number; offset: number; frames: number }[];
  actionDims: number;
  /** Numbers in each frame's state in STATES_FILE; 0 or absent when the run trains without the state. */
  stateDims?: number;
  actions: { train: ActionSample[]; val: ActionSample[] };
  grounding: { train: GroundingSample[]; val: GroundingSample[] };
  warnings: string[];
}
