import { describe, expect, it } from 'vitest';
import { balancedChunks, canPair, groupDims, isFlat, layoutSignals, normalizeColumns, plotColumns, splitDimName } from './signalLayout';

const motors = Array.from({ length: 44 }, (_, i) => `motor_${i}`);

describe('splitDimName', () => {
  it('splits a trailing index off the group', () => {
    expect(splitDimName('motor_12')).toEqual({ group: 'motor', member: '12' });
    expect(splitDimName('left_arm.3')).toEqual({ group: 'left_arm', member: '3' });
    expect(splitDimName('joint[2]')).toEqual({ group: 'joint', member: '2' });
  });
  it('falls back to the first word, then to no group', () => {
    expect(splitDimName('main_shoulder_pan')).toEqual({ group: 'main', member: 'shoulder_pan' });
    expect(splitDimName('gripper')).toEqual({ group: '', member: 'gripper' });
  });
});

describe('groupDims', () => {
  it('cuts a long run into plots with ranged titles', () => {
    const groups = groupDims(motors, 8);
    expect(groups).toHaveLength(6);
    expect(groups[0]).toMatchObject({ title: 'motor 0–7', dims: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(groups[5]).toMatchObject({ title: 'motor 37–43' });
    expect(groups.map((g) => g.dims.length)).toEqual([8, 8, 7, 7, 7, 7]);
  });
  it('keeps short named runs whole and titled by name', () => {
    const dims = ['left_arm_0', 'left_arm_1', 'left_hand_0', 'left_hand_1', 'left_hand_2'];
    expect(groupDims(dims, 8).map((g) => g.title)).toEqual(['left_arm', 'left_hand']);
  });
  it('merges lone dims instead of giving each a plot, titled by their names', () => {
    const groups = groupDims(['x', 'y', 'z', 'gripper'], 8);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ title: 'x … gripper', dims: [0, 1, 2, 3] });
    expect(groupDims(['x', 'y'], 8)[0]?.title).toBe('x, y');
  });
  it('splits a run just over the limit evenly', () => {
    const joints = [...Array.from({ length: 7 }, (_, i) => `joint_${i}`), 'gripper'];
    expect(groupDims(joints, 6).map((g) => g.title)).toEqual(['joint 0–3', 'joint 4–6', 'gripper']);
  });
  it('gives every dim exactly one plot', () => {
    const dims = groupDims(motors, 5).flatMap((g) => g.dims);
    expect(dims).toEqual(motors.map((_, i) => i));
  });
});

describe('layoutSignals', () => {
  const state = { name: 'state' as const, dims: motors };
  const action = { name: 'action' as const, dims: motors };

  it('pairs state (solid) with action (dashed) of the same dim and colour', () => {
    const groups = layoutSignals([state, action], 'paired', 4);
    expect(groups).toHaveLength(11);
    expect(groups.every((g) => g.series.length === 8)).toBe(true);
    const first = groups[0]!;
    expect(first.series).toHaveLength(8);
    expect(first.series[0]).toMatchObject({ signal: 'state', dim: 0, dashed: false });
    expect(first.series[1]).toMatchObject({ signal: 'action', dim: 0, dashed: true });
    expect(first.series[0]?.color).toBe(first.series[1]?.color);
  });
  it('falls back to separate plots when dims differ', () => {
    const delta = { name: 'action' as const, dims: ['dx', 'dy'] };
    expect(canPair(state, delta)).toBe(false);
    const groups = layoutSignals([state, delta], 'paired', 6);
    expect(groups.some((g) => g.title.startsWith('action'))).toBe(true);
    expect(groups.every((g) => new Set(g.series.map((s) => s.signal)).size === 1)).toBe(true);
  });
  it('puts state first and titles a one-plot signal by its name', () => {
    const sample = [
      { name: 'action' as const, dims: ['dx', 'dy', 'dz', 'droll', 'dpitch', 'dyaw', 'gripper'] },
      { name: 'state' as const, dims: ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_opening'] },
    ];
    const groups = layoutSignals(sample, 'paired');
    expect(groups.map((g) => g.title)).toEqual(['state', 'action']);
    expect(groups[0]?.series).toHaveLength(7);
  });
  it('has keys that are unique and stable', () => {
    const a = layoutSignals([state, action], 'separate').map((g) => g.key);
    expect(new Set(a).size).toBe(a.length);
    expect(layoutSignals([state, action], 'separate').map((g) => g.key)).toEqual(a);
  });
});

describe('plotColumns', () => {
  it('reads row-major values into columns and pads short signals with nulls', () => {
    const signals = [
      { name: 'state' as const, dims: ['a', 'b'], length: 3, values: [1, 10, 2, 20, 3, 30] },
      { name: 'action' as const, dims: ['a', 'b'], length: 2, values: [5, 50, 6, 60] },
    ];
    const [group] = layoutSignals(signals, 'paired');
    const [frames, ...cols] = plotColumns(group!, signals);
    expect(frames).toEqual([0, 1, 2]);
    expect(cols[0]).toEqual([1, 2, 3]);
    expect(cols[1]).toEqual([5, 6, null]);
    expect(cols[2]).toEqual([10, 20, 30]);
  });
});

describe('balancedChunks', () => {
  it('uses the fewest chunks and evens them out', () => {
    expect(balancedChunks([1, 2, 3, 4, 5, 6, 7], 6).map((c) => c.length)).toEqual([4, 3]);
    expect(balancedChunks([1, 2, 3], 6)).toEqual([[1, 2, 3]]);
    expect(balancedChunks([], 6)).toEqual([]);
  });
});

describe('isFlat and normalizeColumns', () => {
  const signals = [
    { name: 'state' as const, dims: ['a', 'b'], length: 3, values: [0, 5, 1, 5, 2, 5] },
    { name: 'action' as const, dims: ['a', 'b'], length: 3, values: [1, 5, 2, 5, 4, 5] },
  ];
  const [group] = layoutSignals(signals, 'paired');
  const [, ...cols] = plotColumns(group!, signals);

  it('tells a constant plot from a moving one', () => {
    expect(isFlat([cols[2]!, cols[3]!])).toBe(true);
    expect(isFlat(cols)).toBe(false);
  });
  it('scales state and action of one dim by their shared range', () => {
    const norm = normalizeColumns(group!, cols);
    expect(norm[0]).toEqual([0, 0.25, 0.5]);
    expect(norm[1]).toEqual([0.25, 0.5, 1]);
    expect(norm[2]).toEqual([0.5, 0.5, 0.5]);
  });
});
