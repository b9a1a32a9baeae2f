import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, type BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import { ConvMlp, paramCount, SMALL_CONV_MLP } from '../model/conv-mlp';
import { randomBatch, relativeError } from './fixtures';
import { DataParallelTrainer } from './parallel';
import { sliceGradients, trainStep } from './step';

const NATIVE: BackendPackage[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
const config = SMALL_CONV_MLP;

describe('data-parallel training on worker threads', () => {
  let trainer: DataParallelTrainer;
  let single: ConvMlp;

  beforeAll(async () => {
    expect((await selectBackend({ exclude: NATIVE })).name).toBe('wasm');
    single = new ConvMlp(config, 7);
    // Three threads on an odd batch: the slices are unequal, so the weighting by share is exercised.
    trainer = await DataParallelTrainer.start(new ConvMlp(config, 7), { maxBatch: 16, threads: 3, exclude: NATIVE });
  });
  afterAll(async () => {
    await trainer?.close();
    single?.dispose();
    trainer?.model.dispose();
  });

  it('runs each thread on the wasm backend', () => {
    expect(trainer.threadCount).toBe(3);
    expect(trainer.device).toMatch(/^3 × WebAssembly .*\(wasm\)$/);
  });

  it('averages to the gradient one thread computes for the whole batch', async () => {
    const batch = randomBatch(config, 11, 3);
    const expected = new Float32Array(paramCount(config));
    const loss = sliceGradients(single, batch, 0, batch.n, 1, expected);
    const got = await trainer.gradients(batch);
    expect(got.loss).toBeCloseTo(loss, 5);
    expect(relativeError(got.grads, expected)).toBeLessThan(1e-5);
    // Not trivially equal: a different batch gives a different gradient.
    const other = await trainer.gradients(randomBatch(config, 11, 4));
    expect(relativeError(other.grads, expected)).toBeGreaterThan(1e-2);
  });

  it('trains to the same parameters as one thread, each thread updating its shard', async () => {
    const a = tf.train.adam(1e-3);
    const scratch = new Float32Array(paramCount(config));
    const losses: number[] = [];
    for (let step = 0; step < 4; step++) {
      const batch = randomBatch(config, 12, 10 + step);
      losses.push(trainStep(single, a, batch, scratch));
      const parallelLoss = await trainer.step(batch);
      expect(parallelLoss).toBeCloseTo(losses[step]!, 4);
    }
    const p1 = new Float32Array(paramCount(config));
    const p2 = new Float32Array(paramCount(config));
    single.readParams(p1);
    trainer.model.readParams(p2);
    // The parameters live in shared memory; the caller's model has them only once synced.
    const before = new Float32Array(paramCount(config));
    const fresh = new ConvMlp(config, 7);
    fresh.readParams(before);
    fresh.dispose();
    expect(relativeError(p2, before)).toBe(0);
    trainer.syncModel();
    trainer.model.readParams(p2);
    expect(relativeError(p2, p1)).toBeLessThan(1e-4);
    expect(relativeError(p2, before)).toBeGreaterThan(1e-4);
    a.dispose();
  });

  it('refuses a batch larger than its shared buffers', async () => {
    await expect(trainer.gradients(randomBatch(config, 17))).rejects.toThrow(/batch of 17 is larger than maxBatch 16/);
  });
});
