import type { FrameSource } from '../../components/SignalPlot/SignalPlot';
import { playerStore, subscribeCurrentFrame } from '../../playback/store';

/**
 * The one place this feature reaches into the player's store: the plots follow the frame on screen
 * and seek the player. Subscribing outside React keeps a frame tick from re-rendering the episode view.
 */
export const playerFrame: FrameSource = {
  get: () => playerStore.getState().currentFrame,
  subscribe: (listener) => subscribeCurrentFrame(listener),
};

export function seekPlayer(frame: number): void {
  playerStore.getState().seek(frame);
}
