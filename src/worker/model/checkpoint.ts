/**
 * Policy checkpoints in the spirit of TensorFlow.js's layers format: a folder with model.json
 * ({format, generatedBy, modelTopology, weightsManifest, userDefinedMetadata}) and one little-endian
 * float32 weights file listed in the manifest, plus the data pipeline's tokenizer and normalisation
 * statistics as JSON files beside it and, for an exact resume, the optimizer's moments.
 *
 * Loading checks the format, the architecture id, the config and every weight's name and shape
 * against what this code builds, and the weight file's length, before reading a single weight, so a
 * checkpoint of another model fails with a message saying what differs rather than a shape error
 * deep in a forward pass.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import type { AdamWState } from '../train/optim';
import { ARCHITECTURE_ID, validateConfig, type PolicyConfig } from './config';
import { createPolicy, type Policy } from './policy';

export const CHECKPOINT_FORMAT = 'st4vla-policy';
const WEIGHTS = 'weights.bin';
const OPTIMIZER = 'optimizer.bin';
const TOKENIZER = 'tokenizer.json';
const STATISTICS = 'statistics.json';

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface ModelJson {
  format: typeof CHECKPOINT_FORMAT;
  generatedBy: string;
  convertedBy: null;
  modelTopology: { architecture: string; config: PolicyConfig };
  weightsManifest: Array<{ paths: string[]; weights: WeightEntry[] }>;
  userDefinedMetadata: {
    promptTemplate: string;
    tokenizer: string | null;
    statistics: string | null;
    optimizer: { path: string; step: number } | null;
    /** Free-form provenance: training step, data set, time. */
    info: Record<string, unknown>;
  };
}

export interface CheckpointExtras {
  /** The data pipeline's tokenizer (vocabulary), stored as given. */
  tokenizer?: unknown;
  /** Action/state normalisation statistics, stored as given. */
  statistics?: unknown;
  optimizer?: AdamWState;
  info?: Record<string, unknown>;
}

export interface LoadedCheckpoint {
  policy: Policy;
  promptTemplate: string;
  tokenizer: unknown;
  statistics: unknown;
  optimizer: AdamWState | null;
  info: Record<string, unknown>;
}

/** Writes the checkpoint into `dir` (created if needed); model.json is written last, so a folder with one is complete. */
export async function saveCheckpoint(dir: string, policy: Policy, extras: CheckpointExtras = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries: WeightEntry[] = policy.params.list.map((p) => ({ name: p.name, shape: p.variable.shape, dtype: 'float32' }));
  const weights = new Float32Array(policy.params.size());
  let offset = 0;
  for (const p of policy.params.list) {
    weights.set(p.variable.dataSync<'float32'>(), offset);
    offset += p.variable.size;
  }
  await writeFile(join(dir, WEIGHTS), littleEndian(weights));
  if (extras.optimizer) await writeFile(join(dir, OPTIMIZER), littleEndian(flattenMoments(extras.optimizer)));
  if (extras.tokenizer !== undefined) await writeFile(join(dir, TOKENIZER), JSON.stringify(extras.tokenizer));
  if (extras.statistics !== undefined) await writeFile(join(dir, STATISTICS), JSON.stringify(extras.statistics));
  const json: ModelJson = {
    format: CHECKPOINT_FORMAT,
    generatedBy: `st4vla-studio ${policy.architecture}, TensorFlow.js ${tf.version_core}`,
    convertedBy: null,
    modelTopology: { architecture: policy.architecture, config: policy.config },
    weightsManifest: [{ paths: [WEIGHTS], weights: entries }],
    userDefinedMetadata: {
      promptTemplate: policy.config.promptTemplate,
      tokenizer: extras.tokenizer === undefined ? null : TOKENIZER,
      statistics: extras.statistics === undefined ? null : STATISTICS,
      optimizer: extras.optimizer ? { path: OPTIMIZER, step: extras.optimizer.step } : null,
      info: extras.info ?? {},
    },
  };
  const temp = join(dir, 'model.json.partial');
  await writeFile(temp, JSON.stringify(json, null, 1));
  await rename(temp, join(dir, 'model.json'));
}

export interface LoadOptions {
  /** The config this run expects; a checkpoint whose shapes differ is refused, naming the fields. */
  expect?: PolicyConfig;
}

