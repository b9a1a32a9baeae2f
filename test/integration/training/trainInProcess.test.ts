/**
 * The worker's train function in this process, without the IPC around it: it leaves no tensor behind
 * (a leak would grow with every step of a long run) and reports what the host relays, in order.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../../../src/core/training/data/prepare';
import { sampleProject, tempDir } from '../../../src/core/training/data/testing';
import { tf } from '../../../src/worker/backend/tf';
import { trainPolicy } from '../../../src/worker/train/run';

describe('trainPolicy in process', () => {
  it('frees every tensor it made and checkpoints on its cadence and at the end', async () => {
    const { project, datasetId } = await sampleProject();
    const runDir = join(tempDir(), 'run');
    await prepareTrainingData(project, { stage: 'action', datasetIds: [datasetId], camera: 'front', size: 64, groundTruth: true, seed: 2, horizon: 8 }, runDir);
    const config = {
      recipe: 'vanilla-cotrain', preset: 'quick', backend: 'wasm', data: { camera: 'front', groundTruth: true },
      hyperparameters: { steps: 7, batchSize: 4, learningRate: 1e-3, warmupSteps: 2, seed: 2, checkpointEvery: 3 },
    };
    const seen: string[] = [];
    const checkpoints: number[] = [];
    const callbacks = {
      backend: (name: string) => seen.push(`backend ${name}`),
      progress: () => undefined,
      metrics: (step: number) => seen.push(`metrics ${step}`),
      checkpoint: (step: number) => checkpoints.push(step),
      log: () => undefined,
    };
    // The first run selects the backend and registers kernels; the second one is measured.
    await trainPolicy({ runId: 1, config, runDir, signal: new AbortController().signal }, callbacks);
    const before = tf.memory().numTensors;
    seen.length = 0;
    checkpoints.length = 0;
    const { step } = await trainPolicy({ runId: 1, config, runDir, signal: new AbortController().signal }, callbacks);
    expect(step).toBe(7);
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual(['backend tfjs-backend-wasm', ...Array.from({ length: 7 }, (_, i) => `metrics ${i + 1}`)]);
    expect(checkpoints).toEqual([3, 6, 7]);
  }, 120_000);
});
