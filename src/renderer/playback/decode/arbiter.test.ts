import { describe, expect, it } from 'vitest';
import { DecodeArbiter } from './arbiter';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('DecodeArbiter', () => {
  it('holds others back while one waits, and lets them go when nobody does', async () => {
    const arbiter = new DecodeArbiter();
    const [a, b] = [{}, {}];
    arbiter.setUrgent(a, true);
    expect(arbiter.othersUrgent(a)).toBe(false);
    expect(await settled(arbiter.holdBack(a))).toBe(true);
    const held = arbiter.holdBack(b);
    expect(await settled(held)).toBe(false);
    arbiter.setUrgent(a, false);
    expect(await settled(held)).toBe(true);
  });

  it('lets a held camera go as soon as it gets a request of its own, or leaves', async () => {
    const arbiter = new DecodeArbiter();
    const [a, b, c] = [{}, {}, {}];
    arbiter.setUrgent(a, true);
    const heldB = arbiter.holdBack(b);
    const heldC = arbiter.holdBack(c);
    arbiter.setUrgent(b, true);
    expect(await settled(heldB)).toBe(true);
    expect(await settled(heldC)).toBe(false);
    arbiter.leave(c);
    expect(await settled(heldC)).toBe(true);
  });
});
