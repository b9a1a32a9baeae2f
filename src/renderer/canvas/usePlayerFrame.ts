/**
 * The player's current frame of one camera as an image source for the canvas. The player draws every
 * camera's frame onto the canvases attached to its engine; this hook attaches an off-screen canvas of
 * its own and bumps a version after each present, so the image layer redraws exactly when the clock
 * moves and every camera's canvas follows the same clock.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { playerStore, type PlayerStoreApi } from '../playback';

/** What the canvas needs of the player: PlaybackEngine has both methods. */
export interface FrameFeed {
  attachCanvas(camera: string, canvas: HTMLCanvasElement): () => void;
  onPresent(listener: (frame: number) => void): () => void;
}

const isFrameFeed = (driver: unknown): driver is FrameFeed =>
  typeof driver === 'object' && driver !== null && 'attachCanvas' in driver && 'onPresent' in driver;

/**
 * The store's driver when it can feed frames. The store types its driver as commands only, so this
 * checks the engine's shape instead of importing it.
 */
export function frameFeedOf(store: PlayerStoreApi): FrameFeed | null {
  const driver = store.getState().driver;
  return isFrameFeed(driver) ? driver : null;
}

/** The frame feed of the player behind `store`, following it when the episode player is re-created. */
export function useFrameFeed(store: PlayerStoreApi = playerStore): FrameFeed | null {
  return useSyncExternalStore(
    (changed) => store.subscribe((state, previous) => state.driver !== previous.driver && changed()),
    () => frameFeedOf(store),
  );
}

export interface PlayerFrame {
  /** The canvas the player draws this camera into; sized to the decoded frame. */
  image: HTMLCanvasElement | null;
  /** Changes after every frame drawn into `image` (pass it as the view's frameVersion). */
  version: number;
}

/** Subscribes to `camera`'s frames from `feed` for as long as the component is mounted. */
export function usePlayerFrame(feed: FrameFeed | null, camera: string): PlayerFrame {
  const [image, setImage] = useState<HTMLCanvasElement | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!feed) return;
    const canvas = document.createElement('canvas');
    const detach = feed.attachCanvas(camera, canvas);
    const unsubscribe = feed.onPresent(() => setVersion((v) => v + 1));
    setImage(canvas);
    // attachCanvas draws the current frame at once when the player is active; show it.
    setVersion((v) => v + 1);
    return () => {
      unsubscribe();
      detach();
      setImage(null);
    };
  }, [feed, camera]);
  return { image, version };
}
