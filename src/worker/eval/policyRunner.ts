/**
 * A trained checkpoint acting in the built-in tabletop environment: the frames of the cameras the run
 * trained on (the primary, and a second one when it had one), squashed to the run's image size as the
 * training frames were; the instruction in the checkpoint's prompt template, tokenised with its tokenizer; an action chunk predicted, mapped back
 * to the dataset's units with its statistics, and its first k actions executed before predicting again.
 */
import { makeCameras, DISPLAY_RESOLUTION } from '../../sim/camera';
import type { Observation as SimObservation, Policy as SimPolicy } from '../../sim/contracts';
import { clampAction } from '../../sim/physics';
import { ACTION_NAMES, type Action } from '../../sim/types';
import { denormalizeAction, normalizeAction, statisticsFromJson, type ActionStatistics } from '../../shared/training/normalize';
import { createTokenizer, type Tokenizer, type TokenizerSpec } from '../../shared/training/tokenizer';
import { tf } from '../backend/tf';
import { loadCheckpoint } from '../model/checkpoint';
import { spatialPrompt } from '../model/config';
import type { Policy as Model } from '../model/policy';
import { checkpointCameras, stackViews, type CameraChoice } from './views';

export interface CheckpointPolicy {
  model: Model;
  tokenizer: Tokenizer;
  statistics: ActionStatistics;
  promptTemplate: string;
  /** The primary camera the run trained on: its grounding answers are in this camera's image. */
  camera: string;
  /** Every camera the model takes, primary first, in the order its images are stacked; the primary alone when left out. */
  cameras?: string[];
  imageSize: number;
  chunk: number;
  info: Record<string, unknown>;
  dispose(): void;
}

/**
 * The run's cameras from the checkpoint or its run manifest (views.ts), unless given.
 * A checkpoint without action statistics (stage 1's) cannot act: that is an error naming the folder.
 */
export async function loadCheckpointPolicy(dir: string, options: CameraChoice = {}): Promise<CheckpointPolicy> {
  const loaded = await loadCheckpoint(dir);
  try {
    if (!loaded.statistics) throw new Error(`checkpoint ${dir} has no action statistics: only a stage-2 (action) checkpoint can act`);
    if (!loaded.tokenizer) throw new Error(`checkpoint ${dir} has no tokenizer`);
    const config = loaded.policy.config;
    const cameras = checkpointCameras(dir, config.cameras, loaded.info, options);
    const statistics = readStatistics(loaded.statistics);
    if (statistics.order.length !== config.expert.actionDim) {
      throw new Error(`checkpoint ${dir}: statistics have ${statistics.order.length} action dims, the model ${config.expert.actionDim}`);
    }
    if (config.stateDim > 0 && statistics.state?.order.length !== config.stateDim) {
      throw new Error(`checkpoint ${dir}: the model takes ${config.stateDim} state numbers, its statistics describe ${statistics.state?.order.length ?? 'no'} state`);
    }
    const model = loaded.policy;
    return {
      model,
      tokenizer: createTokenizer(loaded.tokenizer as TokenizerSpec),
      statistics,
      promptTemplate: loaded.promptTemplate,
      camera: cameras[0]!,
      cameras,
      imageSize: config.imageSize,
      chunk: config.expert.chunk,
      info: loaded.info,
      dispose: () => model.dispose(),
    };
  } catch (error) {
    loaded.policy.dispose();
    throw error;
  }
}

/** The worker stores the ActionStatistics object as is; InternVLA-M1's dataset_statistics.json shape is read too. */
function readStatistics(json: unknown): ActionStatistics {
  const stats = json as Partial<ActionStatistics>;
  const direct = ['q01', 'q99', 'mask', 'order'].every((key) => Array.isArray(stats[key as keyof ActionStatistics]));
  return direct ? (stats as ActionStatistics) : statisticsFromJson(json);
}

export interface RunnerOptions {
  /** Actions of each predicted chunk executed before the next prediction (1..chunk; default the whole chunk). */
  execute?: number;
  /** Size the env renders at before the squash to the run's image size: the dataset's video size (default the sample's 320x240). */
  source?: { width: number; height: number };
  /** Seeds the flow-matching noise of each prediction. */
  seed?: number;
}

