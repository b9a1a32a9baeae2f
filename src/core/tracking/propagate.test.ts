import { describe, expect, it } from 'vitest';
import { framesWithinBudget, MAX_DECODED_BYTES } from './propagate';

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
