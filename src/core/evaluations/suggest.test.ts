import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_TAGS, type RolloutRecord, type RolloutStep } from '../../shared/rollouts/record';
import { suggestFailureTag } from './suggest';

const TARGET = [0.4, 0.4, 0.6, 0.6] as const;
const DISTRACTOR = [0.05, 0.05, 0.2, 0.2] as const;
const taxonomy = [...DEFAULT_FAILURE_TAGS];

/** A failed rollout of n steps whose policy predicted `box` at each step, with these events at the steps given. */
function rollout(opts: { box?: readonly number[] | null; events?: Record<number, string[]>; reason?: RolloutRecord['reason']; success?: boolean; n?: number }): RolloutRecord {
  const n = opts.n ?? 10;
  const steps: RolloutStep[] = Array.from({ length: n }, (_, t) => ({
    t,
    ...(opts.box !== null && { predicted: { box: [...(opts.box ?? TARGET)] as [number, number, number, number] } }),
    truth: { front: { target: { box: [...TARGET] as [number, number, number, number], point: [0.5, 0.5] } } },
    ...(opts.events?.[t] && { events: opts.events[t] }),
  }));
  return {
    version: 1, source: 'sim', instruction: 'pick the pear', success: opts.success ?? false, reason: opts.reason ?? 'timeout',
    cameras: ['front'], policyCamera: 'front', fps: 10, meta: {}, steps,
  };
}

describe('suggested failure tags', () => {
  it('proposes nothing for a success', () => {
    expect(suggestFailureTag(rollout({ success: true, reason: 'success' }), taxonomy)).toBeNull();
  });

  it('calls a prediction that sat on another object a grounding failure, whatever happened after', () => {
    expect(suggestFailureTag(rollout({ box: DISTRACTOR }), taxonomy)).toBe('wrong_object');
    expect(suggestFailureTag(rollout({ box: DISTRACTOR, reason: 'dropped_object', events: { 3: ['grasp'], 9: ['release', 'drop'] } }), taxonomy)).toBe('wrong_object');
  });

  it('counts the share of steps on the target: mostly on it is not wrong_object', () => {
    const mostlyOn = rollout({});
    for (const step of mostlyOn.steps.slice(0, 4)) step.predicted = { box: [...DISTRACTOR] };
    expect(suggestFailureTag(mostlyOn, taxonomy)).toBe('missed_grasp');
    const mostlyOff = rollout({ box: DISTRACTOR });
    for (const step of mostlyOff.steps.slice(0, 4)) step.predicted = { box: [...TARGET] };
    expect(suggestFailureTag(mostlyOff, taxonomy)).toBe('wrong_object');
  });

  it('without predictions, grasping another object and never the target is wrong_object', () => {
    expect(suggestFailureTag(rollout({ box: null, events: { 4: ['grasp_other'] } }), taxonomy)).toBe('wrong_object');
    expect(suggestFailureTag(rollout({ box: null }), taxonomy)).toBe('missed_grasp');
  });

  it('reads what happened to the target: never grasped, dropped, put down elsewhere, still held at the end', () => {
    expect(suggestFailureTag(rollout({}), taxonomy)).toBe('missed_grasp');
    expect(suggestFailureTag(rollout({ reason: 'dropped_object', events: { 2: ['grasp'], 9: ['release', 'drop'] } }), taxonomy)).toBe('dropped_object');
    expect(suggestFailureTag(rollout({ events: { 2: ['grasp'], 6: ['release'] } }), taxonomy)).toBe('wrong_place');
    expect(suggestFailureTag(rollout({ events: { 2: ['grasp'] } }), taxonomy)).toBe('timeout');
    expect(suggestFailureTag(rollout({ events: { 2: ['grasp'], 4: ['release'], 6: ['grasp'] } }), taxonomy)).toBe('timeout');
    expect(suggestFailureTag(rollout({ reason: 'workspace_violation' }), taxonomy)).toBe('workspace_violation');
    expect(suggestFailureTag(rollout({ reason: 'unknown', events: { 2: ['grasp'] } }), taxonomy)).toBe('other');
  });

  it('only proposes tags the taxonomy has', () => {
    expect(suggestFailureTag(rollout({ box: DISTRACTOR }), taxonomy.filter((t) => t !== 'wrong_object'))).toBeNull();
    expect(suggestFailureTag(rollout({}), ['grounding', 'control'])).toBeNull();
  });
});
