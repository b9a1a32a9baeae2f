import { describe, expect, it } from 'vitest';
import { midpointBetweenKeyframes, nextKeyframe, previousKeyframe, sampleTrack, valueAt, type Keyframe, type Track } from './interpolate';

const pt = (x: number, y: number) => ({ x, y, role: 'grasp' as const });
const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });
const key = (frame: number, value: Keyframe['value']): Keyframe => ({ frame, value, source: 'manual' });

describe('valueAt', () => {
  const boxes: Track = { keyframes: [key(10, box(0, 0, 10, 10)), key(20, box(10, 20, 30, 40)), key(30, null), key(40, box(5, 5, 6, 6))] };

  it('moves boxes linearly and says where each value comes from', () => {
    expect(valueAt(boxes, 10)).toEqual({ frame: 10, value: box(0, 0, 10, 10), source: 'keyframe' });
    expect(valueAt(boxes, 15)).toEqual({ frame: 15, value: box(5, 10, 20, 25), source: 'interpolated' });
  });

  it('honours absent spans and the ends of the track', () => {
    expect(valueAt(boxes, 9).source).toBe('absent');
    expect(valueAt(boxes, 25)).toEqual({ frame: 25, value: box(10, 20, 30, 40), source: 'interpolated' });
    expect(valueAt(boxes, 30)).toEqual({ frame: 30, value: null, source: 'absent' });
    expect(valueAt(boxes, 39).value).toBeNull();
    expect(valueAt(boxes, 40).source).toBe('keyframe');
    expect(valueAt(boxes, 99)).toEqual({ frame: 99, value: box(5, 5, 6, 6), source: 'interpolated' });
  });

  it('passes points through every keyframe on a smooth curve, keeping the role', () => {
    const circle: Track = { keyframes: [0, 1, 2, 3, 4].map((k) => key(k * 10, pt(100 * Math.cos(k / 2), 100 * Math.sin(k / 2)))) };
    for (let f = 0; f <= 40; f++) {
      const v = valueAt(circle, f).value as { x: number; y: number; role: string };
      expect(v.role).toBe('grasp');
      // A centripetal spline through points on a circle stays close to it.
      expect(Math.abs(Math.hypot(v.x, v.y) - 100)).toBeLessThan(2);
    }
    expect(valueAt(circle, 20).value).toEqual(pt(100 * Math.cos(1), 100 * Math.sin(1)));
  });

  it('does not overshoot between repeated or unevenly spaced points', () => {
    const track: Track = { keyframes: [key(0, pt(0, 0)), key(10, pt(0, 0)), key(20, pt(100, 0)), key(21, pt(101, 0))] };
    expect(valueAt(track, 5).value).toEqual(pt(0, 0));
    for (let f = 10; f <= 21; f++) {
      const x = (valueAt(track, f).value as { x: number }).x;
      expect(x).toBeGreaterThanOrEqual(-1e-9);
      expect(x).toBeLessThanOrEqual(101 + 1e-9);
    }
  });

  it('accepts keyframes in any order', () => {
    const shuffled: Track = { keyframes: [key(20, box(10, 20, 30, 40)), key(10, box(0, 0, 10, 10))] };
    expect(valueAt(shuffled, 15).value).toEqual(box(5, 10, 20, 25));
  });
});

describe('sampleTrack', () => {
  it('agrees with valueAt on every frame', () => {
    const track: Track = { keyframes: [key(3, pt(0, 0)), key(8, pt(10, 5)), key(12, null), key(15, pt(3, 3)), key(30, pt(20, 1))] };
    const samples = sampleTrack(track, 0, 40);
    expect(samples).toHaveLength(41);
    samples.forEach((s) => expect(s).toEqual(valueAt(track, s.frame)));
    expect(sampleTrack(track, 5, 4)).toEqual([]);
  });

  it('samples 10,000 frames well under 50 ms', () => {
    const keyframes = Array.from({ length: 200 }, (_, k) => key(k * 50, k % 7 === 6 ? null : pt(k, (k * 37) % 100)));
    sampleTrack({ keyframes }, 0, 999);
    const started = performance.now();
    const samples = sampleTrack({ keyframes }, 0, 9_999);
    expect(performance.now() - started).toBeLessThan(50);
    expect(samples).toHaveLength(10_000);
  });
});

describe('keyframe navigation', () => {
  const track: Track = { keyframes: [key(10, pt(0, 0)), key(20, pt(1, 1)), key(21, null), key(40, pt(2, 2))] };

  it('finds the previous and next keyframes', () => {
    expect(previousKeyframe(track, 10)).toBeUndefined();
    expect(previousKeyframe(track, 15)).toBe(10);
    expect(previousKeyframe(track, 20)).toBe(10);
    expect(nextKeyframe(track, 20)).toBe(21);
    expect(nextKeyframe(track, 5)).toBe(10);
    expect(nextKeyframe(track, 40)).toBeUndefined();
  });

  it('finds the midpoint between the surrounding keyframes', () => {
    expect(midpointBetweenKeyframes(track, 12)).toBe(15);
    expect(midpointBetweenKeyframes(track, 30)).toBe(30);
    expect(midpointBetweenKeyframes(track, 20)).toBeUndefined();
    expect(midpointBetweenKeyframes(track, 5)).toBeUndefined();
    expect(midpointBetweenKeyframes(track, 45)).toBeUndefined();
  });
});
