/**
 * Side by side on one clock: a second player (its own store and engine, so the two never share state)
 * shows the step the leading player shows. The follower never plays by itself; it seeks to each step
 * the leader presents or seeks to, and holds its last frame when it is the shorter of the two.
 */
import { clampFrame, type PlayerStoreApi } from '../../../playback/store';

const ACTIVE = new Set(['paused', 'playing', 'seeking']);

/** Starts following; returns the function that stops it. */
export function followClock(leader: PlayerStoreApi, follower: PlayerStoreApi): () => void {
  const apply = () => {
    const l = leader.getState();
    const f = follower.getState();
    if (!ACTIVE.has(f.state) || !f.driver) return;
    const wanted = clampFrame(l.state === 'seeking' ? l.targetFrame : l.currentFrame, f.length);
    const at = f.state === 'seeking' ? f.targetFrame : f.currentFrame;
    if (wanted === at) return;
    // Forward by one is what playing looks like: let the follower's decoder read ahead.
    f.driver.seek(wanted, wanted === at + 1 ? 1 : 0);
  };
  const offLeader = leader.subscribe((s, p) => {
    if (s.currentFrame !== p.currentFrame || s.targetFrame !== p.targetFrame) apply();
  });
  const offFollower = follower.subscribe((s, p) => {
    // Loaded (or reloaded): catch up with wherever the leader is by now.
    if (!ACTIVE.has(p.state) && ACTIVE.has(s.state)) apply();
  });
  apply();
  return () => {
    offLeader();
    offFollower();
  };
}
