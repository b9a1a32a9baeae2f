import type { ConvMlpConfig } from '../model/conv-mlp';
import type { Batch } from './step';

/** A reproducible batch of random images and actions (a small LCG: no tensors, no backend needed). */
export function randomBatch(config: ConvMlpConfig, n: number, seed = 1): Batch {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const x = new Float32Array(n * config.height * config.width * config.channels).map(next);
  const y = new Float32Array(n * config.outputs).map(() => next() * 2 - 1);
  return { x, y, n };
}

/** The largest difference between a and b, relative to b's largest magnitude. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}
