/**
 * Tiny policies and reproducible random batches for the model's tests and benchmarks (a small LCG:
 * the same numbers on every backend).
 */
import { tf } from '../backend/tf';
import { GROUNDING_COORDS, policyConfig, type GroundingKind, type PolicyConfig } from './config';
import type { ActionBatch, GroundingBatch } from './policy';

/** 16 px images in 4 px patches, width 32: every module present, a step in milliseconds. */
export const TINY = policyConfig({
  imageSize: 16,
  patch: 4,
  vocabSize: 32,
  maxTextTokens: 8,
  width: 32,
  heads: 2,
  coreLayers: 1,
  mlpRatio: 2,
  grounding: { head: 'bins', bins: 16 },
  querying: { queries: 4, layers: 1 },
  expert: { width: 32, heads: 2, layers: 1, chunk: 8, actionDim: 7, sampleSteps: 5 },
});

export function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Text of 3 to L tokens (ids ≥ 1), then padding. */
function randomText(c: PolicyConfig, n: number, next: () => number): tf.Tensor2D {
  const ids = new Int32Array(n * c.maxTextTokens);
  for (let i = 0; i < n; i++) {
    const length = 3 + Math.floor(next() * (c.maxTextTokens - 2));
    for (let j = 0; j < length && j < c.maxTextTokens; j++) ids[i * c.maxTextTokens + j] = 1 + Math.floor(next() * (c.vocabSize - 1));
  }
  return tf.tensor2d(ids, [n, c.maxTextTokens], 'int32');
}

function randomImages(c: PolicyConfig, n: number, next: () => number): tf.Tensor5D {
  const pixels = new Float32Array(n * c.cameras * c.imageSize * c.imageSize * c.channels).map(next);
  return tf.tensor5d(pixels, [n, c.cameras, c.imageSize, c.imageSize, c.channels]);
}

export function randomActionBatch(c: PolicyConfig, n: number, seed: number): ActionBatch {
  const next = lcg(seed);
  const images = randomImages(c, n, next);
  const text = randomText(c, n, next);
  // Smooth chunks, as a robot's are: per sample and dimension a start and a drift over the chunk, in [-1, 1].
  const { chunk, actionDim } = c.expert;
  const actions = new Float32Array(n * chunk * actionDim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < actionDim; d++) {
      const start = next() * 1.4 - 0.7;
      const drift = next() * 0.6 - 0.3;
      for (let k = 0; k < chunk; k++) actions[(i * chunk + k) * actionDim + d] = start + drift * (chunk > 1 ? k / (chunk - 1) : 0);
    }
  }
  return { images, text, actions: tf.tensor3d(actions, [n, chunk, actionDim]) };
}

export function randomGroundingBatch(c: PolicyConfig, n: number, kind: GroundingKind, seed: number): GroundingBatch {
  const next = lcg(seed);
  const images = randomImages(c, n, next);
  const text = randomText(c, n, next);
  const coords = GROUNDING_COORDS[kind];
  const target = new Float32Array(n * coords).map(next);
  if (kind === 'box') {
    // Sorted corners: x1 < x2, y1 < y2.
    for (let i = 0; i < n; i++) {
      const b = target.subarray(i * 4, i * 4 + 4);
      [b[0], b[2]] = [Math.min(b[0]!, b[2]!), Math.max(b[0]!, b[2]!)];
      [b[1], b[3]] = [Math.min(b[1]!, b[3]!), Math.max(b[1]!, b[3]!)];
    }
  }
  return { images, text, kind, target: tf.tensor2d(target, [n, coords]) };
}

export function disposeBatch(batch: { images: tf.Tensor; text: tf.Tensor; actions?: tf.Tensor; target?: tf.Tensor }): void {
  tf.dispose([batch.images, batch.text, batch.actions ?? [], batch.target ?? []].flat());
}
