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
