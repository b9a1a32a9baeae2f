import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { ROLLOUT_FORMAT_VERSION, type RolloutRecord, type RolloutStep } from '../../shared/rollouts/record';
import type { Project } from '../project/project';
import { distanceToBox, leastSure, pickSpread, scoreSteps } from './leastSure';
import { storeRollouts } from './store';
import { tempFolder, tempProject, writeJson } from './testing';

/** A steady prediction drifting slowly right: a point in the middle of its box, nothing unsure. */
function steady(t: number): RolloutStep {
  const x = 0.3 + 0.01 * t;
  return { t, predicted: { point: [x, 0.5], box: [x - 0.1, 0.4, x + 0.1, 0.6] } };
}

function record(steps: RolloutStep[]): RolloutRecord {
  return {
    version: ROLLOUT_FORMAT_VERSION, source: 'sim', instruction: 'pick up the red block', success: false, reason: 'timeout',
    cameras: ['front'], policyCamera: 'front', fps: 10, meta: {}, steps,
  };
}

const steps = (n: number, change: (s: RolloutStep) => RolloutStep = (s) => s) => Array.from({ length: n }, (_, t) => change(steady(t)));

/** Rollouts stored with only their rollout.json (least-sure reads nothing else), under one evaluation. */
function store(project: Project, records: RolloutRecord[], evaluationName = 'eval'): { evaluationId: number; ids: number[] } {
  const evaluationId = project.repos.rollouts.createEvaluation({ name: evaluationName, source: 'sim' });
  const staged = records.map((rec, index) => {
    const dir = tempFolder();
    writeJson(join(dir, 'rollout.json'), rec);
    return { dir, record: rec, cameras: [], index };
  });
  return { evaluationId, ids: storeRollouts(project, evaluationId, staged) };
}

