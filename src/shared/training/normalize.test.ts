import { describe, expect, it } from 'vitest';
import { NonFiniteActionError, actionLayout, computeActionStatistics, computeStateStatistics, datasetStatisticsJson, denormalizeAction, normalizeAction, statisticsFromJson } from './normalize';

/** 101 frames: x runs 0..100, gripper first (to test the reordering), a constant last. */
function episode(label = 'episode 1'): { label: string; values: Float32Array } {
  const values = new Float32Array(101 * 3);
  for (let f = 0; f <= 100; f++) values.set([f % 2, f, 7], f * 3);
  return { label, values };
}
const DIMS = ['gripper', 'x', 'const'];

describe('action normalisation', () => {
  it('moves gripper dims last, found by name or given explicitly', () => {
    expect(actionLayout(['dx', 'gripper', 'dz'])).toEqual({ names: ['dx', 'dz', 'gripper'], order: [0, 2, 1], mask: [true, true, false] });
    expect(actionLayout(['motor_0', 'motor_1'], ['motor_0']).names).toEqual(['motor_1', 'motor_0']);
    expect(() => actionLayout(['a'], ['claw'])).toThrow(/"claw" is not one of/);
  });

  it('computes numpy-style percentiles and maps them to -1 and 1, clipped', () => {
    const stats = computeActionStatistics([episode()], DIMS);
    expect(stats.names).toEqual(['x', 'const', 'gripper']);
    expect(stats.q01[0]).toBeCloseTo(1);
    expect(stats.q99[0]).toBeCloseTo(99);
    expect(stats.mean[0]).toBeCloseTo(50);
    expect(stats.mask).toEqual([true, true, false]);
    expect([...normalizeAction(stats, [1, 1, 7])]).toEqual([-1, 0, 1]);
    expect(normalizeAction(stats, [0, 50, 7])[0]).toBeCloseTo(0);
    expect(normalizeAction(stats, [0, 500, 7])[0]).toBe(1);
    expect(normalizeAction(stats, [0, -500, 7])[0]).toBe(-1);
  });

  it('inverts the mapping inside the percentile range', () => {
    const stats = computeActionStatistics([episode()], DIMS);
    for (const x of [1, 23.5, 64, 99]) {
      const row = denormalizeAction(stats, normalizeAction(stats, [1, x, 7]));
      expect(row[1]).toBeCloseTo(x, 4);
      expect(row[0]).toBe(1);
    }
  });

  it('names the episode, frame and dim of a NaN before computing anything', () => {
    const bad = episode('episode 42 (dataset "gr1", index 3)');
    bad.values[17 * 3 + 1] = Number.NaN;
    const run = () => computeActionStatistics([episode(), bad], DIMS);
    expect(run).toThrow(NonFiniteActionError);
    expect(run).toThrow('action of episode 42 (dataset "gr1", index 3) at frame 17 is NaN in dimension "x"');
  });

  it('writes dataset_statistics.json in InternVLA-M1 shape and reads it back', () => {
    const stats = computeActionStatistics([episode(), episode('b')], DIMS);
    const json = JSON.parse(JSON.stringify(datasetStatisticsJson(stats, 'franka')));
    expect(Object.keys(json.franka.action).sort()).toEqual(['mask', 'max', 'mean', 'min', 'q01', 'q99', 'std']);
    expect(json.franka).toMatchObject({ num_transitions: 202, num_trajectories: 2 });
    expect(json.franka.action.mask.at(-1)).toBe(false);
    expect(statisticsFromJson(json, 'franka')).toEqual(stats);
    expect(() => statisticsFromJson(json, 'oxe_bridge')).toThrow(/"oxe_bridge"/);
  });

  it('keeps the state statistics beside the action in dataset_statistics.json, no state dim binary', () => {
    const stats = computeActionStatistics([episode(), episode('b')], DIMS);
    stats.state = computeStateStatistics([episode(), episode('b')], ['x', 'y', 'gripper_opening']);
    expect(stats.state.mask).toEqual([true, true, true]);
    const json = JSON.parse(JSON.stringify(datasetStatisticsJson(stats, 'franka')));
    expect(Object.keys(json.franka.state).sort()).toEqual(['mask', 'max', 'mean', 'min', 'q01', 'q99', 'std']);
    const back = statisticsFromJson(json, 'franka');
    expect(back.state!.names).toEqual(['x', 'y', 'gripper_opening']);
    expect(back.state!.q99).toEqual(stats.state.q99);
    expect(normalizeAction(back.state!, [stats.state.q99[0]!, stats.state.q01[1]!, 0])).toEqual(normalizeAction(stats.state, [stats.state.q99[0]!, stats.state.q01[1]!, 0]));
  });
});
