import { describe, expect, it } from 'vitest';
import type { RolloutRecord, RolloutStep } from './record';
import { boxIou, firstLeftTarget, onTargetShare, rolloutSignals } from './signals';

const target = { box: [0.4, 0.4, 0.6, 0.6] as [number, number, number, number], point: [0.5, 0.5] as [number, number] };
function step(t: number, box: [number, number, number, number], point: [number, number]): RolloutStep {
  return { t, predicted: { box, point }, truth: { front: { target } } };
}
const record = (steps: RolloutStep[]): Pick<RolloutRecord, 'policyCamera' | 'steps'> => ({ policyCamera: 'front', steps });

describe('rollout signals', () => {
  it('measures IoU and point error against the target in the policy camera', () => {
    expect(boxIou([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(boxIou([0, 0, 1, 1], [0.5, 0, 1.5, 1])).toBeCloseTo(1 / 3);
    const [s] = rolloutSignals(record([step(0, [0.45, 0.4, 0.65, 0.6], [0.8, 0.5])]));
    expect(s!.iou).toBeCloseTo(0.15 / 0.25);
    expect(s!.pointError).toBeCloseTo(0.3);
    expect(s!.pointInOwnBox).toBe(false);
    expect(s!.pointOnTarget).toBe(false);
  });

  it('finds the first step the prediction left the target, and the share on it', () => {
    const on = step(0, [0.4, 0.4, 0.6, 0.6], [0.5, 0.5]);
    const off = (t: number) => step(t, [0.0, 0.0, 0.1, 0.1], [0.05, 0.05]);
    const signals = rolloutSignals(record([off(0), { ...on, t: 1 }, { ...on, t: 2 }, off(3), off(4)]));
    expect(firstLeftTarget(signals)).toBe(3);
    expect(onTargetShare(signals)).toBeCloseTo(2 / 5);
    expect(firstLeftTarget(rolloutSignals(record([off(0), off(1)])))).toBeNull();
    expect(onTargetShare(rolloutSignals({ policyCamera: null, steps: [on] }))).toBeNull();
  });
});
