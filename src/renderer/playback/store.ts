/**
 * The player's store: what the episode view and the plots read (state, current frame, speed …)
 * and the commands they send. The commands go to the engine that drives decoding and the clock;
 * without an episode loaded they do nothing.
 */
import { useStore } from 'zustand';
import type { CameraInfo } from '../../shared/contract/domain';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PlayerError } from './errors';
import type { Direction } from './decode/frameCache';
import type { PlayerState } from './machine';

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 4;

export type CameraStatusKind = 'loading' | 'ready' | 'unsupported' | 'error';

export interface CameraStatus {
  name: string;
  width: number;
  height: number;
  codec: string;
  frameCount: number;
  status: CameraStatusKind;
  error: PlayerError | null;
}

export interface PlaybackStats {
  /** Frames shown while playing. */
  presented: number;
  /** Frames skipped while playing (the display was too slow for fps × speed). */
  dropped: number;
  /** Times the clock had to wait because a camera's next frame was not decoded yet. */
  late: number;
}

export interface PlayerSnapshot {
  state: PlayerState;
  episodeId: number | null;
  /** The frame every camera shows now. */
  currentFrame: number;
  /** The frame asked for: differs from currentFrame while seeking. */
  targetFrame: number;
  length: number;
  fps: number;
  speed: number;
  cameras: CameraStatus[];
  /** The camera shown alone, or null for all side by side. */
  focused: string | null;
  /** Why the episode could not be loaded at all (camera-level problems are in `cameras`). */
  error: PlayerError | null;
  stats: PlaybackStats;
}

export interface PlayerActions {
  play(): void;
  pause(): void;
  toggle(): void;
  /** Moves by `delta` frames from the frame shown (or being sought); pauses first. */
  step(delta: number): void;
  seek(frame: number): void;
  setSpeed(speed: number): void;
  focus(camera: string | null): void;
}

/** What the store's commands call: the engine. */
export interface PlayerDriver {
  play(): void;
  pause(): void;
  seek(frame: number, direction: Direction): void;
  setSpeed(speed: number): void;
}

export interface PlayerStore extends PlayerSnapshot, PlayerActions {
  driver: PlayerDriver | null;
}

export type PlayerStoreApi = StoreApi<PlayerStore>;

export const EMPTY_STATS: PlaybackStats = { presented: 0, dropped: 0, late: 0 };

export const INITIAL_SNAPSHOT: PlayerSnapshot = {
  state: 'idle',
  episodeId: null,
  currentFrame: 0,
  targetFrame: 0,
  length: 0,
  fps: 30,
  speed: 1,
  cameras: [],
  focused: null,
  error: null,
  stats: EMPTY_STATS,
};

/** A camera as the player lists it before its video is open. */
export function cameraStatusOf(camera: CameraInfo): CameraStatus {
  const { name, width, height, codec, frameCount } = camera;
  return { name, width, height, codec, frameCount, status: 'loading', error: null };
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

export function clampFrame(frame: number, length: number): number {
  if (length <= 0 || !Number.isFinite(frame)) return 0;
  return Math.min(length - 1, Math.max(0, Math.round(frame)));
}

export function createPlayerStore(): PlayerStoreApi {
  return createStore<PlayerStore>()((set, get) => ({
    ...INITIAL_SNAPSHOT,
    driver: null,
    play: () => get().driver?.play(),
    pause: () => get().driver?.pause(),
    toggle: () => (get().state === 'playing' ? get().pause() : get().play()),
    step: (delta) => {
      const { driver, state, targetFrame, currentFrame, length } = get();
      if (!driver || delta === 0) return;
      driver.pause();
      const from = state === 'seeking' ? targetFrame : currentFrame;
      driver.seek(clampFrame(from + delta, length), delta > 0 ? 1 : -1);
    },
    seek: (frame) => get().driver?.seek(clampFrame(frame, get().length), 0),
    setSpeed: (speed) => {
      const clamped = clampSpeed(speed);
      const { driver } = get();
      if (driver) driver.setSpeed(clamped);
      else set({ speed: clamped });
    },
    focus: (camera) => set({ focused: camera }),
  }));
}

/** The store of the studio's episode player; plots follow `currentFrame` and call `seek` here. */
export const playerStore = createPlayerStore();

export function usePlayerStore<T>(selector: (state: PlayerStore) => T, store: PlayerStoreApi = playerStore): T {
  return useStore(store, selector);
}

/** Calls `listener` whenever the frame on screen changes; returns the unsubscribe function. */
export function subscribeCurrentFrame(listener: (frame: number) => void, store: PlayerStoreApi = playerStore): () => void {
  return store.subscribe((state, previous) => {
    if (state.currentFrame !== previous.currentFrame) listener(state.currentFrame);
  });
}
