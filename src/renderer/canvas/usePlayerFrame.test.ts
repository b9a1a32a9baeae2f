import { describe, expect, it } from 'vitest';
import { createPlayerStore } from '../playback/store';
import { frameFeedOf } from './usePlayerFrame';

describe('frameFeedOf', () => {
  it('finds the frame feed in the player store only when its driver can attach canvases', () => {
    const store = createPlayerStore();
    expect(frameFeedOf(store)).toBeNull();
    const commandsOnly = { play() {}, pause() {}, seek() {}, setSpeed() {} };
    store.setState({ driver: commandsOnly });
    expect(frameFeedOf(store)).toBeNull();
    const engine = { ...commandsOnly, attachCanvas: () => () => undefined, onPresent: () => () => undefined };
    store.setState({ driver: engine });
    expect(frameFeedOf(store)).toBe(engine);
  });
});
