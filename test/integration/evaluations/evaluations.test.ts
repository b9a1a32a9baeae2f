/**
 * Evaluations through the studio's dispatch with a real worker and a tiny trained checkpoint: rollouts are
 * stored as they finish (folders, rows, suggested tags), progress goes out as job.progress, and the
 * evaluation ends succeeded; cancel keeps the finished rollouts; a killed worker fails it within 2 s; bad
 * input is refused before any process; closing the studio cancels, and a studio that died with an
 * evaluation running marks it failed at the next start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject, openProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { DEFAULT_FAILURE_TAGS } from '../../../src/shared/rollouts/record';
import { studioCalls } from '../training/studioCalls';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-evalsvc-'));
const projectDir = join(temp, 'project');
type TestStudio = Awaited<ReturnType<typeof createStudio>>;
let studio: TestStudio;
const { call, until } = studioCalls(() => studio);
let checkpointId = 0;
let checkpointPath = '';

interface Seen {
  event: string;
  payload: any;
  at: number;
}
const seen: Seen[] = [];

function open(): Promise<TestStudio> {
  return createStudio({ shell: 'web', dataDir: temp, projectDir }).then((s) => {
    s.subscribe((event, payload) => seen.push({ event, payload, at: Date.now() }));
    return s;
  });
}

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'evaluations' });
  const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  studio = await open();
  const run = await call('training.start', {
    name: 'tiny', stage: 'action', datasetIds: [datasetId],
    config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 4, batchSize: 4, warmupSteps: 1, checkpointEvery: 4 } },
  });
  const detail = await until('training to end', async () => {
    const d = await call('training.get', { id: run.id });
    return ['succeeded', 'failed', 'cancelled'].includes(d.run.status) && d;
  });
  if (detail.run.status !== 'succeeded') throw new Error(`training ${detail.run.status}: ${detail.run.error}`);
  checkpointId = detail.checkpoints.at(-1).id;
  checkpointPath = detail.checkpoints.at(-1).path;
}, 200_000);

afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

const ended = (id: number, limit?: number) =>
  until(`evaluation ${id} to end`, async () => {
    const e = (await call('rollouts.evaluations', {})).find((x: any) => x.id === id);
    return e && !['queued', 'running'].includes(e.status) && e;
  }, limit);
const rolloutsOf = async (evaluationId: number) => (await call('rollouts.list', { evaluationId })).rows as any[];
const eventsOf = (name: string, evaluationId: number, since = 0) =>
  seen.filter((s) => s.at >= since && s.event === name && (s.payload.evaluationId === evaluationId || s.payload.id === evaluationId || s.payload.jobId === `evaluation-${evaluationId}`));

/** Processes this test's studio forked in evaluation mode. */
function evaluationWorkers(): number[] {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n');
  return lines.filter((l) => /\bevaluate\b/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('evaluations through the studio', () => {
  it('runs a suite in the worker, storing each rollout with its folder as it finishes, and ends succeeded', async () => {
    const since = Date.now();
    const started = await call('evaluations.start', {
      checkpointId, variants: ['in_distribution', 'unseen_positions'], episodes: 2, seed: 3, families: ['pick', 'push'], batchSize: 2, execute: 4,
    });
    expect(started).toMatchObject({ source: 'sim', status: 'running', checkpointId, checkpointPath, rollouts: 0, name: 'tiny @ step 4', finishedAt: null });
    expect(started.config).toMatchObject({ variants: ['in_distribution', 'unseen_positions'], episodes: 2, seed: 3, execute: 4, camera: 'front', size: { width: 64, height: 64 } });
    // One at a time: a second start while it runs is a conflict, and starts nothing.
    await expect(call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 1 })).rejects.toThrow(/^conflict: evaluation \d+ is still running/);

    const done = await ended(started.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null, rollouts: 4 });
    expect(done.finishedAt).toBeGreaterThanOrEqual(done.createdAt);

    const rows = await rolloutsOf(started.id);
    console.log(`tiny checkpoint: ${rows.map((r) => `${r.variant}/${r.seed} ${r.success ? 'success' : `${r.reason} -> ${r.suggestedTag}`}`).join(', ')}; ${((done.finishedAt - done.createdAt) / 1000).toFixed(1)} s`);
    // In suite order: variant by variant, seed by seed.
    expect(rows.map((r) => [r.index, r.variant, r.seed])).toEqual([
      [0, 'in_distribution', 3], [1, 'in_distribution', 4], [2, 'unseen_positions', 3], [3, 'unseen_positions', 4],
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({ source: 'sim', checkpointId, folder: `rollouts/${r.id}` });
      expect(readdirSync(join(projectDir, r.folder)).sort()).toEqual(['front.mp4', 'rollout.json', 'side.mp4']);
      expect(r.cameras.map((c: any) => [c.name, c.width, c.height])).toEqual([['front', 64, 64], ['side', 64, 64]]);
      if (r.success) expect(r.suggestedTag).toBeNull();
      else expect(DEFAULT_FAILURE_TAGS).toContain(r.suggestedTag);
      const { record } = await call('rollouts.get', { id: r.id });
      expect(record.policyCamera).toBe('front');
      expect(record.meta).toMatchObject({ variant: r.variant, seed: r.seed, schedule: { execute: 4 } });
      // The policy answered the grounding question at every prediction.
      expect(record.steps.filter((s: any) => s.chunk).every((s: any) => s.predicted?.box?.length === 4)).toBe(true);
    }
    expect(readdirSync(join(projectDir, 'rollouts')).filter((n) => n.startsWith('.'))).toEqual([]);

    // Each rollout was announced when it was stored, before the evaluation ended.
    const stored = eventsOf('rollouts.changed', started.id, since);
    expect(stored.map((s) => s.payload.reason)).toEqual(['store', 'store', 'store', 'store']);
    expect(stored.flatMap((s) => s.payload.ids).sort()).toEqual(rows.map((r) => r.id).sort());
    const progress = eventsOf('job.progress', started.id, since).map((s) => s.payload);
    expect(progress.every((p) => p.kind === 'evaluate' && p.total === 4)).toBe(true);
    const dones = progress.filter((p) => p.phase === 'episodes').map((p) => p.done);
    expect(dones).toEqual([0, 1, 2, 3, 4]);
    expect(progress.at(-1)).toMatchObject({ phase: 'succeeded', done: 4, finished: true });
    expect(progress.slice(0, -1).every((p) => !p.finished)).toBe(true);
    const changes = eventsOf('evaluations.changed', started.id, since).map((s) => s.payload.status);
    expect(changes).toEqual(['running', 'succeeded']);
    expect(stored.at(-1)!.at).toBeLessThanOrEqual(eventsOf('evaluations.changed', started.id, since).at(-1)!.at);
  }, 240_000);

  it('cancel stops after the current steps, keeps the finished rollouts and ends cancelled', async () => {
    const since = Date.now();
    const started = await call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 6, families: ['pick'], batchSize: 1, grounding: false });
    await until('a first rollout', async () => eventsOf('rollouts.changed', started.id, since).length > 0);
    const answer = await call('evaluations.cancel', { id: started.id });
    expect(answer).toMatchObject({ id: started.id, status: 'running' });
    const done = await ended(started.id);
    expect(done.status).toBe('cancelled');
    expect(done.error).toBeNull();
    expect(done.rollouts).toBeGreaterThanOrEqual(1);
    expect(done.rollouts).toBeLessThan(6);
    const rows = await rolloutsOf(started.id);
    expect(rows).toHaveLength(done.rollouts);
    for (const r of rows) expect(existsSync(join(projectDir, r.folder, 'rollout.json'))).toBe(true);
    expect(existsSync(join(projectDir, 'rollouts', `.staging-${started.id}`))).toBe(false);
    expect(eventsOf('job.progress', started.id, since).at(-1)!.payload).toMatchObject({ phase: 'cancelled', finished: true, done: done.rollouts, total: 6 });
    await expect(call('evaluations.cancel', { id: started.id })).rejects.toThrow(/^conflict: evaluation \d+ is not running \(it ended cancelled\)/);

    // Cancelled before the worker is up (it may not listen yet): stopped at once, nothing stored.
    const early = await call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 6, batchSize: 1 });
    await call('evaluations.cancel', { id: early.id });
    expect(await ended(early.id, 5000)).toMatchObject({ status: 'cancelled', error: null, rollouts: 0 });
    expect(evaluationWorkers()).toEqual([]);
  }, 240_000);

  it('a killed worker fails the evaluation within 2 s, with the reason, keeping what was stored', async () => {
    const since = Date.now();
    const started = await call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 8, families: ['pick'], batchSize: 1, grounding: false });
    await until('a first rollout', async () => eventsOf('rollouts.changed', started.id, since).length > 0);
    const workers = evaluationWorkers();
    expect(workers).toHaveLength(1);
    const killedAt = Date.now();
    process.kill(workers[0]!, 'SIGKILL');
    const done = await ended(started.id, 5000);
    const failedAt = eventsOf('evaluations.changed', started.id, since).find((s) => s.payload.status === 'failed')!.at;
    console.log(`killed worker -> evaluation failed in ${failedAt - killedAt} ms`);
    expect(failedAt - killedAt).toBeLessThan(2000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/the evaluation worker was killed by SIGKILL before the end of the suite/);
    expect(done.rollouts).toBeGreaterThanOrEqual(1);
    expect(await rolloutsOf(started.id)).toHaveLength(done.rollouts);
    expect(existsSync(join(projectDir, 'rollouts', `.staging-${started.id}`))).toBe(false);
    expect(eventsOf('job.progress', started.id, since).at(-1)!.payload).toMatchObject({ phase: 'failed', finished: true, error: done.error });
  }, 240_000);

  it('refuses bad input before any row or process exists, naming the field', async () => {
    const before = (await call('rollouts.evaluations', {})).length;
    await expect(call('evaluations.start', { checkpointId: 999, variants: ['in_distribution'], episodes: 1 })).rejects.toThrow(/^not_found: checkpointId: there is no checkpoint 999/);
    await expect(call('evaluations.start', { checkpointId, variants: ['on_the_moon'], episodes: 1 })).rejects.toThrow(/^bad_request: .*variants\.0/);
    await expect(call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 1, execute: 2, ensemble: { decay: 0.1 } })).rejects.toThrow(/^bad_request: ensemble: execute and ensemble exclude each other/);
    await expect(call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 1, execute: 9 })).rejects.toThrow(/^bad_request: execute: must be at most the checkpoint's chunk of 8 actions, got 9/);
    const model = join(projectDir, checkpointPath, 'model.json');
    renameSync(model, `${model}.away`);
    try {
      await expect(call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 1 })).rejects.toThrow(/^bad_request: checkpointId: checkpoint \d+ has no model\.json/);
    } finally {
      renameSync(`${model}.away`, model);
    }
    await expect(call('evaluations.cancel', { id: 999 })).rejects.toThrow(/^not_found: id: there is no evaluation 999/);
    expect((await call('rollouts.evaluations', {})).length).toBe(before);
    expect(evaluationWorkers()).toEqual([]);
  });

  it('closing the studio cancels a running evaluation; one left running by a dead studio fails at the next start', async () => {
    const started = await call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 8, families: ['pick'], batchSize: 1, grounding: false });
    const since = Date.now();
    await until('a first rollout', async () => eventsOf('rollouts.changed', started.id).length > 0);
    await studio.close();
    expect(Date.now() - since).toBeLessThan(30_000);
    expect(evaluationWorkers()).toEqual([]);

    // A studio that died mid-run leaves its row running.
    const project = openProject(projectDir);
    const orphan = project.repos.rolloutCatalog.startEvaluation({ name: 'orphan', checkpointId, checkpointPath, config: {} });
    closeProject(project);
    studio = await open();
    const all = await call('rollouts.evaluations', {});
    const closed = all.find((e: any) => e.id === started.id);
    expect(closed).toMatchObject({ status: 'cancelled', error: 'the studio was closed while it ran' });
    expect(closed.rollouts).toBeGreaterThanOrEqual(1);
    expect(all.find((e: any) => e.id === orphan)).toMatchObject({ status: 'failed', error: 'the studio stopped while it ran' });
    expect(readdirSync(join(projectDir, 'rollouts')).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 240_000);
});
