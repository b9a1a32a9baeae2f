import { describe, expect, it } from 'vitest';
import { ImageStats, VectorStats } from './stats';

describe('VectorStats', () => {
  it('gives min, max, mean, population std and count per dimension', () => {
    const s = new VectorStats(2);
    s.add([1, 10]);
    s.add([3, 10]);
    expect(s.result()).toEqual({ min: [1, 10], max: [3, 10], mean: [2, 10], std: [1, 0], count: [2] });
    expect(() => s.add([1])).toThrow('expected 2 values, got 1');
  });
});

describe('ImageStats', () => {
  it('reports channels in [0, 1] with shape [3, 1, 1] and counts frames', () => {
    const s = new ImageStats(2, 1);
    s.add(new Uint8Array([255, 0, 51, 255, 255, 51]));
    s.add(new Uint8Array([255, 0, 51, 255, 255, 51]));
    const r = s.result();
    expect(r.count).toEqual([2]);
    expect(r.min).toEqual([[[1]], [[0]], [[0.2]]]);
    expect(r.max).toEqual([[[1]], [[1]], [[0.2]]]);
    expect(r.mean).toEqual([[[1]], [[0.5]], [[0.2]]]);
    expect((r.std as number[][][])[1]![0]![0]).toBeCloseTo(0.5, 12);
  });

  it('subsamples frames wider than 300 px like LeRobot', () => {
    const width = 320;
    const frame = new Uint8Array(width * 2 * 3);
    // Odd columns are white; a stride of 2 only sees the black even ones.
    for (let x = 1; x < width; x += 2) frame.fill(255, x * 3, x * 3 + 3);
    const s = new ImageStats(width, 2);
    s.add(frame);
    expect(s.result().max).toEqual([[[0]], [[0]], [[0]]]);
  });
});
