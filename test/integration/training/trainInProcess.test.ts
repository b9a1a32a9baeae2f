/**
 * The worker's train function in this process, without the IPC around it: it leaves no tensor behind
 * (a leak would grow with every step of a long run) and reports what the host relays, in order.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../../../src/core/training/data/prepare';
import { sampleProject, tempDir } from '../../../src/core/training/data/testing';
import { tf } from '../../../src/worker/backend/tf';
import { trainThreadCount } from '../../../src/worker/train/policyThreads';
import { trainPolicy } from '../../../src/worker/train/run';

describe('trainPolicy in process', () => {
  it('frees every tensor it made and checkpoints on its cadence and at the end', async () => {
    const { project, datasetId } = await sampleProject();
    const runDir = join(tempDir(), 'run');
    await prepareTrainingData(project, { stage: 'action', datasetIds: [datasetId], camera: 'front', size: 64, groundTruth: true, seed: 2, horizon: 8 }, runDir);
    const config = {
      recipe: 'vanilla-cotrain', preset: 'quick', backend: 'wasm', data: { camera: 'front', groundTruth: true },
      hyperparameters: { steps: 7, batchSize: 4, learningRate: 1e-3, warmupSteps: 2, seed: 2, checkpointEvery: 3, evalEvery: 3 },
    };
    const seen: string[] = [];
    const checkpoints: number[] = [];
    const checkpointMetrics: Record<number, Record<string, number>> = {};
    const callbacks = {
      backend: (name: string) => seen.push(`backend ${name}`),
      progress: () => undefined,
      metrics: (step: number, values: Record<string, number>) => seen.push(`${Object.keys(values).some((k) => k.startsWith('val/')) ? 'val' : 'metrics'} ${step}`),
      checkpoint: (step: number, _path: string, metrics: Record<string, number> = {}) => {
        checkpoints.push(step);
        checkpointMetrics[step] = metrics;
      },
      log: () => undefined,
    };
    // The first run selects the backend and registers kernels; the second one is measured.
    await trainPolicy({ runId: 1, config, runDir, signal: new AbortController().signal }, callbacks);
    const before = tf.memory().numTensors;
    // The policy threads are stopped when the run ends (Linux counts a process's threads in /proc).
    const osThreads = () => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0);
    const threadsBefore = osThreads();
    seen.length = 0;
    checkpoints.length = 0;
    const { step } = await trainPolicy({ runId: 1, config, runDir, signal: new AbortController().signal }, callbacks);
    expect(step).toBe(7);
    expect(tf.memory().numTensors).toBe(before);
    expect(osThreads()).toBe(threadsBefore);
    // Validation (the sample's held-out episode) every evalEvery steps and at the last, after that step's losses.
    const val = (n: number) => (n % 3 === 0 || n === 7 ? [`val ${n}`] : []);
    // On wasm the step runs on every core (ST4VLA_TRAIN_THREADS overrides), and the backend says how many.
    const threads = trainThreadCount('wasm', 4);
    expect(seen[0]).toBe(threads > 1 ? `backend tfjs-backend-wasm, ${threads} threads` : 'backend tfjs-backend-wasm');
    expect(seen.slice(1)).toEqual([...Array.from({ length: 7 }, (_, i) => [`metrics ${i + 1}`, ...val(i + 1)]).flat()]);
    expect(checkpoints).toEqual([3, 6, 7]);
    expect(Object.keys(checkpointMetrics[7]!).sort()).toEqual(['loss', 'val/action_l1', 'val/box_acc50', 'val/box_iou', 'val/point_acc', 'val/traj_ade', 'val/traj_fde']);
  }, 120_000);

  it('reports no validation metrics without a validation split, and says why in the log', async () => {
    const { project, datasetId } = await sampleProject();
    const runDir = join(tempDir(), 'run');
    await prepareTrainingData(project, { stage: 'grounding', datasetIds: [datasetId], camera: 'front', size: 64, groundTruth: true, seed: 2, valFraction: 0 }, runDir);
    const names = new Set<string>();
    const logs: string[] = [];
    const config = { recipe: 'vanilla', preset: 'quick', backend: 'wasm', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 2, batchSize: 4, seed: 2 } };
    await trainPolicy({ runId: 1, config, runDir, signal: new AbortController().signal }, {
      backend: () => undefined,
      progress: () => undefined,
      metrics: (_step: number, values: Record<string, number>) => Object.keys(values).forEach((n) => names.add(n)),
      checkpoint: () => undefined,
      log: (_level: string, text: string) => logs.push(text),
    });
    expect([...names].filter((n) => n.startsWith('val/'))).toEqual([]);
    expect(names.has('loss')).toBe(true);
    expect(logs).toContain('no validation split (valFraction 0 or too few episodes): no validation metrics');
  }, 120_000);
});
