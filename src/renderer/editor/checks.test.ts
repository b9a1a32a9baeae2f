import { describe, expect, it } from 'vitest';
import { runChecks, type CheckOptions } from './checks';
import type { Annotation } from './types';

const options: CheckOptions = { cameras: { top: { width: 640, height: 480 } }, length: 200, labelIds: [1, 2] };
const base = { camera: 'top', labelId: 1, frame: 0 };
const pointTrack = (id: string, xs: [number, number | null][]): Annotation => ({
  ...base,
  id,
  kind: 'point',
  geometry: { keyframes: xs.map(([frame, x]) => ({ frame, value: x === null ? null : { x, y: 100, role: 'other' as const }, source: 'tracked' as const })) },
});
const trajectory = (id: string, pts: [number, number, number][]): Annotation => ({
  ...base,
  id,
  kind: 'trajectory',
  geometry: { of: 'gripper', points: pts.map(([x, y, frame]) => ({ x, y, frame })) },
});
const checksOf = (a: Annotation[]) => runChecks(a, options).map((i) => `${i.check}@${i.frame}:${i.annotationId}`);

describe('checks', () => {
  it('a clean episode has no findings', () => {
    const smooth = pointTrack('t', Array.from({ length: 20 }, (_, f) => [f, 100 + f * 3] as [number, number]));
    const box: Annotation = { ...base, id: 'b', kind: 'box', geometry: { x1: 1, y1: 1, x2: 30, y2: 30 } };
    expect(checksOf([smooth, box, trajectory('tr', [[0, 0, 0], [10, 0, 5], [20, 0, 10]])])).toEqual([]);
  });

  it('flags a sudden jump against the track median, at the frame it lands', () => {
    const xs: [number, number][] = Array.from({ length: 10 }, (_, f) => [f, 100 + f * 2]);
    xs[6] = [6, 300];
    xs.splice(7);
    expect(checksOf([pointTrack('t', xs)])).toContain('jump@6:t');
  });

  it('does not call a reappearance after an absence a jump', () => {
    const xs: [number, number | null][] = [[0, 100], [1, 102], [2, 104], [3, 106], [4, null], [5, 500], [6, 502], [7, 504], [8, 506]];
    expect(checksOf([pointTrack('t', xs)])).toEqual([]);
  });

  it('flags jitter: a path that keeps doubling back', () => {
    const xs: [number, number][] = [[0, 100], [1, 110], [2, 100], [3, 110], [4, 100], [5, 110]];
    expect(checksOf([pointTrack('t', xs)]).some((c) => c.startsWith('jitter'))).toBe(true);
  });

  it('flags outside points, degenerate boxes and backwards trajectory frames', () => {
    const out: Annotation = { ...base, id: 'p', kind: 'point', frame: 7, geometry: { x: 700, y: 10, role: 'other' } };
    const flat: Annotation = { ...base, id: 'b', kind: 'box', frame: 3, geometry: { x1: 5, y1: 5, x2: 5.5, y2: 40 } };
    const back = trajectory('tr', [[0, 0, 10], [5, 5, 12], [9, 9, 8]]);
    expect(checksOf([out, flat, back])).toEqual(['degenerate-box@3:b', 'outside-image@7:p', 'frames-backwards@8:tr']);
  });

  it('points at the midpoint of keyframes too far apart, not across an absence', () => {
    expect(checksOf([pointTrack('t', [[0, 100], [50, 110]])])).toEqual(['sparse-keyframes@25:t']);
    expect(checksOf([pointTrack('t', [[0, 100], [10, null], [50, 110]])])).toEqual([]);
  });

  it('flags a label outside the class list, and skips the check without one', () => {
    const a: Annotation = { ...base, id: 'p', kind: 'point', labelId: 9, geometry: { x: 1, y: 1, role: 'other' } };
    expect(checksOf([a])).toEqual(['unknown-label@0:p']);
    expect(runChecks([a], { ...options, labelIds: null })).toEqual([]);
  });
});
