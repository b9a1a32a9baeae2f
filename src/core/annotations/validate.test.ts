import { describe, expect, it } from 'vitest';
import { checkGeometry } from './validate';

const image = { width: 64, height: 48, length: 10 };

describe('checkGeometry', () => {
  it('accepts shapes touching the image border and fills in defaults', () => {
    expect(checkGeometry('c', 'point', false, { x: 64, y: 0 }, 9, image)).toEqual({
      geometry: { x: 64, y: 0, role: 'other' },
      frameStart: 9,
      frameEnd: 9,
    });
    expect(checkGeometry('c', 'box', false, { x1: 0, y1: 0, x2: 64, y2: 48 }, 0, image).geometry).toEqual({ x1: 0, y1: 0, x2: 64, y2: 48 });
  });

  it('sorts a track by frame and spans its keyframes; refuses two keyframes on one frame', () => {
    const keyframes = [
      { frame: 7, value: null },
      { frame: 2, value: { x: 1, y: 1 } },
    ];
    const checked = checkGeometry('c', 'point', true, { keyframes }, 0, image);
    expect(checked).toMatchObject({ frameStart: 2, frameEnd: 7 });
    expect((checked.geometry as { keyframes: { frame: number; source: string }[] }).keyframes.map((k) => [k.frame, k.source])).toEqual([
      [2, 'manual'],
      [7, 'manual'],
    ]);
    const twice = { keyframes: [{ frame: 3, value: null }, { frame: 3, value: null }] };
    expect(() => checkGeometry('c', 'point', true, twice, 0, image)).toThrow(/two keyframes on frame 3/);
  });

  it('refuses a box keyframe on a point track, naming the keyframe', () => {
    const keyframes = [{ frame: 0, value: { x1: 1, y1: 1, x2: 2, y2: 2 } }];
    expect(() => checkGeometry('changes.0', 'point', true, { keyframes }, 0, image)).toThrow(/changes\.0: geometry\.keyframes\.0\.value\.x/);
  });
});
