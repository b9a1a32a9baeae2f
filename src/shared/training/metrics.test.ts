import { describe, expect, it } from 'vitest';
import { actionL1, boxIoU, MetricMeans, pointHit, trajectoryErrors } from './metrics';

const px = (v: number) => v / 224;

describe('point hits', () => {
  it('counts a point within 10 px at 224 as a hit and one just beyond as a miss', () => {
    expect(pointHit([0.5, 0.5], [0.5, 0.5])).toBe(true);
    expect(pointHit([0.5 + px(6), 0.5 + px(8)], [0.5, 0.5])).toBe(true); // exactly 10 px
    expect(pointHit([0.5 + px(10.2), 0.5], [0.5, 0.5])).toBe(false);
  });
  it('counts a far point inside the target box as a hit', () => {
    expect(pointHit([0.1, 0.1], [0.5, 0.5], [0.6, 0.6, 0.05, 0.05])).toBe(true);
    expect(pointHit([0.7, 0.7], [0.5, 0.5], [0.05, 0.05, 0.6, 0.6])).toBe(false);
  });
});

describe('box IoU', () => {
  it('is 1 for the same box, 0 apart, and the overlap ratio between', () => {
    expect(boxIoU([0.1, 0.1, 0.5, 0.5], [0.1, 0.1, 0.5, 0.5])).toBeCloseTo(1);
    expect(boxIoU([0, 0, 0.2, 0.2], [0.5, 0.5, 0.7, 0.7])).toBe(0);
    // Two 0.4-wide squares shifted by half: intersection 0.2×0.4, union 2×0.16 − 0.08.
    expect(boxIoU([0, 0, 0.4, 0.4], [0.2, 0, 0.6, 0.4])).toBeCloseTo(0.08 / 0.24);
    expect(boxIoU([0.5, 0.5, 0.1, 0.1], [0.1, 0.1, 0.5, 0.5])).toBeCloseTo(1);
    expect(boxIoU([0.2, 0.2, 0.2, 0.2], [0.2, 0.2, 0.2, 0.2])).toBe(0);
  });
});

describe('trajectory errors', () => {
  it('averages the point distances and takes the last one, in px at 224', () => {
    const target = [0, 0, 0.5, 0.5, 1, 1];
    const predicted = [px(3), px(4), 0.5, 0.5, 1, 1 - px(12)];
    const { ade, fde } = trajectoryErrors(predicted, target);
    expect(ade).toBeCloseTo((5 + 0 + 12) / 3);
    expect(fde).toBeCloseTo(12);
    expect(() => trajectoryErrors([0, 0], target)).toThrow(/same length/);
  });
});

describe('action L1', () => {
  it('averages absolute differences over unmasked steps only', () => {
    const target = [0, 0, 1, 1, 9, 9];
    const predicted = [0.5, -0.5, 1, 2, 0, 0];
    const { sum, count } = actionL1(predicted, target, [1, 1, 0], 2);
    expect(count).toBe(4);
    expect(sum / count).toBeCloseTo((0.5 + 0.5 + 0 + 1) / 4);
  });
});

describe('metric means', () => {
  it('averages per name, weighting sums by their counts, and leaves out names never added', () => {
    const m = new MetricMeans();
    m.add('a', 1);
    m.add('a', 0);
    m.add('l1', 6, 4);
    m.add('l1', 2, 4);
    expect(m.means()).toEqual({ a: 0.5, l1: 1 });
    expect(new MetricMeans().means()).toEqual({});
  });
});
