/**
 * What the player's clock sees of one camera: which frames are ready, a way to wait for one, and a
 * way to draw it. The engine depends on this interface only, so it can be tested without a browser.
 */
import type { PlayerError } from '../errors';
import type { Direction } from './frameCache';
import type { Drawable } from './painter';

export interface CameraFrames {
  readonly name: string;
  /** Frames this camera has; frames past it draw black. */
  readonly length: number;
  readonly error: PlayerError | null;
  has(frame: number): boolean;
  /** Resolves once `frame` can be drawn; rejects with AbortError when the signal fires. */
  request(frame: number, signal?: AbortSignal): Promise<void>;
  setPlayhead(frame: number, direction: Direction): void;
  /** Draws `frame` if it is ready (black past the end); false when it is not ready. */
  draw(frame: number, canvas: Drawable): boolean;
  close(): void;
}
