import { describe, expect, it } from 'vitest';
import { actionWindow, resamplePolyline, splitByEpisode } from './samples';

describe('action windows', () => {
  it('takes the next rows and masks the steps past the end', () => {
    const actions = Float32Array.from({ length: 10 * 2 }, (_, i) => i);
    const mid = actionWindow(actions, 2, 1, 3);
    expect([...mid.values]).toEqual([2, 3, 4, 5, 6, 7]);
    expect([...mid.mask]).toEqual([1, 1, 1]);
    const end = actionWindow(actions, 2, 8, 4);
    expect([...end.values]).toEqual([16, 17, 18, 19, 0, 0, 0, 0]);
    expect([...end.mask]).toEqual([1, 1, 0, 0]);
  });
});

describe('splitByEpisode', () => {
  const ids = Array.from({ length: 20 }, (_, i) => 100 + i);
  it('is seeded, disjoint and complete', () => {
    const a = splitByEpisode(ids, 0.2, 1);
    expect(a).toEqual(splitByEpisode([...ids].reverse(), 0.2, 1));
    expect(a.val).toHaveLength(4);
    expect([...a.train, ...a.val].sort()).toEqual(ids);
    expect(a.train.some((id) => a.val.includes(id))).toBe(false);
    expect(splitByEpisode(ids, 0.2, 2).val).not.toEqual(a.val);
  });
  it('keeps at least one episode on each side when it can', () => {
    expect(splitByEpisode([1, 2], 0.01, 3).val).toHaveLength(1);
    expect(splitByEpisode([1, 2], 0.9, 3).train).toHaveLength(1);
    expect(splitByEpisode([1], 0.5, 3)).toEqual({ train: [1], val: [] });
    expect(() => splitByEpisode(ids, 1, 0)).toThrow(/valFraction/);
  });
});

describe('resamplePolyline', () => {
  it('spaces points evenly along the path', () => {
    const out = resamplePolyline([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 7, y: 0 }], 8);
    expect(out.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((x) => expect.closeTo(x, 9)));
  });
  it('repeats a path that stands still', () => {
    expect(resamplePolyline([{ x: 3, y: 4 }], 3)).toEqual([{ x: 3, y: 4 }, { x: 3, y: 4 }, { x: 3, y: 4 }]);
  });
});
