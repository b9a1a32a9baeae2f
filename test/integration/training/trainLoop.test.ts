/**
 * The whole training loop through the contract, with the real worker process (src/worker/main.ts) on
 * the tiny sample: training.start prepares the run folder and forks the worker, which trains the
 * "quick" policy; cancel, resume and a refused backend end as a user relies on.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract/api';
import { closeProject, createProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { gr1Project, setParquetListValue, TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { studioCalls } from './studioCalls';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const temp = mkdtempSync(join(tmpdir(), 'st4vla-train-loop-'));
let studio: Studio;
let datasetId: number;
const progress: EventPayload<'job.progress'>[] = [];
const steps: EventPayload<'training.progress'>[] = [];

beforeAll(async () => {
  const dir = join(temp, 'project');
  const project = createProject(dir, { name: 'train loop' });
  datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: dir, training: { heartbeatMs: 200 } });
  studio.subscribe((event, payload) => {
    if (event === 'job.progress') progress.push(payload as never);
    if (event === 'training.progress') steps.push(payload as never);
  });
}, 120_000);

afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

const { call, until, ended } = studioCalls(() => studio as never, 120_000);

const config = (over: Record<string, unknown> = {}) => ({
  recipe: 'spatially-guided',
  preset: 'quick',
  data: { camera: 'front', groundTruth: true, valFraction: 0.25 },
  hyperparameters: { steps: 30, batchSize: 4, learningRate: 1e-3, warmupSteps: 3, seed: 7, checkpointEvery: 10 },
  ...over,
});

const start = (name: string, over: Record<string, unknown> = {}, stage = 'action') =>
  studio.dispatch('training.start', { name, stage, datasetIds: [datasetId], config: config(over) });

/** Every metric's values by step, e.g. { loss: Map(1 → 1.93, ...) }. */
async function series(runId: number): Promise<Record<string, Map<number, number>>> {
  const all = await call('training.metrics', { runId });
  return Object.fromEntries(all.map((s: any) => [s.name, new Map(s.points.map((p: any) => [p.step, p.value]))]));
}

let reference: { id: number; metrics: Record<string, Map<number, number>> };

