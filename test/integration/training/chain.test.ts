/**
 * The ablation's recipes through training.start with the real worker on the tiny sample: ST4VLA is a
 * chain (stage 1, then stage 2 from its last checkpoint, started by the studio, also after a restart),
 * a cancelled stage 1 starts nothing, and the vanilla VLA draws no grounding batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract/api';
import { closeProject, createProject, openProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { studioCalls } from './studioCalls';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const temp = mkdtempSync(join(tmpdir(), 'st4vla-chain-'));
const dir = join(temp, 'project');
let studio: Studio;
let datasetId: number;
const changes: EventPayload<'training.changed'>[] = [];
const steps: EventPayload<'training.progress'>[] = [];

const open = async () => {
  studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: dir, training: { heartbeatMs: 200 } });
  studio.subscribe((event, payload) => {
    if (event === 'training.changed') changes.push(payload as never);
    if (event === 'training.progress') steps.push(payload as never);
  });
};

beforeAll(async () => {
  const project = createProject(dir, { name: 'chain' });
  datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  await open();
}, 120_000);

afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

const { call, until, ended } = studioCalls(() => studio as never, 150_000);

const childOf = (parentId: number) => until(`the stage 2 of run ${parentId}`, async () => (await call('training.list', {})).find((r: any) => r.parentRunId === parentId));

const start = (name: string, recipe: string, hyperparameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  studio.dispatch('training.start', {
    name, stage: 'action', datasetIds: [datasetId],
    config: {
      recipe, preset: 'quick', data: { camera: 'front', groundTruth: true, valFraction: 0.25 },
      hyperparameters: { steps: 10, batchSize: 4, learningRate: 1e-3, warmupSteps: 2, seed: 3, checkpointEvery: 100, ...hyperparameters },
    },
    ...extra,
  });

async function metricNames(runId: number): Promise<string[]> {
  return (await call('training.metrics', { runId })).map((s: any) => s.name).sort();
}

describe('the st4vla recipe as a chain of two runs', () => {
  it('runs stage 1 for 20 % of the steps, then stage 2 from its last checkpoint for the rest', async () => {
    const outcome = await start('st4vla', 'st4vla');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const first = outcome.result as any;
    expect(first).toMatchObject({ name: 'st4vla · stage 1', stage: 'grounding', status: 'running', parentRunId: null, nextStage: { name: 'st4vla · stage 2', steps: 8 } });
    const stage1 = await ended(first.id);
    expect(stage1.run).toMatchObject({ status: 'succeeded', nextStage: null });
    expect(stage1.checkpoints.map((c: any) => c.step)).toEqual([2]);
    expect(await metricNames(first.id)).not.toContain('loss/action');

    const second = await childOf(first.id);
    expect(second).toMatchObject({ name: 'st4vla · stage 2', stage: 'action', initCheckpointId: stage1.checkpoints[0].id, nextStage: null });
    const stage2 = await ended(second.id);
    // Lists learn of the new run as it is recorded, then as it runs and ends.
    expect(changes.filter((c) => c.runId === second.id && c.reason === 'status').map((c) => c.status)).toEqual(['queued', 'running', 'succeeded']);
    expect(stage2.run).toMatchObject({ status: 'succeeded', error: null });
    expect(stage2.checkpoints.map((c: any) => c.step)).toEqual([8]);
    expect((stage2.run.config as any).hyperparameters.steps).toBe(8);
    // Spatially guided co-training: the action loss and grounding losses side by side.
    const names = await metricNames(second.id);
    expect(names).toContain('loss/action');
    expect(names.some((n) => ['loss/point', 'loss/box', 'loss/trajectory'].includes(n))).toBe(true);
  }, 300_000);

  it('starts no stage 2 after a cancelled stage 1', async () => {
    const outcome = await start('cancelled chain', 'st4vla', { steps: 400 }, { stage1Steps: 300 });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const id = (outcome.result as any).id as number;
    await until('a step of stage 1', async () => steps.some((s) => s.runId === id));
    expect(await call('training.cancel', { id })).toEqual({ cancelled: true });
    const stage1 = await ended(id);
    expect(stage1.run.status).toBe('cancelled');
    // Still pending (a resume that succeeds would start it), but nothing started.
    expect(stage1.run.nextStage).toEqual({ name: 'cancelled chain · stage 2', steps: 100 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await call('training.list', {})).some((r: any) => r.parentRunId === id)).toBe(false);
  }, 180_000);

  it('starts the pending stage 2 of a succeeded stage 1 when the studio opens the project again', async () => {
    const runs = await call('training.list', {});
    const done = runs.find((r: any) => r.name === 'st4vla · stage 1');
    const checkpoint = (await call('training.get', { id: done.id })).checkpoints.at(-1);
    await studio.close();
    // The state a studio that closed between the two stages leaves: stage 1 succeeded, stage 2 not started.
    const project = openProject(dir);
    let orphan: number;
    try {
      const repo = project.repos.training;
      const source = repo.getRun(done.id)!;
      const child = repo.listRuns().find((r) => r.parentRunId === done.id)!;
      orphan = repo.createRun({
        name: 'orphan · stage 1', stage: 'grounding', config: source.config, runDir: source.runDir, datasetIds: source.datasetIds,
        nextStage: { name: 'orphan · stage 2', config: child.config, datasetIds: child.datasetIds },
      });
      repo.setStatus(orphan, 'succeeded');
      repo.addCheckpoint({ runId: orphan, step: checkpoint.step, path: checkpoint.path });
    } finally {
      closeProject(project);
    }
    await open();
    const second = await childOf(orphan);
    expect(second).toMatchObject({ name: 'orphan · stage 2', stage: 'action' });
    expect((await ended(second.id)).run.status).toBe('succeeded');
    expect((await call('training.get', { id: orphan })).run.nextStage).toBeNull();
  }, 300_000);

  it('refuses stage1Steps where there is no chain or no room for stage 2, naming the field', async () => {
    const before = (await call('training.list', {})).length;
    const vanilla = await start('no chain', 'vanilla', {}, { stage1Steps: 2 });
    expect(vanilla).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^stage1Steps: only recipe st4vla/) } });
    const full = await start('too many', 'st4vla', { steps: 5 }, { stage1Steps: 5 });
    expect(full).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^stage1Steps: 5 of 5 steps leaves none for stage 2/) } });
    expect((await call('training.list', {})).length).toBe(before);
  }, 60_000);
});

describe('the ablation recipes from scratch', () => {
  it('trains the vanilla VLA on actions alone, and a groundingWeight of 0 turns the grounding batches off', async () => {
    for (const [recipe, weight] of [['vanilla', undefined], ['spatially-guided', 0]] as const) {
      const outcome = await start(recipe, recipe, { steps: 3, ...(weight === undefined ? {} : { groundingWeight: weight }) });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const detail = await ended((outcome.result as any).id);
      expect(detail.run).toMatchObject({ status: 'succeeded', parentRunId: null, nextStage: null });
      // Losses only: validation metrics are measured whatever the recipe.
      expect((await metricNames(detail.run.id)).filter((n) => !n.startsWith('val/')), recipe).toEqual(['grad_norm', 'loss', 'loss/action', 'lr', 'samples_per_sec']);
    }
    const cotrain = await start('co-train', 'vanilla-cotrain', { steps: 3 });
    if (!cotrain.ok) throw new Error(cotrain.error.message);
    const names = await metricNames((await ended((cotrain.result as any).id)).run.id);
    expect(names.filter((n) => n.startsWith('loss/')).length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
