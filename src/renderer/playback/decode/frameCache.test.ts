import { describe, expect, it } from 'vitest';
import { FrameCache } from './frameCache';

function cache(capacity: number) {
  const released: string[] = [];
  const c = new FrameCache<string>(capacity, (f) => released.push(f));
  return { c, released };
}

describe('FrameCache', () => {
  it('evicts the frame farthest from the playhead and releases it', () => {
    const { c, released } = cache(3);
    c.setPlayhead(10, 0);
    for (const i of [9, 10, 11, 20]) c.put(i, `f${i}`);
    expect(released).toEqual(['f20']);
    expect(c.has(20)).toBe(false);
    expect(c.size).toBe(3);
  });

  it('keeps the window ahead in the direction of play rather than frames behind it', () => {
    const { c, released } = cache(3);
    c.setWindow(4, 1);
    c.setPlayhead(10, 1);
    for (const i of [8, 10, 12, 13]) c.put(i, `f${i}`);
    expect(released).toEqual(['f8']);
    c.setPlayhead(10, -1);
    c.put(9, 'f9');
    expect(released).toEqual(['f8', 'f13']);
  });

  it('never drops a frame inside the window for one outside it', () => {
    const { c, released } = cache(4);
    c.setWindow(2, 1);
    c.setPlayhead(10, 1);
    for (const i of [9, 10, 11, 12, 13]) c.put(i, `f${i}`);
    expect(released).toEqual(['f13']);
  });

  it('never evicts the playhead or a pinned frame', () => {
    const { c } = cache(1);
    c.setPlayhead(0, 1);
    c.put(0, 'f0');
    c.pin(50);
    c.put(50, 'f50');
    expect(c.has(0) && c.has(50)).toBe(true);
    c.unpin(50);
    c.put(1, 'f1');
    expect(c.has(50)).toBe(false);
  });

  it('reports a frame that was not worth keeping', () => {
    const { c, released } = cache(2);
    c.setPlayhead(0, 1);
    c.put(0, 'a');
    c.put(1, 'b');
    expect(c.put(99, 'far')).toBe(false);
    expect(released).toEqual(['far']);
  });

  it('releases a replaced frame and everything on clear', () => {
    const { c, released } = cache(4);
    c.put(1, 'old');
    c.put(1, 'new');
    c.clear();
    expect(released).toEqual(['old', 'new']);
    expect(c.size).toBe(0);
  });
});
