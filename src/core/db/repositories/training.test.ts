import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset } from '../testing';

describe('training repository', () => {
  it('tracks a run from queued to succeeded with its datasets', () => {
    const { repos } = freshDb();
    const ds = seedDataset(repos);
    const id = repos.training.createRun({
      name: 'stage 1',
      stage: 'grounding',
      config: { lr: 1e-3 },
      runDir: 'runs/1',
      datasetIds: [ds],
      createdAt: 5,
    });
    expect(repos.training.getRun(id)).toEqual({
      id,
      name: 'stage 1',
      stage: 'grounding',
      status: 'queued',
      initCheckpointId: null,
      config: { lr: 1e-3 },
      backend: null,
      runDir: 'runs/1',
      error: null,
      createdAt: 5,
      startedAt: null,
      finishedAt: null,
      datasetIds: [ds],
      parentRunId: null,
      nextStage: null,
    });
    repos.training.setStatus(id, 'running', { backend: 'tfjs-node', at: 10 });
    repos.training.setStatus(id, 'running', { at: 11 });
    repos.training.setStatus(id, 'succeeded', { at: 20 });
    expect(repos.training.getRun(id)).toMatchObject({ status: 'succeeded', backend: 'tfjs-node', startedAt: 10, finishedAt: 20 });
    expect(() => repos.training.setStatus(id, 'exploded' as never)).toThrow(/CHECK/);
  });

  it("starts a chain's stage 2 once, and keeps it pending until then", () => {
    const { repos } = freshDb();
    const next = { name: 'chain · stage 2', config: { recipe: 'st4vla' }, datasetIds: [] };
    const parent = repos.training.createRun({ name: 'chain · stage 1', stage: 'grounding', config: {}, runDir: 'runs/1', nextStage: next });
    expect(repos.training.getRun(parent)).toMatchObject({ parentRunId: null, nextStage: next });
    const child = repos.training.startNextStage(parent, { name: next.name, stage: 'action', config: next.config, runDir: 'runs/2', parentRunId: parent });
    expect(child).not.toBeNull();
    expect(repos.training.getRun(child!)).toMatchObject({ parentRunId: parent, nextStage: null });
    expect(repos.training.getRun(parent)!.nextStage).toBeNull();
    // A second caller (a restart racing the end of stage 1) gets nothing and records nothing.
    expect(repos.training.startNextStage(parent, { name: 'again', stage: 'action', config: {}, runDir: 'runs/3', parentRunId: parent })).toBeNull();
    expect(repos.training.listRuns()).toHaveLength(2);
    repos.training.deleteRun(parent);
    expect(repos.training.getRun(child!)!.parentRunId).toBeNull();
  });

  it('keeps checkpoints in step order with one best', () => {
    const { repos } = freshDb();
    const run = repos.training.createRun({ name: 'r', stage: 'grounding', config: {}, runDir: 'runs/1' });
    const c1 = repos.training.addCheckpoint({ runId: run, step: 100, path: 'runs/1/ckpt-100', metrics: { val: 0.5 } });
    const c0 = repos.training.addCheckpoint({ runId: run, step: 50, path: 'runs/1/ckpt-50' });
    repos.training.markBest(c0);
    repos.training.markBest(c1);
    expect(repos.training.checkpointsOf(run).map((c) => [c.id, c.isBest])).toEqual([
      [c0, false],
      [c1, true],
    ]);
    expect(repos.training.getCheckpoint(c1)?.metrics).toEqual({ val: 0.5 });

    const stage2 = repos.training.createRun({ name: 's2', stage: 'action', config: {}, runDir: 'runs/2', initCheckpointId: c1 });
    expect(repos.training.listRuns().map((r) => r.id)).toEqual([stage2, run]);
    repos.training.deleteRun(run);
    expect(repos.training.getRun(stage2)?.initCheckpointId).toBeNull();
  });

  it('appends metrics, newest value winning on a repeated step', () => {
    const { repos } = freshDb();
    const run = repos.training.createRun({ name: 'r', stage: 'grounding', config: {}, runDir: 'runs/1' });
    repos.training.appendMetrics(run, [
      { name: 'train/loss', step: 1, value: 2, wallTime: 1 },
      { name: 'train/loss', step: 2, value: 1.5, wallTime: 2 },
      { name: 'val/loss', step: 2, value: 1.8, wallTime: 2 },
    ]);
    repos.training.appendMetrics(run, [{ name: 'train/loss', step: 2, value: 1.4, wallTime: 3 }]);
    expect(repos.training.metricNames(run)).toEqual(['train/loss', 'val/loss']);
    expect(repos.training.series(run, 'train/loss', 1)).toEqual([{ name: 'train/loss', step: 2, value: 1.4, wallTime: 3 }]);
    expect(repos.training.metricsOf(run)).toHaveLength(3);
    repos.training.deleteRun(run);
    expect(repos.training.metricsOf(run)).toEqual([]);
  });
});
