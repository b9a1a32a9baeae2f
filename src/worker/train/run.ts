/**
 * The worker's training run: backend, the prepared run folder, the policy built from the run's recipe
 * and preset, then stage 1 (grounding batches only) or stage 2 (action + weight × grounding) step by
 * step, with metrics every step and checkpoints every N steps, at the end and on cancel. A step's data,
 * augmentation and flow-matching draw depend only on (seed, step), and a checkpoint holds the optimiser's
 * moments and step, so a resumed run continues exactly where it stopped.
 */
import { join } from 'node:path';
import { TrainingConfig, type TRAINING_BACKENDS } from '../../shared/contract/training';
import { effectiveRecipe, POLICY_PRESETS, POLICY_RECIPES, type PolicyRecipe } from '../../shared/training/recipes';
import { mixSeed } from '../../shared/training/rng';
import { GROUNDING_KINDS, TARGET_SIZE, type ActionSample } from '../../shared/training/samples';
import { createTokenizer, PAD_ID, type TokenizerSpec } from '../../shared/training/tokenizer';
import { BACKEND_PACKAGES, selectBackend, type BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import { ACTION_AUGMENT, DEFAULT_AUGMENT } from '../data/augment';
import { actionBatch, groundingBatch, MAX_TARGET, type ActionBatch as DataActionBatch, type GroundingBatch as DataGroundingBatch } from '../data/batches';
import { loadTrainingSet, type TrainingSet } from '../data/load';
import { runBatchStream } from '../data/order';
import { WorkerError, type TrainCallbacks, type TrainFn, type TrainOptions } from '../host';
import { loadCheckpoint, saveCheckpoint, shapeDifferences, type LoadedCheckpoint } from '../model/checkpoint';
import { policyConfig, SPATIAL_PROMPT, spatialPrompt, type GroundingKind, type PolicyConfig } from '../model/config';
import { createPolicy, type ActionBatch, type GroundingBatch, type Policy } from '../model/policy';
import { AdamW, DEFAULT_ADAMW, type AdamWConfig } from './optim';
import { deviceWithThreads, PolicyThreads, trainThreadCount } from './policyThreads';
import { evalInterval, isEvalStep, validate, type ValidationData } from './validate';

const PACKAGE_OF: Record<Exclude<(typeof TRAINING_BACKENDS)[number], 'auto'>, BackendPackage> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

function parseConfig(input: unknown): { config: TrainingConfig; recipe: PolicyRecipe } {
  const parsed = TrainingConfig.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WorkerError('config', `config.${issue.path.join('.')}: ${issue.message}`);
  }
  const config = parsed.data;
  // The run's own grounding weight, when it gives one, replaces the recipe's.
  const recipe = effectiveRecipe(config.recipe, config.hyperparameters);
  if (!recipe) throw new WorkerError('config', `config.recipe: this worker trains ${Object.keys(POLICY_RECIPES).join(', ')}, not "${config.recipe}"`);
  if (!POLICY_PRESETS[config.preset]) throw new WorkerError('config', `config.preset: there is no preset "${config.preset}"`);
  return { config, recipe };
}

async function useBackend(requested: TrainingConfig['backend'], callbacks: TrainCallbacks, batchSize: number): Promise<Parallel> {
  const only = requested === 'auto' ? null : PACKAGE_OF[requested];
  const exclude = only ? BACKEND_PACKAGES.filter((p) => p !== only) : [];
  let chosen;
  try {
    chosen = await selectBackend({ exclude });
  } catch (error) {
    const reason = only ? /  \S+: (.*)$/m.exec(String((error as Error).message).split('\n').find((l) => l.includes(only)) ?? '')?.[1] : null;
    throw new WorkerError('backend', only ? `backend "${requested}" (${only}) is not available: ${reason ?? (error as Error).message}` : (error as Error).message);
  }
  // Data-parallel threads (policyThreads.ts) on wasm, which computes on one thread per process.
  let threads: number;
  try {
    threads = trainThreadCount(chosen.name, batchSize);
  } catch (error) {
    throw new WorkerError('config', (error as Error).message);
  }
  callbacks.backend(chosen.package.replace('@tensorflow/', '') + (threads > 1 ? `, ${threads} threads` : ''));
  callbacks.log('info', `backend ${chosen.name}: ${threads > 1 ? deviceWithThreads(chosen.device, threads) : chosen.device}${chosen.skipped.length ? `; skipped ${chosen.skipped.map((s) => `${s.package} (${s.reason})`).join(', ')}` : ''}`);
  return { package: chosen.package, threads };
}
/** The backend package trained on, and how many threads compute each step's gradient. */
interface Parallel {
  package: BackendPackage;
  threads: number;
}

