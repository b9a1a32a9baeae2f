import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, type BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import { ConvMlp, paramCount, paramSpecs, SMALL_CONV_MLP } from '../model/conv-mlp';
import { randomBatch } from './fixtures';
import { DataParallelTrainer } from './parallel';
import { trainStep } from './step';

const NATIVE: BackendPackage[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
const config = SMALL_CONV_MLP;
const WARM_UP = 5;
const STEPS = 50;

// A real collection before each heap reading, so that garbage does not pass for a leak (or hide one).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Reading {
  tensors: number;
  bytes: number;
  buffers: number;
  heap: number;
}

function reading(): Reading {
  gc();
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes, buffers: tf.engine().backend.numDataIds(), heap: process.memoryUsage().heapUsed };
}

/** The losses go down (it trains) while tensors, wasm buffers and the JS heap stay flat. */
function expectFlat(readings: Reading[], losses: number[]): void {
  const first = readings[0]!;
  for (const r of readings) {
    expect({ tensors: r.tensors, bytes: r.bytes, buffers: r.buffers }).toEqual({ tensors: first.tensors, bytes: first.bytes, buffers: first.buffers });
  }
  // One leaked copy of the dense kernel per step would be 2 MB a step; allow noise well under that.
  expect(readings.at(-1)!.heap - first.heap).toBeLessThan(4 * 1024 * 1024);
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
}

describe(`memory over ${STEPS} training steps`, () => {
  beforeAll(async () => {
    expect((await selectBackend({ exclude: NATIVE })).name).toBe('wasm');
  });

  it('stays flat on the wasm backend', () => {
    const model = new ConvMlp(config, 3);
    const optimizer = tf.train.adam(3e-3);
    const batch = randomBatch(config, 4, 5);
    const scratch = new Float32Array(paramCount(config));
    const losses: number[] = [];
    const readings: Reading[] = [];
    for (let step = 0; step < WARM_UP + STEPS; step++) {
      losses.push(trainStep(model, optimizer, batch, scratch));
      if (step >= WARM_UP && step % 5 === 0) readings.push(reading());
    }
    expectFlat(readings, losses);
    optimizer.dispose();
    model.dispose();
  });

  describe('with data-parallel threads', () => {
    let trainer: DataParallelTrainer;
    beforeAll(async () => {
      trainer = await DataParallelTrainer.start(new ConvMlp(config, 3), { maxBatch: 4, threads: 2, exclude: NATIVE, adam: { learningRate: 3e-3 } });
    });
    afterAll(async () => {
      await trainer?.close();
      trainer?.model.dispose();
    });

    it('stays flat in this thread and in every gradient thread', async () => {
      const batch = randomBatch(config, 4, 5);
      const losses: number[] = [];
      const readings: Reading[] = [];
      const threads: Array<Array<{ numTensors: number; numBytes: number }>> = [];
      for (let step = 0; step < WARM_UP + STEPS; step++) {
        losses.push(await trainer.step(batch));
        if (step >= WARM_UP && step % 5 === 0) {
          readings.push(reading());
          threads.push(await trainer.threadMemory());
        }
      }
      expectFlat(readings, losses);
      for (const t of threads) expect(t).toEqual(threads[0]);
      // Between steps a thread holds its model's variables and nothing else.
      expect(threads[0]![0]!.numTensors).toBe(paramSpecs(config).length);
    });
  });
});