export async function loadCheckpoint(dir: string, options: LoadOptions = {}): Promise<LoadedCheckpoint> {
  const json = await readModelJson(dir);
  const stored = json.modelTopology.config;
  // Checkpoints written before the state input and the spatial tokens had neither.
  const config: PolicyConfig = { ...stored, stateDim: stored.stateDim ?? 0, spatialTokens: stored.spatialTokens ?? false, spatialGlimpse: stored.spatialGlimpse ?? false, vision: stored.vision ?? 'patch' };
  if (options.expect) {
    const diffs = shapeDifferences(config, options.expect);
    if (diffs.length) {
      throw new Error(`Checkpoint ${dir} has a different architecture from this run's model: ${diffs.join(', ')} (checkpoint ≠ expected)`);
    }
  }
  const entries = json.weightsManifest.flatMap((g) => g.weights);
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  if (paths.length !== 1) throw new Error(`Checkpoint ${dir}: expected one weights file, the manifest lists ${paths.length}`);
  const total = entries.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  const bytes = await readFile(join(dir, paths[0]!));
  if (bytes.length !== total * 4) {
    throw new Error(`Checkpoint ${dir}: ${paths[0]} has ${bytes.length} bytes, the manifest needs ${total * 4} (truncated or from another save)`);
  }
  const policy = createPolicy(config);
  try {
    const expected = policy.params.list;
    const mismatch = entries.length !== expected.length
      ? `it has ${entries.length} weights, this code builds ${expected.length}`
      : entries
          .map((e, i) => ({ e, p: expected[i]! }))
          .filter(({ e, p }) => e.name !== p.name || e.shape.join('x') !== p.variable.shape.join('x'))
          .slice(0, 3)
          .map(({ e, p }) => `weight ${e.name} [${e.shape}] where this code has ${p.name} [${p.variable.shape}]`)
          .join('; ');
    if (mismatch) throw new Error(`Checkpoint ${dir} does not match architecture ${ARCHITECTURE_ID}: ${mismatch}`);
    const values = fromLittleEndian(bytes);
    let offset = 0;
    for (const p of expected) {
      const slice = values.slice(offset, offset + p.variable.size);
      tf.tidy(() => p.variable.assign(tf.tensor(slice, p.variable.shape)));
      offset += p.variable.size;
    }
    const meta = json.userDefinedMetadata;
    const readJson = async (file: string | null) => (file ? JSON.parse(await readFile(join(dir, file), 'utf8')) : null);
    let optimizer: AdamWState | null = null;
    if (meta.optimizer) {
      const moments = fromLittleEndian(await readFile(join(dir, meta.optimizer.path)));
      if (moments.length !== 2 * total) throw new Error(`Checkpoint ${dir}: ${meta.optimizer.path} has ${moments.length} values, expected ${2 * total}`);
      optimizer = unflattenMoments(moments, meta.optimizer.step, expected.map((p) => ({ name: p.name, size: p.variable.size })));
    }
    return {
      policy,
      promptTemplate: meta.promptTemplate,
      tokenizer: await readJson(meta.tokenizer),
      statistics: await readJson(meta.statistics),
      optimizer,
      info: meta.info ?? {},
    };
  } catch (error) {
    policy.dispose();
    throw error;
  }
}

/** model.json, checked to be this format and architecture, with a config this code can build. */
export async function readModelJson(dir: string): Promise<ModelJson> {
  let text: string;
  try {
    text = await readFile(join(dir, 'model.json'), 'utf8');
  } catch {
    throw new Error(`No checkpoint in ${dir}: model.json is missing`);
  }
  let json: Partial<ModelJson> & { format?: string; modelTopology?: { architecture?: string; config?: PolicyConfig; class_name?: string } };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Checkpoint ${dir}: model.json is not valid JSON (${(error as Error).message})`);
  }
  if (json.format !== CHECKPOINT_FORMAT) {
    const what = json.format === 'layers-model' ? 'a TensorFlow.js Keras layers model' : json.format === 'graph-model' ? 'a TensorFlow.js graph model' : `format ${JSON.stringify(json.format)}`;
    throw new Error(`Checkpoint ${dir} is ${what}, not an ${CHECKPOINT_FORMAT} checkpoint`);
  }
  const architecture = json.modelTopology?.architecture;
  if (architecture !== ARCHITECTURE_ID) {
    throw new Error(`Checkpoint ${dir} is architecture ${JSON.stringify(architecture)}; this code builds ${ARCHITECTURE_ID} and cannot load it`);
  }
  if (!json.modelTopology?.config || !Array.isArray(json.weightsManifest)) throw new Error(`Checkpoint ${dir}: model.json lacks its config or weights manifest`);
  try {
    validateConfig(json.modelTopology.config);
  } catch (error) {
    throw new Error(`Checkpoint ${dir}: ${(error as Error).message}`);
  }
  return json as ModelJson;
}

/** Config fields that change a weight's shape or the forward maths, with both values, as "width 64 ≠ 128". */
export function shapeDifferences(stored: PolicyConfig, expected: PolicyConfig): string[] {
  // Sampling steps, loss weights, gradient scale and the prompt change no weight: a run may alter them.
  const free = new Set(['expert.sampleSteps', 'groundingWeight', 'promptTemplate', 'querying.gradScale', 'grounding.giouWeight', 'spatialTokens']);
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (free.has(path)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
    } else if (a !== b) {
      out.push(`${path} ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    }
  };
  walk(stored, expected, '');
  return out;
}

function littleEndian(values: Float32Array): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buffer.writeFloatLE(values[i]!, i * 4);
  return buffer;
}

function fromLittleEndian(bytes: Buffer): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Every slot's m, then every slot's v, in parameter order. */
function flattenMoments(state: AdamWState): Float32Array {
  const size = state.slots.reduce((n, s) => n + s.m.length, 0);
  const out = new Float32Array(2 * size);
  let offset = 0;
  for (const s of state.slots) (out.set(s.m, offset), (offset += s.m.length));
  for (const s of state.slots) (out.set(s.v, offset), (offset += s.v.length));
  return out;
}

function unflattenMoments(values: Float32Array, step: number, params: Array<{ name: string; size: number }>): AdamWState {
  const half = values.length / 2;
  let offset = 0;
  const slots = params.map((p) => {
    const slot = { name: p.name, m: values.slice(offset, offset + p.size), v: values.slice(half + offset, half + offset + p.size) };
    offset += p.size;
    return slot;
  });
  return { step, slots };
}
