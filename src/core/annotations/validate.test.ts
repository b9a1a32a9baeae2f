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
  it('keeps coordinates to 1/1000 px and leaves frames and confidences as sent', () => {
    expect(checkGeometry('c', 'point', false, { x: 10.123456789012345, y: 1 / 3 }, 0, image).geometry).toEqual({ x: 10.123, y: 0.333, role: 'other' });
    const path = { points: [{ x: 2.00049, y: 3.9996, frame: 1 }, { x: 5, y: 6.25, frame: 4 }] };
    expect(checkGeometry('c', 'trajectory', false, path, 1, image).geometry).toEqual({
      of: 'gripper',
      points: [{ x: 2, y: 4, frame: 1 }, { x: 5, y: 6.25, frame: 4 }],
    });
    const keyframes = [{ frame: 2, value: { x1: 1.23456, y1: 2, x2: 30.5555, y2: 40 }, source: 'tracked', confidence: 0.123456 }];
    expect(checkGeometry('c', 'box', true, { keyframes }, 2, image).geometry).toEqual({
      keyframes: [{ frame: 2, value: { x1: 1.235, y1: 2, x2: 30.556, y2: 40 }, source: 'tracked', confidence: 0.123456 }],
    });
    // The caller's object is not rewritten behind its back.
    expect(keyframes[0]!.value.x1).toBe(1.23456);
  });

  it('checks the rounded values: a box rounding to no width is refused, an edge rounding onto the border is inside', () => {
    expect(() => checkGeometry('c', 'box', false, { x1: 5.0001, y1: 1, x2: 5.0004, y2: 2 }, 0, image)).toThrow(/x2 > x1/);
    expect(checkGeometry('c', 'point', false, { x: 64.0004, y: 0 }, 0, image).geometry).toMatchObject({ x: 64 });
    expect(() => checkGeometry('c', 'point', false, { x: 64.001, y: 0 }, 0, image)).toThrow(/geometry\.x: 64\.001 is outside/);
  });
});
