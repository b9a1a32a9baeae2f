import { describe, expect, it } from 'vitest';
import { formatTime, frameAtX, markerRows, percentOf, timelineTicks } from './timelineMath';

describe('timeline math', () => {
  it('formats time with the frame within the second', () => {
    expect(formatTime(0, 30)).toBe('0:00.00');
    expect(formatTime(95, 30)).toBe('0:03.05');
    expect(formatTime(30 * 61 + 2, 30)).toBe('1:01.02');
    expect(formatTime(7, 10)).toBe('0:00.7');
  });

  it('puts major ticks on round seconds and minor ones between', () => {
    const ticks = timelineTicks(300, 30);
    const majors = ticks.filter((t) => t.major);
    expect(majors.map((t) => t.label)).toEqual(['0s', '1s', '2s', '3s', '4s', '5s', '6s', '7s', '8s', '9s']);
    expect(majors[1]!.frame).toBe(30);
    expect(ticks.filter((t) => !t.major)[0]!.frame).toBe(6);
  });

  it('keeps long episodes to a dozen labelled ticks', () => {
    const majors = timelineTicks(30 * 600, 30).filter((t) => t.major);
    expect(majors.length).toBeLessThanOrEqual(12);
    expect(majors[1]!.label).toBe('1:00');
  });

  it('maps pointer positions to frames and back', () => {
    expect(frameAtX(150, 100, 100, 11)).toBe(5);
    expect(frameAtX(0, 100, 100, 11)).toBe(0);
    expect(frameAtX(999, 100, 100, 11)).toBe(10);
    expect(percentOf(5, 11)).toBe(50);
  });

  it('stacks markers that would cover each other, and only those', () => {
    // On a 101-frame track: two events on frame 12, one on 13, one far off on 60.
    expect(markerRows([12, 12, 60, 13], 101)).toEqual([0, 1, 0, 2]);
    expect(markerRows([10, 20, 30], 101)).toEqual([0, 0, 0]);
    expect(markerRows([], 0)).toEqual([]);
  });
});
