import { describe, expect, it } from 'vitest';
import { ROLLOUT_FORMAT_VERSION, type RolloutRecord, type RolloutStep } from '../../shared/rollouts/record';
import { chooseSteps, MAX_DEFAULT_STEPS, stepChanges } from './predictedAnnotations';

function record(steps: RolloutStep[]): RolloutRecord {
  return {
    version: ROLLOUT_FORMAT_VERSION, source: 'libero', instruction: 'x', success: true, reason: 'success',
    cameras: ['agentview'], policyCamera: 'agentview', fps: 20, meta: {}, steps,
  };
}

const camera = { name: 'agentview', width: 200, height: 100 };

describe('which steps are annotated', () => {
  it('takes every predicting step of a short rollout', () => {
    const steps = Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? { t, predicted: { point: [0.5, 0.5] as [number, number] } } : { t }));
    expect(chooseSteps(record(steps), undefined)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('thins a long rollout evenly and still keeps its least-sure step', () => {
    const steps: RolloutStep[] = Array.from({ length: 400 }, (_, t) => ({ t, predicted: { point: [0.3 + t / 2000, 0.5] } }));
    steps[201] = { t: 201, predicted: { point: [0.95, 0.05] } };
    const chosen = chooseSteps(record(steps), undefined);
    expect(chosen.filter((t) => t % 7 === 0).length).toBe(MAX_DEFAULT_STEPS - 2);
    expect(chosen.length).toBeLessThanOrEqual(MAX_DEFAULT_STEPS + 10);
    // Step 201 jumped away (and 202 back): the jump is among the annotated frames.
    expect(chosen).toContain(201);
    expect(chosen).toEqual([...chosen].sort((a, b) => a - b));
  });

  it('refuses asked steps that do not exist or predict nothing, naming the entry', () => {
    const rec = record([{ t: 0, predicted: { point: [0.1, 0.1] } }, { t: 1 }, { t: 2, predicted: { box: [0, 0, 0.5, 0.5] } }]);
    expect(chooseSteps(rec, [2, 0, 2])).toEqual([0, 2]);
    expect(() => chooseSteps(rec, [0, 1])).toThrow('steps.1: step 1 has no prediction to annotate');
    expect(() => chooseSteps(rec, [3])).toThrow('steps.0: step 3 is beyond the rollout (steps 0 to 2)');
  });
});

describe('predictions as pixel geometry', () => {
  it('orders and clips a box, pulls an off-image point onto the edge, and drops what has no area', () => {
    const changes = stepChanges({ t: 4, predicted: { point: [1.3, -0.2], box: [0.9, 0.6, 0.2, 1.4] } }, camera, 3);
    expect(changes.map((c) => [c.kind, c.geometry])).toEqual([
      ['point', { x: 200, y: 0, role: 'other' }],
      ['box', { x1: 40, y1: 60, x2: 180, y2: 100 }],
    ]);
    expect(changes[0]).toMatchObject({ op: 'create', camera: 'agentview', frame: 4, labelId: 3, source: 'imported', isTrack: false });
    const flat = stepChanges({ t: 0, predicted: { box: [1.1, 0.2, 1.5, 0.4], trajectory: [[0.5, 0.5]] } }, camera, 3);
    expect(flat).toEqual([]);
  });

  it('puts every trajectory vertex on the step that predicted it', () => {
    const [change] = stepChanges({ t: 6, predicted: { trajectory: [[0, 0], [0.5, 0.5], [1, 1], [1, 0]] } }, camera, 1);
    expect(change!.geometry).toEqual({
      of: 'gripper',
      points: [{ x: 0, y: 0, frame: 6 }, { x: 100, y: 50, frame: 6 }, { x: 200, y: 100, frame: 6 }, { x: 200, y: 0, frame: 6 }],
    });
  });
});