/** The policy of this run: preset sizes, the run's vocabulary and action width, the recipe's prompt. */
export function runPolicyConfig(config: TrainingConfig, recipe: PolicyRecipe, set: TrainingSet, tokenizer: TokenizerSpec): PolicyConfig {
  const preset = POLICY_PRESETS[config.preset]!;
  const { data } = set;
  if (data.size !== preset.imageSize) throw new WorkerError('data', `the run folder holds ${data.size} px frames, preset "${config.preset}" takes ${preset.imageSize} px`);
  if (data.horizon !== preset.expert.chunk) throw new WorkerError('data', `the run folder's action horizon is ${data.horizon}, preset "${config.preset}" predicts ${preset.expert.chunk}`);
  try {
    return policyConfig({
      ...preset,
      // The primary camera and, when the run has one, the second: one view of the run folder each.
      cameras: data.views.length as PolicyConfig['cameras'],
      vocabSize: createTokenizer(tokenizer).vocabSize,
      maxTextTokens: tokenizer.maxLength,
      padId: PAD_ID,
      expert: { ...preset.expert, actionDim: data.actionDims || DEFAULT_ADAMW_ACTION_DIM },
      groundingWeight: recipe.groundingWeight,
      promptTemplate: recipe.spatialPrompt ? SPATIAL_PROMPT : '{instruction}',
      spatialTokens: recipe.spatialPrompt,
      stateDim: data.stateDims ?? 0,
    });
  } catch (error) {
    throw new WorkerError('config', (error as Error).message);
  }
}
/** Stage 1 trains no actions; the expert still needs a width (a stage-2 run over it brings its own data). */
const DEFAULT_ADAMW_ACTION_DIM = 7;

function optimiserConfig(config: TrainingConfig): AdamWConfig {
  const h = config.hyperparameters;
  // The reference's per-module ratios (see optim.ts): the learning rate given is the core's.
  return {
    ...DEFAULT_ADAMW,
    lr: { core: h.learningRate, querying: 2 * h.learningRate, expert: 4 * h.learningRate },
    weightDecay: h.weightDecay,
    warmupSteps: Math.min(h.warmupSteps, h.steps),
    totalSteps: h.steps,
    minLrRatio: h.lrSchedule === 'constant' ? 1 : DEFAULT_ADAMW.minLrRatio,
  };
}

/** Steps past an episode's end (mask 0) hold its last action, as LeRobot pads chunks; the loss has no mask. */
function holdLast(batch: DataActionBatch, horizon: number, dims: number): Float32Array {
  const out = batch.actions.slice();
  for (let b = 0; b < batch.size; b++) {
    for (let k = 1; k < horizon; k++) {
      if (batch.actionMask[b * horizon + k]) continue;
      const to = (b * horizon + k) * dims;
      out.copyWithin(to, to - dims, to);
    }
  }
  return out;
}

export function toActionTensors(batch: DataActionBatch, c: PolicyConfig): ActionBatch {
  const { imageSize: s, maxTextTokens: l, expert } = c;
  return {
    images: tf.tensor5d(batch.images, [batch.size, c.cameras, s, s, 3]),
    text: tf.tensor2d(batch.tokens, [batch.size, l], 'int32'),
    actions: tf.tensor3d(holdLast(batch, expert.chunk, expert.actionDim), [batch.size, expert.chunk, expert.actionDim]),
    ...(c.stateDim > 0 && batch.states && { state: tf.tensor2d(batch.states, [batch.size, c.stateDim]) }),
  };
}

