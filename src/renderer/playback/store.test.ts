import { describe, expect, it, vi } from 'vitest';
import { clampFrame, clampSpeed, createPlayerStore, subscribeCurrentFrame } from './store';

describe('player store', () => {
  it('does nothing without an engine, except remembering speed and focus', () => {
    const store = createPlayerStore();
    store.getState().play();
    store.getState().seek(5);
    store.getState().setSpeed(10);
    store.getState().focus('wrist');
    expect(store.getState()).toMatchObject({ state: 'idle', currentFrame: 0, speed: 4, focused: 'wrist' });
  });

  it('tells subscribers when the frame on screen changes, until they unsubscribe', () => {
    const store = createPlayerStore();
    const listener = vi.fn();
    const unsubscribe = subscribeCurrentFrame(listener, store);
    store.setState({ currentFrame: 3 });
    store.setState({ speed: 2 });
    unsubscribe();
    store.setState({ currentFrame: 4 });
    expect(listener.mock.calls).toEqual([[3]]);
  });

  it('clamps frames and speeds', () => {
    expect(clampFrame(-3, 10)).toBe(0);
    expect(clampFrame(12.4, 10)).toBe(9);
    expect(clampFrame(5, 0)).toBe(0);
    expect(clampSpeed(0.1)).toBe(0.25);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });
});
