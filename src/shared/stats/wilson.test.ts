import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

describe('wilsonInterval', () => {
  it('matches the textbook interval and stays inside [0, 1] at the ends', () => {
    // 8 of 10: the Wilson 95 % interval is [0.490, 0.943] (Newcombe 1998, method 3).
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)).toEqual([0, expect.closeTo(0.2775, 4)]);
    expect(wilsonInterval(10, 10)).toEqual([expect.closeTo(0.7225, 4), 1]);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('narrows with more trials at the same rate', () => {
    const [a, b] = wilsonInterval(5, 10);
    const [c, d] = wilsonInterval(500, 1000);
    expect(d - c).toBeLessThan((b - a) / 5);
  });

  it('names the bad count', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/exceeds trial count/);
    expect(() => wilsonInterval(-1, 10)).toThrow(/success count/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/trial count/);
  });
});
