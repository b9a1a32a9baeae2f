import { describe, expect, it } from 'vitest';
import { boxTrack } from '../../../editor/testing';
import type { Annotation } from '../../../editor/types';
import { annotationRows, sourceOf } from './annotationRows';
import { keyframeMarks } from './keyframeMarks';

const track = boxTrack(
  [
    { frame: 0, value: { x1: 0, y1: 0, x2: 9, y2: 9 }, source: 'manual' },
    { frame: 10, value: { x1: 5, y1: 0, x2: 14, y2: 9 }, source: 'tracked' },
    { frame: 11, value: { x1: 6, y1: 0, x2: 15, y2: 9 }, source: 'tracked' },
    { frame: 20, value: null, source: 'manual' },
    { frame: 30, value: { x1: 5, y1: 0, x2: 14, y2: 9 }, source: 'manual' },
    { frame: 40, value: null, source: 'manual' },
  ],
  { source: 'manual' },
);

describe('the keyframes lane', () => {
  it('ticks each keyframe with its source and hatches absences up to where the object returns', () => {
    const marks = keyframeMarks(track, 100);
    expect(marks.ticks.map((t) => [t.frame, t.source, t.absent])).toEqual([
      [0, 'manual', false],
      [10, 'tracked', false],
      [11, 'tracked', false],
      [20, 'manual', true],
      [30, 'manual', false],
      [40, 'manual', true],
    ]);
    expect(marks.absent).toEqual([[20, 30], [40, 99]]);
    expect(marks.interpolated).toEqual([[0, 10]]);
  });

  it("shows a trajectory's vertices as its keyframes", () => {
    const traj: Annotation = { id: 'r', kind: 'trajectory', camera: 'top', labelId: null, frame: 0, geometry: { of: 'gripper', points: [{ x: 0, y: 0, frame: 4 }, { x: 1, y: 1, frame: 9 }] } };
    expect(keyframeMarks(traj, 50).ticks.map((t) => t.frame)).toEqual([4, 9]);
  });
});

describe('the annotations list', () => {
  it('marks automatic values and says who stored each and when', () => {
    const point: Annotation = { id: 'p', kind: 'point', camera: 'side', labelId: 7, frame: 3, geometry: { x: 1, y: 1, role: 'other' }, source: 'projected', author: 'ana', updatedAt: 5 };
    const drawn: Annotation = { id: 'd', kind: 'point', camera: 'side', labelId: null, frame: 4, geometry: { x: 1, y: 1, role: 'other' } };
    const rows = annotationRows([track, point, drawn], [{ id: 1, name: 'cup', color: '#f00', description: '', createdAt: 0, usage: 0 }], new Map([['t', { author: 'bo', createdAt: 1, updatedAt: 9 }]]), 100);
    expect(rows[0]).toMatchObject({ kindText: 'box track', label: 'cup', color: '#f00', source: 'tracked ×2 · interp.', automatic: true, author: 'bo', updatedAt: 9, from: 0, to: 40 });
    expect(rows[1]).toMatchObject({ kindText: 'point', label: 'class 7 (deleted)', source: 'projected', automatic: true, author: 'ana', updatedAt: 5, from: 3, to: 3 });
    expect(rows[2]).toMatchObject({ source: 'manual', automatic: false, label: '—', updatedAt: null });
    expect(sourceOf({ ...drawn, source: 'tracked' }).text).toBe('tracked');
  });
});