/** The model takes one kind per batch: the mixed grounding batch as one batch per kind, with its share. */
export function toGroundingTensors(batch: DataGroundingBatch, c: PolicyConfig): { batch: GroundingBatch; share: number }[] {
  const { imageSize: s, maxTextTokens: l } = c;
  const pixels = c.cameras * s * s * 3;
  const parts: { batch: GroundingBatch; share: number }[] = [];
  GROUNDING_KINDS.forEach((kind, k) => {
    const rows = [...batch.kinds.keys()].filter((i) => batch.kinds[i] === k);
    if (rows.length === 0) return;
    const n = rows.length;
    const size = TARGET_SIZE[kind];
    const images = new Float32Array(n * pixels);
    const tokens = new Int32Array(n * l);
    const target = new Float32Array(n * size);
    rows.forEach((row, i) => {
      images.set(batch.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
      tokens.set(batch.tokens.subarray(row * l, (row + 1) * l), i * l);
      target.set(batch.targets.subarray(row * MAX_TARGET, row * MAX_TARGET + size), i * size);
    });
    parts.push({
      batch: { kind, images: tf.tensor5d(images, [n, c.cameras, s, s, 3]), text: tf.tensor2d(tokens, [n, l], 'int32'), target: tf.tensor2d(target, [n, size]) },
      share: n / batch.size,
    });
  });
  return parts;
}

export interface StepLosses {
  total: number;
  action: number | null;
  grounding: Partial<Record<GroundingKind, number>>;
  gradNorm: number;
}

/** One update: action loss (stage 2) + weight × the grounding batch's mean loss over its kinds. */
export function trainStep(policy: Policy, optimizer: AdamW, action: ActionBatch | null, grounding: { batch: GroundingBatch; share: number }[], weight: number, seed: number): StepLosses {
  let result: StepLosses | undefined;
  tf.tidy(() => {
    const kept: Partial<Record<'action' | GroundingKind, tf.Scalar>> = {};
    const { value, grads } = tf.variableGrads(() => {
      let total: tf.Scalar | null = null;
      if (action) total = kept.action = tf.keep(policy.actionLoss(action, { seed }));
      let mixed: tf.Scalar | null = null;
      for (const part of grounding) {
        const loss = (kept[part.batch.kind] = tf.keep(policy.groundingLoss(part.batch)));
        const share = tf.mul(loss, part.share) as tf.Scalar;
        mixed = mixed ? (tf.add(mixed, share) as tf.Scalar) : share;
      }
      if (mixed) total = total ? (tf.add(total, tf.mul(mixed, weight)) as tf.Scalar) : mixed;
      return total!;
    }, policy.params.variables);
    const { gradNorm } = optimizer.apply(grads);
    const read = (t: tf.Scalar | undefined) => (t ? t.dataSync()[0]! : null);
    const losses: StepLosses['grounding'] = {};
    for (const kind of GROUNDING_KINDS) if (kept[kind]) losses[kind] = read(kept[kind])!;
    result = { total: value.dataSync()[0]!, action: read(kept.action), grounding: losses, gradNorm };
    tf.dispose(Object.values(kept));
  });
  return result!;
}

export const checkpointDir = (step: number): string => join('checkpoints', `step-${String(step).padStart(7, '0')}`);

export const trainPolicy: TrainFn = async (options, callbacks) => {
  const { config, recipe } = parseConfig(options.config);
  const parallel = await useBackend(config.backend, callbacks, config.hyperparameters.batchSize);
  let set: TrainingSet;
  try {
    set = loadTrainingSet(options.runDir);
  } catch (error) {
    throw new WorkerError('data', `the run folder ${options.runDir} is not prepared: ${(error as Error).message}`);
  }
  const { data } = set;
  const h = config.hyperparameters;

  // A resumed run continues its own checkpoint; a new one may start from another run's (stage 2 from
  // stage 1). Either way the text is encoded with that checkpoint's tokenizer, which its weights learnt.
  const from = options.resume?.path ?? options.init;
  let loaded: LoadedCheckpoint | null = null;
  if (from) {
    try {
      loaded = await loadCheckpoint(from);
    } catch (error) {
      throw new WorkerError('checkpoint', (error as Error).message);
    }
  }
  try {
    const tokenizer = (loaded?.tokenizer as TokenizerSpec | null | undefined) ?? data.tokenizer;
    const policyConf = runPolicyConfig(config, recipe, set, tokenizer);
    if (loaded) {
      // A stage-1 checkpoint has no state input; stage 2 adds one (its weights start fresh). A resume must match whole.
      const differences = shapeDifferences(loaded.policy.config, policyConf).filter((d) => options.resume || !d.startsWith('stateDim '));
      if (differences.length > 0) throw new WorkerError('checkpoint', `checkpoint ${from} does not fit this run's model: ${differences.join(', ')} (checkpoint ≠ run)`);
    }
    return await train(options, callbacks, config, recipe, set, tokenizer, policyConf, loaded, parallel);
  } finally {
    loaded?.policy.dispose();
  }
};

async function train(
  options: TrainOptions,
  callbacks: TrainCallbacks,
  config: TrainingConfig,
  recipe: PolicyRecipe,
  set: TrainingSet,
  tokenizer: TokenizerSpec,
  policyConf: PolicyConfig,
  loaded: LoadedCheckpoint | null,
  parallel: Parallel,
): Promise<{ step: number }> {
  const { data } = set;
  const h = config.hyperparameters;
  // Stage 2 tokenises the instruction inside the recipe's prompt; stage 1 asks the grounding queries as they are.
  const actionSamples: ActionSample[] = data.actions.train.map((s) => ({ ...s, instruction: spatialPrompt(policyConf.promptTemplate, s.instruction) }));
  const groundingSamples = data.grounding.train;
  const stage2 = data.stage === 'action';
  if (stage2 && (!set.actions || actionSamples.length < h.batchSize)) {
    throw new WorkerError('data', `stage 2 needs ${h.batchSize} action samples for a batch, the run folder has ${actionSamples.length}`);
  }
  if (!stage2 && groundingSamples.length < h.batchSize) {
    throw new WorkerError('data', `stage 1 needs ${h.batchSize} grounding samples for a batch, the run folder has ${groundingSamples.length}`);
  }
  const actionStream = stage2 ? runBatchStream(actionSamples, set.datasetOf, config.datasets, h.batchSize, data.seed, 0) : null;
  const groundingSize = Math.min(h.batchSize, groundingSamples.length);
  // A stage 2 that weighs grounding 0 (vanilla VLA) draws no grounding batch: its steps cost less.
  const groundingStream = groundingSize > 0 && (!stage2 || recipe.groundingWeight > 0) ? runBatchStream(groundingSamples, set.datasetOf, config.datasets, groundingSize, data.seed, 1) : null;
  const ctx = { views: set.views, tokenizer, seed: data.seed, augment: DEFAULT_AUGMENT };

  // Built from this run's config (its prompt and loss weight are what a checkpoint records), weights
  // copied from the checkpoint it starts from.
  const policy = createPolicy(policyConf, h.seed);
  const optimizer = new AdamW(policy.params.list, optimiserConfig(config));
  let step = 0;
  if (loaded) {
    for (const p of policy.params.list) {
      const from = loaded.policy.params.get(p.name);
      if (from) p.variable.assign(from.variable);
    }
  }
  if (options.resume) {
    if (!loaded?.optimizer) throw new WorkerError('checkpoint', `checkpoint ${options.resume.path} has no optimiser state to resume with`);
    if (loaded.optimizer.step !== options.resume.step) {
      throw new WorkerError('checkpoint', `checkpoint ${options.resume.path} is of step ${loaded.optimizer.step}, the studio resumes step ${options.resume.step}`);
    }
    optimizer.setState(loaded.optimizer);
    step = loaded.optimizer.step;
    callbacks.log('info', `resumed at step ${step} from ${options.resume.path}`);
  } else if (options.init) {
    callbacks.log('info', `starting from the weights of ${options.init}`);
  }

  // Held-out episodes scored every evalEvery steps and at the last (validate.ts).
  const valData: ValidationData = { actions: data.actions.val.map((s) => ({ ...s, instruction: spatialPrompt(policyConf.promptTemplate, s.instruction) })), grounding: data.grounding.val, actionData: set.actions, views: ctx.views, tokenizer, seed: data.seed, horizon: data.horizon };
  const validates = valData.grounding.length > 0 || (stage2 && valData.actions.length > 0);
  if (!validates) callbacks.log('info', 'no validation split (valFraction 0 or too few episodes): no validation metrics');
  let lastVal: { step: number; values: Record<string, number> } | null = null;

  let lastCheckpoint = options.resume ? step : -1;
  let lastLoss: number | null = null;
  const checkpoint = async () => {
    const path = checkpointDir(step);
    await saveCheckpoint(join(options.runDir, path), policy, {
      tokenizer,
      ...(data.statistics ? { statistics: data.statistics } : {}),
      optimizer: optimizer.getState(),
      // The data position is the step: batches are drawn by (seed, step) from fixed orders.
      info: { step, stage: data.stage, recipe: config.recipe, preset: config.preset, seed: data.seed, dataStep: step, cameras: data.views.map((v) => v.camera) },
    });
    lastCheckpoint = step;
    callbacks.checkpoint(step, path, { ...(lastLoss === null ? {} : { loss: lastLoss }), ...(lastVal?.step === step ? lastVal.values : {}) });
  };

  let pool: PolicyThreads | null = null;
  try {
    if (parallel.threads > 1) {
      pool = await PolicyThreads.start(policy, { action: toActionTensors, grounding: toGroundingTensors }, { threads: parallel.threads, backend: parallel.package });
    }
    const total = h.steps;
    const started = performance.now();
    const firstStep = step;
    while (step < total && !options.signal.aborted) {
      const t0 = performance.now();
      const actionData = actionStream ? actionBatch(actionSamples, actionStream.at(step).indices, set.actions!, { ...ctx, augment: ACTION_AUGMENT }, step, data.horizon) : null;
      const groundingData = groundingStream ? groundingBatch(groundingSamples, groundingStream.at(step).indices, ctx, step) : null;
      // On threads the pool makes each slice's tensors from the arrays.
      const action = !pool && actionData ? toActionTensors(actionData, policyConf) : null;
      const grounding = !pool && groundingData ? toGroundingTensors(groundingData, policyConf) : [];
      let losses: StepLosses;
      try {
        if (pool) losses = await pool.step(optimizer, actionData, groundingData, stage2 ? recipe.groundingWeight : 1, mixSeed(data.seed, step, 0xf10));
        else losses = trainStep(policy, optimizer, action, grounding, stage2 ? recipe.groundingWeight : 1, mixSeed(data.seed, step, 0xf10));
      } finally {
        if (action) tf.dispose([action.images, action.text, action.actions, ...(action.state ? [action.state] : [])]);
        for (const { batch } of grounding) tf.dispose([batch.images, batch.text, batch.target]);
      }
      const learningRate = optimizer.learningRate('core', step);
      step += 1;
      const seconds = (performance.now() - t0) / 1000;
      const samplesPerSec = (actionData ? h.batchSize : groundingSize) / Math.max(seconds, 1e-6);
      lastLoss = losses.total;
      const values: Record<string, number> = { loss: losses.total, lr: learningRate, grad_norm: losses.gradNorm, samples_per_sec: samplesPerSec };
      if (losses.action !== null) values['loss/action'] = losses.action;
      for (const [kind, value] of Object.entries(losses.grounding)) values[`loss/${kind}`] = value;
      callbacks.metrics(step, values);
      const perStep = (performance.now() - started) / 1000 / (step - firstStep);
      callbacks.progress({ step, total, samplesPerSec, eta: perStep * (total - step) });
      if (validates && isEvalStep(step, evalInterval(h.evalEvery, total), total)) {
        lastVal = { step, values: validate(policy, valData, { action: toActionTensors, grounding: toGroundingTensors }, { batchSize: h.batchSize, seed: mixSeed(data.seed, 0x7a1) }) };
        callbacks.metrics(step, lastVal.values);
      }
      if (step % h.checkpointEvery === 0 || step === total) await checkpoint();
      // One turn of the event loop: the cancel message and the heartbeat timer run between steps.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (lastCheckpoint !== step) await checkpoint();
    return { step };
  } finally {
    await pool?.close();
    optimizer.dispose();
    policy.dispose();
  }
}