/** The env's cameras for a runner: only the ones the policy looks at, at the source size. */
export function runnerCameras(policy: CheckpointPolicy, options: RunnerOptions = {}) {
  const { width, height } = options.source ?? DISPLAY_RESOLUTION;
  const all = makeCameras(width, height);
  const wanted = policyCameras(policy);
  const missing = wanted.filter((name) => !all.some((c) => c.name === name));
  if (missing.length > 0) throw new Error(`the environment has no camera ${missing.map((n) => `"${n}"`).join(', ')} (it has ${all.map((c) => c.name).join(', ')})`);
  return all.filter((c) => wanted.includes(c.name));
}

/** The cameras whose frames a checkpoint policy takes, primary first. */
export const policyCameras = (policy: CheckpointPolicy): string[] => policy.cameras ?? [policy.camera];

/**
 * The checkpoint as a sim Policy for runSuite or a hand-written loop: one model call per step for the
 * episodes whose queued actions ran out, batched, its tensors freed before it returns.
 */
export function createCheckpointPolicy(policy: CheckpointPolicy, options: RunnerOptions = {}): SimPolicy & { predictChunks(obs: SimObservation[]): Action[][] } {
  const execute = options.execute ?? policy.chunk;
  if (!Number.isInteger(execute) || execute < 1 || execute > policy.chunk) throw new Error(`execute must be an integer from 1 to ${policy.chunk}, got ${execute}`);
  const { imageSize: S, tokenizer, statistics } = policy;
  const L = tokenizer.spec.maxLength;
  const dims = policy.model.config.expert.actionDim;
  if (dims !== ACTION_NAMES.length) throw new Error(`the environment's action has ${ACTION_NAMES.length} dims (${ACTION_NAMES.join(', ')}); this checkpoint predicts ${dims}`);
  const { width, height } = options.source ?? DISPLAY_RESOLUTION;
  const cameras = policyCameras(policy);
  let queues = new Map<number, Action[]>();
  let calls = 0;
  const act: SimPolicy = (observations, ctx) => {
    const next = new Map<number, Action[]>();
    const slots = ctx.slots.slice(0, observations.length);
    slots.forEach((slot) => next.set(slot.episodeId, slot.step === 0 ? [] : (queues.get(slot.episodeId) ?? [])));
    queues = next;
    const empty = slots.map((slot, i) => ({ slot, i })).filter(({ slot }) => next.get(slot.episodeId)!.length === 0);
    if (empty.length > 0) {
      const chunks = predict(empty.map(({ i }) => observations[i]!));
      empty.forEach(({ slot }, b) => next.set(slot.episodeId, chunks[b]!.slice(0, execute)));
    }
    return slots.map((slot) => next.get(slot.episodeId)!.shift()!);
  };
  // Whole chunks for the recording evaluation (record.ts), which schedules them itself.
  return Object.assign(act, { predictChunks: predict });

  function predict(obs: SimObservation[]): Action[][] {
    const n = obs.length;
    const images = stackViews(obs, cameras, { width, height }, S);
    const tokens = new Int32Array(n * L);
    const stateDim = policy.model.config.stateDim;
    const states = new Float32Array(n * stateDim);
    obs.forEach((o, b) => {
      if (stateDim > 0) states.set(normalizeAction(statistics.state!, o.state), b * stateDim);
      tokens.set(tokenizer.encode(spatialPrompt(policy.promptTemplate, o.instruction)).ids, b * L);
    });
    const seed = (options.seed ?? 0) * 1_000_003 + calls++;
    const out = tf.tidy(() => {
      const imageTensor = tf.tensor5d(images, [n, cameras.length, S, S, 3]);
      const text = tf.tensor2d(tokens, [n, L], 'int32');
      const state = stateDim > 0 ? { state: tf.tensor2d(states, [n, stateDim]) } : {};
      return policy.model.predictActions({ images: imageTensor, text, ...state }, { seed });
    });
    const values = out.dataSync();
    out.dispose();
    const chunk = policy.chunk;
    return Array.from({ length: n }, (_, b) =>
      Array.from({ length: chunk }, (_, t) => {
        const at = (b * chunk + t) * dims;
        const row = denormalizeAction(statistics, values.subarray(at, at + dims));
        return clampAction(Array.from(row) as Action);
      }),
    );
  }
}
