import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { adamUpdate, DEFAULT_ADAM } from './adamShard';

describe('Adam on shards of flat arrays', () => {
  beforeAll(async () => {
    await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
  });

  it('matches tf.train.adam over several steps, shard by shard, from gradients in parts', () => {
    const n = 257;
    const start = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const settings = { ...DEFAULT_ADAM, learningRate: 0.05 };
    const variable = tf.variable(tf.tensor1d(start));
    const optimizer = tf.train.adam(settings.learningRate, settings.beta1, settings.beta2, settings.epsilon);
    const shard = { params: start.slice(), m: new Float32Array(n), v: new Float32Array(n), grads: [new Float32Array(n), new Float32Array(n)] };
    for (let t = 1; t <= 5; t++) {
      const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i * t) * (i % 7) - 0.3 * shard.params[i]!);
      // Two threads' shares of the gradient, and three uneven shards of the update.
      g.forEach((x, i) => ((shard.grads[0]![i] = 0.25 * x), (shard.grads[1]![i] = 0.75 * x)));
      for (const [a, b] of [[0, 100], [100, 101], [101, n]] as const) adamUpdate(shard, settings, t, a, b);
      optimizer.applyGradients([{ name: variable.name, tensor: tf.tensor1d(g) }]);
    }
    const expected = variable.dataSync();
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(shard.params[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-5);
    // Moved well beyond that tolerance, so the comparison means something.
    expect(Math.max(...shard.params.map((p, i) => Math.abs(p - start[i]!)))).toBeGreaterThan(0.1);
    optimizer.dispose();
    variable.dispose();
  });
});
