import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract/api';
import { closeProject, createProject } from '../../project/project';
import { createStudio } from '../../studio';

const WORKER = resolve('test/fixtures/workers/countingWorker.ts');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-training-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

type Studio = Awaited<ReturnType<typeof createStudio>>;

async function call(studio: Studio, method: string, params: unknown) {
  const outcome = await studio.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as any;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ended = (studio: Studio, id: number) =>
  until(`run ${id} to end`, async () => {
    const { run } = await call(studio, 'training.get', { id });
    return ['succeeded', 'failed', 'cancelled'].includes(run.status) && run;
  });

/** A project with one dataset and a run that a studio which died left 'running'. */
function seedProject(dir: string): { datasetId: number; staleRunId: number } {
  const project = createProject(dir, { name: 'training' });
  const datasetId = project.repos.datasets.insert({ name: 'tabletop', sourceFormat: 'lerobot', sourcePath: '/data/tabletop', fps: 10 });
  const staleRunId = project.repos.training.createRun({ name: 'stale', stage: 'grounding', config: {}, runDir: 'runs/stale' });
  project.repos.training.setStatus(staleRunId, 'running');
  closeProject(project);
  return { datasetId, staleRunId };
}

const config = (hyperparameters: Record<string, unknown> = {}) => ({
  recipe: 'counting',
  preset: 'linear-1d',
  hyperparameters: { steps: 30, learningRate: 0.1, batchSize: 8, checkpointEvery: 10, ...hyperparameters },
});

describe('training.* through the contract, with a real worker process', () => {
  const dir = join(temp, 'project');
  const { datasetId, staleRunId } = seedProject(dir);
  const open = () => createStudio({ shell: 'web', dataDir: temp, projectDir: dir, training: { workerEntry: WORKER, heartbeatMs: 100 } });

  it('marks runs a dead studio left running as failed when it starts', async () => {
    const studio = await open();
    const { run } = await call(studio, 'training.get', { id: staleRunId });
    expect(run).toMatchObject({ status: 'failed', error: 'the studio stopped while it ran' });
    await studio.close();
  });

  it('names the field of a bad configuration and starts nothing', async () => {
    const studio = await open();
    const before = (await call(studio, 'training.list', {})).length;
    const attempt = (input: object) => studio.dispatch('training.start', { name: 'bad', stage: 'grounding', datasetIds: [datasetId], config: config(), ...input });

    const typo = await attempt({ config: { ...config(), hyperparameters: { lerningRate: 0.1 } } });
    expect(typo).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/config\.hyperparameters: Unrecognized key: "lerningRate"/) } });
    const negative = await attempt({ config: config({ learningRate: -1 }) });
    expect(negative).toMatchObject({ ok: false, error: { message: expect.stringMatching(/config\.hyperparameters\.learningRate: /) } });
    const noRecipe = await attempt({ config: { preset: 'linear-1d' } });
    expect(noRecipe).toMatchObject({ ok: false, error: { message: expect.stringMatching(/config\.recipe: /) } });
    const unknownDataset = await attempt({ datasetIds: [datasetId, 999] });
    expect(unknownDataset).toMatchObject({ ok: false, error: { code: 'not_found', message: 'datasetIds.1: there is no dataset 999' } });
    const strayWeight = await attempt({ config: { ...config(), datasets: [{ id: 999, weight: 2 }] } });
    expect(strayWeight).toMatchObject({ ok: false, error: { message: "config.datasets.0.id: dataset 999 is not one of the run's datasetIds" } });

    // The stale run's stored configuration ({}) predates the schema; it wrote no checkpoint either.
    const clone = await studio.dispatch('training.clone', { id: staleRunId });
    expect(clone).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^id: run \d+'s configuration is not valid any more \(config\.recipe: /) } });
    const resume = await studio.dispatch('training.resume', { id: staleRunId });
    expect(resume).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/wrote no checkpoint to resume from/) } });

    expect((await call(studio, 'training.list', {})).length).toBe(before);
    await studio.close();
  });

  it('runs to the end and serves its checkpoints, latest metrics and series for plots', async () => {
    const studio = await open();
    const seen: EventName[] = [];
    studio.subscribe((event) => seen.push(event));
    const started = await call(studio, 'training.start', { name: 'Fit a line', stage: 'grounding', config: config(), datasetIds: [datasetId] });
    expect(started).toMatchObject({ name: 'Fit a line', status: 'running', datasetIds: [datasetId], finishedAt: null });
    expect(started.runDir).toMatch(/^runs[\\/]\d{8}-\d{6}-fit-a-line$/);
    expect(started.config.hyperparameters).toMatchObject({ steps: 30, lrSchedule: 'cosine', seed: 0 });

    const run = await ended(studio, started.id);
    expect(run).toMatchObject({ status: 'succeeded', backend: 'plain-js' });
    const detail = await call(studio, 'training.get', { id: started.id });
    expect(detail.checkpoints.map((c: { step: number }) => c.step)).toEqual([10, 20, 30]);
    expect(detail.latest['train/loss'].step).toBe(30);
    const series = await call(studio, 'training.metrics', { runId: started.id, names: ['train/loss'], sinceStep: 25 });
    expect(series).toEqual([{ name: 'train/loss', points: expect.any(Array) }]);
    expect(series[0].points.map((p: { step: number }) => p.step)).toEqual([26, 27, 28, 29, 30]);
    expect(new Set(seen)).toEqual(new Set(['training.changed', 'training.progress', 'training.metrics', 'training.log']));

    // The worker's log outlives its process: how it started and ended, stamped, oldest first.
    const { lines } = await call(studio, 'training.log', { runId: started.id });
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[studio\] worker started$/);
    expect(lines.at(-1)).toMatch(/\[studio\] run succeeded$/);
    expect(await call(studio, 'training.log', { runId: started.id, tail: 1 })).toEqual({ lines: [lines.at(-1)] });
    expect(await studio.dispatch('training.log', { runId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'runId: there is no training run 999' } });
    expect(await studio.dispatch('training.log', { runId: started.id, tail: 0 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/tail/) } });

    // A checkpoint of this architecture does not load into another: refused before anything runs.
    const other = await studio.dispatch('training.start', {
      name: 'bigger', stage: 'action', datasetIds: [datasetId], config: { ...config(), preset: 'small' }, initCheckpointId: detail.checkpoints[2].id,
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^initCheckpointId: checkpoint \d+ is of the architecture "linear-1d" \(run "Fit a line"\), this run builds "small"$/) } });
    expect(await studio.dispatch('training.resume', { id: started.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await studio.close();
  });

  it('answers other calls while a run is busy; cancel, resume, kill and clone', async () => {
    const studio = await open();
    const { id } = await call(studio, 'training.start', { name: 'long', stage: 'grounding', config: config({ steps: 100_000, checkpointEvery: 100_000 }), datasetIds: [datasetId] });
    await until('steps', async () => (await call(studio, 'training.get', { id })).latest['train/loss']?.step >= 20);

    // The studio keeps answering while the worker computes and floods it with metrics.
    let slowest = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await call(studio, 'training.list', {});
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(slowest).toBeLessThan(250);

    expect(await call(studio, 'training.cancel', { id })).toEqual({ cancelled: true });
    const cancelled = await ended(studio, id);
    expect(cancelled.status).toBe('cancelled');
    const { checkpoints } = await call(studio, 'training.get', { id });
    const stoppedAt = checkpoints.at(-1).step;
    expect(stoppedAt).toBeGreaterThanOrEqual(20);

    const resumed = await call(studio, 'training.resume', { id });
    expect(resumed).toMatchObject({ id, status: 'running', error: null, finishedAt: null });
    await until('the resumed run to step on', async () => (await call(studio, 'training.get', { id })).latest['train/loss'].step > stoppedAt);
    expect(await call(studio, 'training.kill', { id })).toEqual({ killed: true });
    expect(await ended(studio, id)).toMatchObject({ status: 'failed', error: 'killed by user' });
    expect(await call(studio, 'training.kill', { id })).toEqual({ killed: false });

    const clone = await call(studio, 'training.clone', { id });
    expect(clone).toMatchObject({ name: 'long (copy)', status: 'running', config: cancelled.config, datasetIds: [datasetId] });
    expect(clone.id).not.toBe(id);
    await studio.close();

    // Closing the studio stopped the clone's worker and said so; the next start keeps that reason.
    const again = await open();
    const { run } = await call(again, 'training.get', { id: clone.id });
    expect(run).toMatchObject({ status: 'failed', error: 'the studio was closed while it ran' });
    await again.close();
  });
});
