/**
 * A trained checkpoint acting in the built-in tabletop environment: the frame of the camera the run
 * trained on, squashed to the run's image size as the training frames were; the instruction in the
 * checkpoint's prompt template, tokenised with its tokenizer; an action chunk predicted, mapped back
 * to the dataset's units with its statistics, and its first k actions executed before predicting again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeCameras, DISPLAY_RESOLUTION } from '../../sim/camera';
import type { Observation as SimObservation, Policy as SimPolicy } from '../../sim/contracts';
import { clampAction } from '../../sim/physics';
import { ACTION_NAMES, type Action } from '../../sim/types';
import { MANIFEST_FILE } from '../../shared/training/dataset';
import { denormalizeAction, normalizeAction, statisticsFromJson, type ActionStatistics } from '../../shared/training/normalize';
import { createTokenizer, type Tokenizer, type TokenizerSpec } from '../../shared/training/tokenizer';
import { tf } from '../backend/tf';
import { loadCheckpoint } from '../model/checkpoint';
import { spatialPrompt } from '../model/config';
import type { Policy as Model } from '../model/policy';
import { areaResizeSquare } from './resize';

export interface CheckpointPolicy {
  model: Model;
  tokenizer: Tokenizer;
  statistics: ActionStatistics;
  promptTemplate: string;
  /** The camera whose frames the run trained on. */
  camera: string;
  imageSize: number;
  chunk: number;
  info: Record<string, unknown>;
  dispose(): void;
}

/**
 * The run's camera from its manifest (the checkpoint is <run>/checkpoints/step-N), unless given.
 * A checkpoint without action statistics (stage 1's) cannot act: that is an error naming the folder.
 */
export async function loadCheckpointPolicy(dir: string, options: { camera?: string } = {}): Promise<CheckpointPolicy> {
  const loaded = await loadCheckpoint(dir);
  try {
    if (!loaded.statistics) throw new Error(`checkpoint ${dir} has no action statistics: only a stage-2 (action) checkpoint can act`);
    if (!loaded.tokenizer) throw new Error(`checkpoint ${dir} has no tokenizer`);
    const config = loaded.policy.config;
    if (config.cameras !== 1) throw new Error(`checkpoint ${dir} takes ${config.cameras} cameras; the runner feeds one`);
    const camera = options.camera ?? runCamera(dir);
    if (!camera) throw new Error(`checkpoint ${dir}: no run manifest beside it names the camera; pass the camera`);
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
      camera,
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

function runCamera(checkpointDir: string): string | undefined {
  const manifest = join(dirname(dirname(checkpointDir)), MANIFEST_FILE);
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { config?: { camera?: string } }).config?.camera;
}

export interface RunnerOptions {
  /** Actions of each predicted chunk executed before the next prediction (1..chunk; default the whole chunk). */
  execute?: number;
  /** Size the env renders at before the squash to the run's image size: the dataset's video size (default the sample's 320x240). */
  source?: { width: number; height: number };
  /** Seeds the flow-matching noise of each prediction. */
  seed?: number;
}

/** The env's cameras for a runner: only the one the policy looks at, at the source size. */
export function runnerCameras(policy: CheckpointPolicy, options: RunnerOptions = {}) {
  const { width, height } = options.source ?? DISPLAY_RESOLUTION;
  const cameras = makeCameras(width, height).filter((c) => c.name === policy.camera);
  if (cameras.length === 0) throw new Error(`the environment has no camera "${policy.camera}" (it has front, side)`);
  return cameras;
}

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
    const images = new Float32Array(n * S * S * 3);
    const tokens = new Int32Array(n * L);
    const stateDim = policy.model.config.stateDim;
    const states = new Float32Array(n * stateDim);
    obs.forEach((o, b) => {
      if (stateDim > 0) states.set(normalizeAction(statistics.state!, o.state), b * stateDim);
      const frame = o.images[policy.camera];
      if (!frame) throw new Error(`the observation has no image of camera "${policy.camera}"`);
      if (frame.length !== width * height * 3) throw new Error(`a ${policy.camera} frame has ${frame.length} bytes, expected ${width}x${height} RGB; pass the env's size as source`);
      const square = areaResizeSquare(frame, width, height, S);
      for (let i = 0; i < square.length; i++) images[b * S * S * 3 + i] = square[i]! / 255;
      tokens.set(tokenizer.encode(spatialPrompt(policy.promptTemplate, o.instruction)).ids, b * L);
    });
    const seed = (options.seed ?? 0) * 1_000_003 + calls++;
    const out = tf.tidy(() => {
      const imageTensor = tf.tensor5d(images, [n, 1, S, S, 3]);
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