describe('a policy run through training.start, in a real worker', () => {
  it('trains stage 2 to the end: a metric row per step, checkpoints, and a falling loss', async () => {
    const outcome = await start('stage 2');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const started = outcome.result as any;
    expect(started.status).toBe('running');
    // The data was prepared before the process started, its progress as a 'train' job.
    expect(progress.filter((p) => p.jobId === `train-${started.id}-prepare`).at(-1)).toMatchObject({ kind: 'train', finished: true });
    expect(progress.some((p) => p.error)).toBe(false);

    const detail = await ended(started.id);
    expect(detail.run).toMatchObject({ status: 'succeeded', error: null, backend: expect.stringMatching(/tfjs-backend-(wasm|cpu)|tfjs-node/) });
    expect(detail.checkpoints.map((c: any) => c.step)).toEqual([10, 20, 30]);
    expect(detail.checkpoints.every((c: any) => c.sizeBytes > 10_000 && c.path.includes('checkpoints/step-'))).toBe(true);
    const metrics = await series(started.id);
    for (const name of ['loss', 'loss/action', 'lr', 'grad_norm', 'samples_per_sec']) expect([...metrics[name]!.keys()], name).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // A grounding batch mixes kinds: each kind's loss is there for the steps whose batch held it.
    const kinds = ['loss/point', 'loss/box', 'loss/trajectory'].filter((name) => metrics[name]);
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    for (let step = 1; step <= 30; step++) expect(kinds.some((name) => metrics[name]!.has(step)), `grounding loss at step ${step}`).toBe(true);
    expect(steps.filter((s) => s.runId === started.id).at(-1)).toMatchObject({ step: 30, total: 30 });

    const loss = [...metrics.loss!.values()];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(loss.slice(0, 5));
    const last = mean(loss.slice(-5));
    console.log(`stage-2 loss, mean of steps 1-5 → 26-30: ${first.toFixed(3)} → ${last.toFixed(3)}; samples/s ${mean([...metrics.samples_per_sec!.values()]).toFixed(1)}`);
    expect(last).toBeLessThan(first * 0.8);
    reference = { id: started.id, metrics };
  }, 180_000);

  it('cancels with a checkpoint, and a resume continues the exact step with the metrics of an uninterrupted run', async () => {
    expect(reference).toBeDefined();
    const outcome = await start('interrupted');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const id = (outcome.result as any).id as number;
    await until('step 5', async () => steps.some((s) => s.runId === id && s.step >= 5));
    expect(await call('training.cancel', { id })).toEqual({ cancelled: true });
    const cancelled = await ended(id);
    expect(cancelled.run.status).toBe('cancelled');
    const stoppedAt = cancelled.checkpoints.at(-1).step as number;
    expect(stoppedAt).toBeGreaterThanOrEqual(5);
    expect(stoppedAt).toBeLessThan(30);
    // The cancel's checkpoint is at the last step trained: no step is lost or repeated.
    expect(Math.max(...(await series(id)).loss!.keys())).toBe(stoppedAt);

    await call('training.resume', { id });
    const resumed = await ended(id);
    expect(resumed.run).toMatchObject({ status: 'succeeded', error: null });
    expect(resumed.checkpoints.at(-1).step).toBe(30);
    const metrics = await series(id);
    expect([...metrics.loss!.keys()]).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Same seed and data: every step after the resume, as before it, is the uninterrupted run's, exactly.
    expect(Object.keys(metrics).sort()).toEqual(Object.keys(reference.metrics).sort());
    for (const name of Object.keys(metrics).filter((n) => n !== 'samples_per_sec')) {
      expect([...metrics[name]!.entries()], name).toEqual([...reference.metrics[name]!.entries()]);
    }
  }, 240_000);

  it('trains stage 1 on grounding alone, and a stage-2 run starts from its weights', async () => {
    expect(reference).toBeDefined();
    const outcome = await start('stage 1', { hyperparameters: { steps: 12, batchSize: 4, learningRate: 1e-3, warmupSteps: 3, seed: 7, checkpointEvery: 6 } }, 'grounding');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const stage1 = await ended((outcome.result as any).id);
    expect(stage1.run).toMatchObject({ status: 'succeeded', error: null });
    expect(stage1.checkpoints.map((c: any) => c.step)).toEqual([6, 12]);
    const metrics1 = await series(stage1.run.id);
    expect(metrics1['loss/action']).toBeUndefined();
    expect(metrics1.loss!.size).toBe(12);

    const init = stage1.checkpoints.at(-1).id;
    const second = await studio.dispatch('training.start', { name: 'stage 2 from 1', stage: 'action', datasetIds: [datasetId], config: config(), initCheckpointId: init });
    if (!second.ok) throw new Error(second.error.message);
    const stage2 = await ended((second.result as any).id);
    expect(stage2.run).toMatchObject({ status: 'succeeded', error: null, initCheckpointId: init });
    const metrics2 = await series(stage2.run.id);
    // Same seed, data and batches as the fresh stage-2 run: only the starting weights differ, and so the very first loss.
    expect(metrics2.loss!.size).toBe(30);
    expect(metrics2.loss!.get(1)).not.toBe(reference.metrics.loss!.get(1));
  }, 240_000);

  it('refuses a requested backend that is not installed before any step', async () => {
    const outcome = await start('gpu', { backend: 'tfjs-node-gpu' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const detail = await ended((outcome.result as any).id);
    expect(detail.run.status).toBe('failed');
    expect(detail.run.error).toMatch(/^backend: backend "tfjs-node-gpu" \(@tensorflow\/tfjs-node-gpu\) is not available: /);
    expect(detail.checkpoints).toEqual([]);
    expect(await call('training.metrics', { runId: detail.run.id })).toEqual([]);
  }, 60_000);

  it('refuses bad configurations and data with errors naming the field, and starts nothing', async () => {
    const before = (await call('training.list', {})).length;
    const expectError = async (outcome: Awaited<ReturnType<typeof start>>, message: RegExp) => {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(message);
    };
    await expectError(await start('no truth', { data: { camera: 'front' } }, 'grounding'), /no grounding data for stage 1/);
    await expectError(await start('empty', { data: { camera: 'front', episodeIds: [99999] } }), /^episodeIds: 99999 not in datasets/);
    await expectError(await start('camera', { data: { camera: 'wrist' } }), /^camera: episode \d+ of dataset \d+ has no camera "wrist"/);
    await expectError(await start('preset', { preset: 'huge' }), /^config\.preset: recipe "spatially-guided" has no preset "huge"/);
    await expectError(await start('data', { data: undefined }), /^config\.data: /);
    await expectError(await start('batch', { hyperparameters: { steps: 5, batchSize: 4000 } }), /^config\.hyperparameters\.batchSize: 4000 is more than the \d+ action samples/);
    const runs = await call('training.list', {});
    expect(runs.length).toBe(before);
    // The batch-size refusal came after the data was prepared: its folder went with it.
    expect(readdirSync(join(temp, 'project', 'runs')).sort()).toEqual(runs.map((r: any) => r.runDir.replace(/^runs[\\/]/, '')).sort());
  }, 60_000);

  it('refuses a NaN action through training.start, naming episode, frame and dimension, before any process or folder', async () => {
    const { project, datasetId: id } = await gr1Project((copy) =>
      setParquetListValue(join(copy, 'data/chunk-000/episode_000002.parquet'), 'action', 37, 5, Number.NaN),
    );
    const other = await createStudio({ shell: 'web', dataDir: join(temp, 'gr1-data'), projectDir: project.dir });
    try {
      const outcome = await other.dispatch('training.start', {
        name: 'nan', stage: 'action', datasetIds: [id], config: { ...config(), data: { camera: 'ego_view' } },
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(/action of episode 2 of dataset "gr1" \(id \d+\) at frame 37 is NaN in dimension "motor_5"/);
      const listed = await other.dispatch('training.list', {});
      expect(listed).toMatchObject({ ok: true, result: [] });
      const runs = join(project.dir, 'runs');
      expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);
});
