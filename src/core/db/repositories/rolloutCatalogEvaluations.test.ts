import { describe, expect, it } from 'vitest';
import { freshDb } from '../testing';

describe('suite-run evaluations in the rollout catalog', () => {
  it('records one as running with its checkpoint path, ends it once, and lists those still unfinished', () => {
    const { repos } = freshDb();
    const run = repos.training.createRun({ name: 'r', stage: 'action', config: {}, runDir: 'runs/1' });
    const checkpointId = repos.training.addCheckpoint({ runId: run, step: 10, path: 'runs/1/checkpoints/step-10' });
    const a = repos.rolloutCatalog.startEvaluation({ name: 'a', checkpointId, checkpointPath: 'runs/1/checkpoints/step-10', config: { variants: ['in_distribution'] }, createdAt: 5 });
    const b = repos.rolloutCatalog.startEvaluation({ name: 'b', checkpointId, checkpointPath: 'runs/1/checkpoints/step-10', config: {} });
    const imported = repos.rollouts.createEvaluation({ name: 'import', source: 'imported' });
    expect(repos.rollouts.getEvaluation(a)).toMatchObject({ source: 'sim', status: 'running', checkpointId, config: { variants: ['in_distribution'] }, createdAt: 5, finishedAt: null });
    expect(repos.rolloutCatalog.evaluationDetails(a)).toEqual({ checkpointPath: 'runs/1/checkpoints/step-10', error: null });
    // Imports are never "running" work of the studio.
    expect(repos.rolloutCatalog.unfinishedEvaluations()).toEqual([a, b]);
    expect(repos.rollouts.getEvaluation(imported)!.status).toBe('queued');

    expect(repos.rolloutCatalog.endEvaluation(a, { status: 'failed', error: 'boom', summary: { episodes: 1 }, at: 9 })).toBe(true);
    // The first end wins: a late report of the same worker changes nothing.
    expect(repos.rolloutCatalog.endEvaluation(a, { status: 'succeeded', at: 10 })).toBe(false);
    expect(repos.rollouts.getEvaluation(a)).toMatchObject({ status: 'failed', summary: { episodes: 1 }, finishedAt: 9 });
    expect(repos.rolloutCatalog.evaluationDetails(a)!.error).toBe('boom');
    expect(repos.rolloutCatalog.unfinishedEvaluations()).toEqual([b]);

    // The checkpoint may go; the path it ran from stays.
    repos.training.deleteRun(run);
    expect(repos.rollouts.getEvaluation(b)!.checkpointId).toBeNull();
    expect(repos.rolloutCatalog.evaluationDetails(b)!.checkpointPath).toBe('runs/1/checkpoints/step-10');
  });
});
