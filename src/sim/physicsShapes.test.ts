import { describe, expect, it } from 'vitest';
import { box, contains, containsPoint, disc, extentAlong, halfExtents, overlaps, separation } from './physicsShapes';

describe('footprints', () => {
  it('treats touching as not overlapping, and measures the gap between shapes', () => {
    expect(overlaps(disc(0, 0, 0.05), disc(0.1, 0, 0.05))).toBe(false);
    expect(overlaps(disc(0, 0, 0.05), disc(0.099, 0, 0.05))).toBe(true);
    expect(separation(disc(0, 0, 0.05), disc(0.2, 0, 0.05))).toBeCloseTo(0.1, 12);
    expect(separation(box(0, 0, 0.05, 0.02, 0), disc(0, 0.1, 0.03))).toBeCloseTo(0.05, 12);
    expect(separation(box(0, 0, 0.05, 0.05, 0), box(0.2, 0.2, 0.05, 0.05, 0))).toBeCloseTo(Math.hypot(0.1, 0.1), 12);
  });

  it('separates turned boxes along every face normal', () => {
    const a = box(0, 0, 0.05, 0.01, 0);
    // Turned 45 degrees, its corner reaches 0.0566 towards a; at 0.06 they miss, at 0.05 they cross.
    expect(overlaps(a, box(0.05 + 0.06, 0, 0.04, 0.04, Math.PI / 4))).toBe(false);
    expect(overlaps(a, box(0.05 + 0.05, 0, 0.04, 0.04, Math.PI / 4))).toBe(true);
    expect(separation(a, box(0.05 + 0.06, 0, 0.04, 0.04, Math.PI / 4))).toBeCloseTo(0.06 - 0.04 * Math.SQRT2, 9);
  });

  it('knows containment, extents and points', () => {
    expect(contains(disc(0, 0, 0.08), disc(0.02, 0, 0.03), 0.01)).toBe(true);
    expect(contains(disc(0, 0, 0.08), disc(0.05, 0, 0.03), 0.01)).toBe(false);
    expect(contains(box(0, 0, 0.1, 0.065, 0), box(0, 0, 0.05, 0.02, Math.PI / 2), 0.01)).toBe(true);
    expect(contains(box(0, 0, 0.1, 0.04, 0), box(0, 0, 0.05, 0.02, Math.PI / 2), 0.01)).toBe(false);
    const [lo, hi] = extentAlong(box(0.1, 0, 0.05, 0.02, Math.PI / 2), 0, 1);
    expect(lo).toBeCloseTo(-0.05, 12);
    expect(hi).toBeCloseTo(0.05, 12);
    expect(halfExtents(box(0, 0, 0.05, 0.02, Math.PI / 2))[0]).toBeCloseTo(0.02, 12);
    expect(containsPoint(box(0, 0, 0.05, 0.02, 0), 0.04, 0.01)).toBe(true);
    expect(containsPoint(disc(0, 0, 0.05), 0.04, 0.04)).toBe(false);
  });
});
