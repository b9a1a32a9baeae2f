import { describe, expect, it } from 'vitest';
import { freshDb } from '../testing';

function setup() {
  const ctx = freshDb();
  const { repos } = ctx;
  const run = repos.training.createRun({ name: 'r', stage: 'action', config: {}, runDir: 'runs/1' });
  const ckpt = repos.training.addCheckpoint({ runId: run, step: 10, path: 'runs/1/c' });
  const evaluation = repos.rollouts.createEvaluation({ name: 'eval', source: 'sim', runId: run, checkpointId: ckpt });
  const outcomes = [true, false, false, null, true];
  const ids = outcomes.map((success, index) =>
    repos.rollouts.insertRollout({
      evaluationId: evaluation,
      index,
      success,
      variant: index % 2 ? 'unseen_objects' : 'in_distribution',
      instruction: `task ${index}`,
      fps: 10,
      length: 3,
      stateDims: ['x'],
      actionDims: ['dx', 'g'],
      cameras: [{ name: 'front', width: 64, height: 48, path: `runs/1/eval/${index}/front.mp4` }],
    }),
  );
  return { ...ctx, run, ckpt, evaluation, ids };
}

describe('rollouts repository', () => {
  it('lists an evaluation filtered by success, variant and failure tag', () => {
    const { repos, evaluation, ids } = setup();
    repos.failureTags.tag(ids[1]!, 'missed grasp', { author: 'ann', step: 2 });
    repos.failureTags.tag(ids[2]!, 'Missed Grasp', { author: 'ann' });
    repos.failureTags.tag(ids[2]!, 'wrong object', { author: 'ann', note: 'took the can' });
    const list = (q: Omit<Parameters<typeof repos.rollouts.list>[0], 'evaluationId'>) =>
      repos.rollouts.list({ evaluationId: evaluation, ...q }).rows.map((r) => r.id);

    const all = repos.rollouts.list({ evaluationId: evaluation });
    expect(all.total).toBe(5);
    expect(all.rows[2]).toMatchObject({ id: ids[2], index: 2, success: false, failureTags: ['missed grasp', 'wrong object'] });
    expect(all.rows[3]).toMatchObject({ success: null, failureTags: [] });
    expect(list({ success: true })).toEqual([ids[0], ids[4]]);
    expect(list({ success: false })).toEqual([ids[1], ids[2]]);
    expect(list({ failureTag: 'MISSED GRASP' })).toEqual([ids[1], ids[2]]);
    expect(list({ failureTag: 'wrong object', success: false })).toEqual([ids[2]]);
    expect(list({ variant: 'unseen_objects' })).toEqual([ids[1], ids[3]]);
    expect(list({ limit: 2, offset: 3 })).toEqual([ids[3], ids[4]]);

    expect(repos.failureTags.list().map((t) => [t.name, t.rolloutCount])).toEqual([
      ['missed grasp', 2],
      ['wrong object', 1],
    ]);
    expect(repos.failureTags.tagsOf(ids[2]!).map((t) => t.note)).toEqual(['', 'took the can']);
    expect(repos.failureTags.untag(ids[2]!, 'wrong object')).toBe(true);
    expect(repos.failureTags.tagsOf(ids[2]!)).toHaveLength(1);
  });

  it('stores steps with float32 state/action and predictions', () => {
    const { repos, ids } = setup();
    const rollout = ids[0]!;
    repos.rollouts.insertSteps(rollout, [
      { step: 0, timestamp: 0, state: new Float32Array([0.1]), action: new Float32Array([0.5, 1]), prediction: { point: [3, 4] } },
      { step: 1, timestamp: 0.1, state: new Float32Array([0.2]), action: null, reward: 1 },
    ]);
    const steps = repos.rollouts.steps(rollout);
    expect(steps).toHaveLength(2);
    expect(steps[0]!.state).toEqual(new Float32Array([0.1]));
    expect(steps[0]!.prediction).toEqual({ point: [3, 4] });
    expect(steps[1]).toMatchObject({ action: null, prediction: null, reward: 1 });
    expect(repos.rollouts.steps(rollout, { from: 1 }).map((s) => s.step)).toEqual([1]);
    expect(repos.rollouts.getRollout(rollout)).toMatchObject({ actionDims: ['dx', 'g'], cameras: [{ name: 'front' }], success: true });
  });

  it('finishes an evaluation and cascades from the run', () => {
    const { db, repos, run, evaluation, ids } = setup();
    repos.rollouts.setOutcome(ids[3]!, { success: false, termination: 'timeout', length: 30 });
    expect(repos.rollouts.getRollout(ids[3]!)).toMatchObject({ success: false, termination: 'timeout', length: 30 });
    repos.rollouts.setEvaluationStatus(evaluation, 'succeeded', { successRate: 0.4 }, 50);
    expect(repos.rollouts.getEvaluation(evaluation)).toMatchObject({
      status: 'succeeded',
      summary: { successRate: 0.4 },
      finishedAt: 50,
    });
    expect(repos.rollouts.listEvaluations(run).map((e) => e.id)).toEqual([evaluation]);
    repos.failureTags.tag(ids[1]!, 'drop', { author: 'a' });
    repos.rollouts.insertSteps(ids[1]!, [{ step: 0, timestamp: 0, state: null, action: null }]);
    repos.training.deleteRun(run);
    for (const table of ['evaluations', 'rollouts', 'rollout_steps', 'rollout_failure_tags']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(repos.failureTags.list()).toHaveLength(1);
  });
});
