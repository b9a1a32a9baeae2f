import { describe, expect, it } from 'vitest';
import { createPlayerStore, type PlayerDriver, type PlayerStoreApi } from '../../../playback/store';
import { followClock } from './followClock';

/** A store whose driver records seeks and settles them at once, as a decoded frame would. */
function fakePlayer(length: number, state: 'loading' | 'paused' = 'paused'): { store: PlayerStoreApi; seeks: [number, number][] } {
  const store = createPlayerStore();
  const seeks: [number, number][] = [];
  const driver: PlayerDriver = {
    play: () => store.setState({ state: 'playing' }),
    pause: () => store.setState({ state: 'paused' }),
    seek: (frame, direction) => {
      seeks.push([frame, direction]);
      store.setState({ currentFrame: frame, targetFrame: frame });
    },
    setSpeed: (speed) => store.setState({ speed }),
  };
  store.setState({ driver, state, length });
  return { store, seeks };
}

describe('two players on one clock', () => {
  it('shows the step the leader shows, reading ahead while the leader plays forward', () => {
    const leader = fakePlayer(50);
    const follower = fakePlayer(50);
    const stop = followClock(leader.store, follower.store);
    leader.store.setState({ state: 'playing', currentFrame: 1, targetFrame: 1 });
    leader.store.setState({ currentFrame: 2, targetFrame: 2 });
    leader.store.setState({ state: 'seeking', targetFrame: 30 });
    expect(follower.seeks).toEqual([[1, 1], [2, 1], [30, 0]]);
    expect(follower.store.getState().currentFrame).toBe(30);
    stop();
    leader.store.setState({ state: 'paused', currentFrame: 10, targetFrame: 10 });
    expect(follower.store.getState().currentFrame).toBe(30);
  });

  it('holds the last frame of a shorter follower, and catches up once it has loaded', () => {
    const leader = fakePlayer(80);
    const follower = fakePlayer(0, 'loading');
    followClock(leader.store, follower.store);
    leader.store.setState({ currentFrame: 60, targetFrame: 60 });
    expect(follower.seeks).toEqual([]);
    follower.store.setState({ state: 'paused', length: 40 });
    expect(follower.seeks).toEqual([[39, 0]]);
    leader.store.setState({ currentFrame: 61, targetFrame: 61 });
    expect(follower.seeks).toHaveLength(1);
  });
});
