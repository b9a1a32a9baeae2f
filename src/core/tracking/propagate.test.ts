import { describe, expect, it } from 'vitest';
import { framesWithinBudget, MAX_DECODED_BYTES, trackedValue } from './propagate';

describe('framesWithinBudget', () => {
  it('lets small cameras track the most the contract allows and bounds what a large camera holds in memory', () => {
    expect(framesWithinBudget(320, 240)).toBeGreaterThan(300);
    const hd = framesWithinBudget(1920, 1080);
    expect(hd).toBeLessThan(300);
    // The keyframe plus every tracked frame, as float grey images, fit in the budget.
    expect((hd + 1) * 1920 * 1080 * 4).toBeLessThanOrEqual(MAX_DECODED_BYTES);
    expect(framesWithinBudget(100_000, 100_000)).toBe(1);
  });
});

describe('trackedValue', () => {
  const image = { width: 100, height: 80 };
  const box = { geometry: { x1: 0, y1: 0, x2: 10, y2: 10 } };

  it('keeps a point its role, and has none once the point leaves the image', () => {
    const point = { geometry: { x: 5, y: 5, role: 'grasp' as const } };
    expect(trackedValue({ point: { x: 50.12345, y: 40 } }, point, image)).toEqual({ x: 50.123, y: 40, role: 'grasp' });
    expect(trackedValue({ point: { x: 100.5, y: 40 } }, point, image)).toBeNull();
  });

  it('clips a box at the border while most of it shows, and has none once most of it has left', () => {
    expect(trackedValue({ box: { x1: 95, y1: 10, x2: 105, y2: 20 } }, box, image)).toEqual({ x1: 95, y1: 10, x2: 100, y2: 20 });
    expect(trackedValue({ box: { x1: 96, y1: 10, x2: 106, y2: 20 } }, box, image)).toBeNull();
    expect(trackedValue({ box: { x1: -20, y1: -20, x2: -5, y2: -5 } }, box, image)).toBeNull();
  });
});
