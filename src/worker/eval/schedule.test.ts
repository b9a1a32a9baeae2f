import { describe, expect, it } from 'vitest';
import type { Action } from '../../sim/types';
import { ActionSchedule } from './schedule';

const row = (v: number): Action => [v, 0, 0, 0, 0, 0, v > 0.5 ? 1 : 0];
const chunk = (start: number, n = 4): Action[] => Array.from({ length: n }, (_, i) => row(start + i));

describe('action schedule', () => {
  it('executes the first k actions of each chunk, then asks again', () => {
    const s = new ActionSchedule({ execute: 2 });
    expect(s.needsChunk).toBe(true);
    s.add(chunk(10));
    expect(s.next()[0]).toBe(10);
    expect(s.needsChunk).toBe(false);
    expect(s.next()[0]).toBe(11);
    expect(s.needsChunk).toBe(true);
    s.add(chunk(20));
    expect(s.next()[0]).toBe(20);
  });

  it('blends every chunk covering a step with exp(-decay * i) weights, oldest first, dropping expired chunks', () => {
    const s = new ActionSchedule({ ensemble: { decay: 1 } });
    s.add(chunk(0, 2)); // covers steps 0, 1 with 0, 1
    expect(s.next()[0]).toBe(0);
    expect(s.needsChunk).toBe(true);
    s.add(chunk(10, 2)); // covers steps 1, 2 with 10, 11
    const w = [1, Math.exp(-1)];
    expect(s.next()[0]).toBeCloseTo((w[0]! * 1 + w[1]! * 10) / (w[0]! + w[1]!), 12);
    s.add(chunk(20, 2)); // step 2: the first chunk has expired
    expect(s.next()[0]).toBeCloseTo((w[0]! * 11 + w[1]! * 20) / (w[0]! + w[1]!), 12);
  });

  it('with decay 0 averages; an uncovered step is an error', () => {
    const s = new ActionSchedule({ ensemble: { decay: 0 } });
    s.add(chunk(0, 1));
    expect(s.next()[0]).toBe(0);
    expect(() => s.next()).toThrow(/no chunk covers this step/);
    expect(() => new ActionSchedule({ execute: 0 })).toThrow(/execute must be a positive integer/);
  });
});
