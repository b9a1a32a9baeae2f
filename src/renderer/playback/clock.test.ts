import { describe, expect, it } from 'vitest';
import { decideTick, dueFrame } from './clock';

const base = { anchor: { time: 1000, frame: 10 }, fps: 30, speed: 1, current: 10, length: 100, ready: () => true };

describe('clock', () => {
  it('advances one frame per period at 1x and four at 4x', () => {
    expect(dueFrame(base.anchor, 1000 + 1000 / 30, 30, 1)).toBe(11);
    expect(dueFrame(base.anchor, 1000 + 1000 / 30 - 1, 30, 1)).toBe(10);
    expect(dueFrame(base.anchor, 1000 + 1000 / 30, 30, 4)).toBe(14);
    expect(dueFrame(base.anchor, 1000 + 1000, 30, 0.25)).toBe(17);
  });

  it('waits until the next frame is due', () => {
    expect(decideTick({ ...base, now: 1010 })).toEqual({ kind: 'wait' });
  });

  it('presents the due frame and counts the frames it skipped', () => {
    expect(decideTick({ ...base, now: 1000 + 1000 / 30 })).toEqual({ kind: 'present', frame: 11, dropped: 0 });
    expect(decideTick({ ...base, now: 1000 + 3000 / 30 })).toEqual({ kind: 'present', frame: 13, dropped: 2 });
  });

  it('holds every camera on the current frame while one is not ready', () => {
    expect(decideTick({ ...base, now: 1100, ready: () => false })).toEqual({ kind: 'stall', frame: 11 });
  });

  it('shows the next frame rather than skipping to one that is not ready', () => {
    expect(decideTick({ ...base, now: 1200, ready: (f) => f === 11 })).toEqual({ kind: 'present', frame: 11, dropped: 0 });
  });

  it('stops at the last frame', () => {
    expect(decideTick({ ...base, now: 99_999, current: 98 })).toEqual({ kind: 'present', frame: 99, dropped: 0 });
    expect(decideTick({ ...base, now: 99_999, current: 99 })).toEqual({ kind: 'end' });
  });
});
