/**
 * The host's half of a policy run before its worker starts: every check that can refuse the run
 * (recipe, preset, data options, then the data itself: empty selection, NaN actions, no grounding data
 * for stage 1), then the run folder prepared for the worker, with its progress on job.progress.
 */
import { ApiError } from '../../shared/contract/errors';
import type { TrainingConfig } from '../../shared/contract/training';
import { isPolicyRecipe, POLICY_PRESETS } from '../../shared/training/recipes';
import type { Project } from '../project/project';
import { checkTrainingData, prepareTrainingData } from './data/prepare';
import type { TrainingDataConfigInput } from './data/config';
import type { Emitter } from './supervisor';

export interface RunDataInput {
  stage: 'grounding' | 'action';
  config: TrainingConfig;
  datasetIds: number[];
}

/** The data pipeline's config of a policy run; null for recipes that read no project data. */
export function dataConfigOf({ stage, config, datasetIds }: RunDataInput): TrainingDataConfigInput | null {
  if (!isPolicyRecipe(config.recipe)) return null;
  const preset = POLICY_PRESETS[config.preset];
  if (!preset) {
    throw new ApiError('bad_request', `config.preset: recipe "${config.recipe}" has no preset "${config.preset}"; use one of ${Object.keys(POLICY_PRESETS).join(', ')}`);
  }
  if (!config.data) throw new ApiError('bad_request', `config.data: recipe "${config.recipe}" needs its data options (at least data.camera)`);
  if (config.hyperparameters.lrSchedule === 'linear') {
    throw new ApiError('bad_request', 'config.hyperparameters.lrSchedule: the policy recipes run "cosine" or "constant", not "linear"');
  }
  const { camera, secondCamera, episodeIds, valFraction, groundTruth, truthStride, state, annotationSources, predictions, scenes } = config.data;
  return {
    stage,
    datasetIds,
    ...(episodeIds ? { episodeIds } : {}),
    camera,
    ...(secondCamera ? { secondCamera } : {}),
    size: preset.imageSize,
    valFraction,
    seed: config.hyperparameters.seed,
    groundTruth,
    truthStride,
    ...(annotationSources ? { annotationSources } : {}),
    predictions,
    state,
    scenes,
    horizon: preset.expert.chunk,
  };
}

/** Throws the first reason the run's data cannot train; decodes nothing. */
export async function checkRunData(project: Project, input: RunDataInput): Promise<void> {
  const data = dataConfigOf(input);
  if (data) await checkTrainingData(project, data);
}

/** Writes the run folder the worker reads; refuses a batch size the training split cannot fill. */
export async function prepareRunData(project: Project, runId: number, input: RunDataInput, runDir: string, bus: Emitter): Promise<void> {
  const data = dataConfigOf(input);
  if (!data) return;
  const jobId = `train-${runId}-prepare`;
  const progress = (done: number, total: number, extra: { finished?: boolean; error?: string; message?: string } = {}) =>
    bus.emit('job.progress', { jobId, kind: 'train', phase: 'prepare', done, total, finished: false, ...extra });
  try {
    const prepared = await prepareTrainingData(project, data, runDir, { onProgress: (p) => progress(p.done, p.total, { message: 'decoding frames' }) });
    const { batchSize } = input.config.hyperparameters;
    const counts = prepared.manifest.counts;
    const train = input.stage === 'action' ? counts.actionTrain : counts.groundingTrain;
    const what = input.stage === 'action' ? 'action' : 'grounding';
    if (train < batchSize) {
      throw new ApiError('bad_request', `config.hyperparameters.batchSize: ${batchSize} is more than the ${train} ${what} samples of the training split`);
    }
    for (const warning of prepared.data.warnings) progress(1, 1, { message: warning });
    progress(1, 1, { finished: true });
  } catch (error) {
    progress(0, 0, { finished: true, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}