async function rejection(fn: () => unknown): Promise<ApiError> {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('scoring the steps of one rollout', () => {
  it('flags a point outside its own box by its distance, and jumps of point and box centre from the previous prediction', () => {
    const planted = steps(12, (s) => {
      if (s.t === 4) return { t: 4, predicted: { point: [0.9, 0.5], box: [0.24, 0.4, 0.44, 0.6] } };
      if (s.t === 8) return { t: 8, predicted: { point: [0.8, 0.1], box: [0.7, 0.0, 0.9, 0.2] } };
      return s;
    });
    const scored = scoreSteps(record(planted));
    const at = (t: number) => scored.find((s) => s.step === t);
    // Step 4: the point left its box by 0.46 and jumped 0.57 from step 3's point; the box stayed.
    expect(at(4)!.reasons).toEqual(['point_outside_box', 'point_jump']);
    expect(at(4)!.score).toBeCloseTo(0.46 + Math.hypot(0.9 - 0.33, 0), 6);
    // Step 5 comes back: its point jumps again, inside its box.
    expect(at(5)!.reasons).toEqual(['point_jump']);
    expect(at(8)!.reasons).toEqual(['point_jump', 'box_jump']);
    // Every other step is a steady drift of 0.01: nothing fires, nothing is listed.
    expect(scored.map((s) => s.step)).toEqual([4, 5, 8, 9]);
  });

  it('measures a jump from the previous step that predicted, not from a step without a prediction', () => {
    const sparse: RolloutStep[] = [
      { t: 0, predicted: { point: [0.2, 0.2] } },
      { t: 1 },
      { t: 2, executed: [0, 0, 0] },
      { t: 3, predicted: { point: [0.22, 0.2] } },
      { t: 4, predicted: { point: [0.6, 0.2] } },
    ];
    expect(scoreSteps(record(sparse))).toEqual([{ step: 4, score: expect.closeTo(0.38, 6), reasons: ['point_jump'] }]);
  });

  it('takes distances to a box whose corners a model gave in the wrong order', () => {
    expect(distanceToBox([0.5, 0.5], [0.6, 0.6, 0.4, 0.4])).toBe(0);
    expect(distanceToBox([0.1, 0.5], [0.6, 0.6, 0.4, 0.4])).toBeCloseTo(0.3, 9);
  });

  it('spreads the picks: one per rollout step, none within 3 steps of a chosen one of the same rollout', () => {
    const frames = Array.from({ length: 20 }, (_, step) => ({ rolloutId: 1, step, score: 1 + step / 100, reasons: ['point_jump' as const] }));
    frames.push({ rolloutId: 2, step: 19, score: 1.19, reasons: ['point_jump'] });
    const picked = pickSpread(frames, 100);
    expect(picked.map((f) => [f.rolloutId, f.step])).toEqual([[1, 19], [2, 19], [1, 15], [1, 11], [1, 7], [1, 3]]);
  });
});

describe('least-sure frames across rollouts', () => {
  it('ranks a planted jump and a planted point outside its box first, one frame per moment, and respects the limit', () => {
    const project = tempProject();
    const jumpy = steps(15, (s) => (s.t === 7 ? { t: 7, predicted: { point: [0.8, 0.1], box: [0.7, 0, 0.9, 0.2] } } : s));
    const outside = steps(15, (s) => (s.t === 4 ? { t: 4, predicted: { point: [0.34, 0.9], box: [0.24, 0.4, 0.44, 0.6] } } : s));
    const { ids } = store(project, [record(steps(15)), record(jumpy), record(outside)]);
    const [calm, jump, off] = ids as [number, number, number];

    const frames = leastSure(project, { limit: 50 });
    // The jump out at 7 and back at 8 are one moment: 8 is within 3 steps of 7 and is left out.
    expect(frames.map((f) => [f.rolloutId, f.step])).toEqual([[jump, 7], [off, 4]]);
    expect(frames[0]!.reasons).toEqual(['point_jump', 'box_jump']);
    expect(frames[1]!.reasons).toEqual(['point_outside_box', 'point_jump']);
    expect(frames[0]!.score).toBeGreaterThan(frames[1]!.score);
    expect(frames.some((f) => f.rolloutId === calm)).toBe(false);

    expect(leastSure(project, { limit: 1 })).toEqual([frames[0]]);
    expect(leastSure(project, { rolloutIds: [off, calm], limit: 50 }).map((f) => f.rolloutId)).toEqual([off]);
  });

  it('ranks the rollouts of the evaluations asked for, and refuses unknown evaluations and rollouts', async () => {
    const project = tempProject();
    const jumpy = steps(10, (s) => (s.t === 5 ? { t: 5, predicted: { point: [0.9, 0.9], box: [0.8, 0.8, 1, 1] } } : s));
    const first = store(project, [record(jumpy)], 'first');
    const second = store(project, [record(jumpy), record(jumpy)], 'second');

    const ofSecond = leastSure(project, { evaluationIds: [second.evaluationId], limit: 50 });
    expect(new Set(ofSecond.map((f) => f.rolloutId))).toEqual(new Set(second.ids));
    expect(leastSure(project, { limit: 50 })).toHaveLength(3);
    expect(leastSure(project, { evaluationIds: [second.evaluationId], rolloutIds: [first.ids[0]!], limit: 50 })).toHaveLength(3);

    const noEvaluation = await rejection(() => leastSure(project, { evaluationIds: [first.evaluationId, 999], limit: 5 }));
    expect(noEvaluation).toMatchObject({ code: 'not_found', message: 'evaluationIds.1: there is no evaluation 999' });
    const noRollout = await rejection(() => leastSure(project, { rolloutIds: [12345], limit: 5 }));
    expect(noRollout).toMatchObject({ code: 'not_found', message: 'rolloutIds.0: there is no rollout 12345' });
  });

  it('names a rollout whose folder is gone when asked for it, and leaves it out of the project-wide ranking', async () => {
    const project = tempProject();
    const jumpy = steps(10, (s) => (s.t === 5 ? { t: 5, predicted: { point: [0.9, 0.9], box: [0.8, 0.8, 1, 1] } } : s));
    const { ids } = store(project, [record(jumpy), record(jumpy)]);
    rmSync(join(project.dir, 'rollouts', String(ids[0])), { recursive: true });

    const error = await rejection(() => leastSure(project, { rolloutIds: [ids[0]!], limit: 5 }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(new RegExp(`^rollout ${ids[0]}: .*rollout\\.json: missing`));
    expect(leastSure(project, { limit: 5 }).map((f) => f.rolloutId)).toEqual([ids[1]]);
  });
});
