/**
 * Typed failures of the player. A camera that cannot be shown keeps the rest of the episode usable,
 * so most of these end up in that camera's status, not in the player's state.
 */
export type PlayerErrorKind =
  /** The browser has no decoder for this codec (e.g. HEVC, MPEG-4 Part 2): offer a transcode. */
  | 'unsupported-codec'
  /** The media could not be fetched. */
  | 'network'
  /** The file is not an mp4 we can read, or has no video track. */
  | 'demux'
  /** The decoder failed, or never produced a frame it was fed. */
  | 'decode';

export interface PlayerError {
  kind: PlayerErrorKind;
  message: string;
  camera?: string;
  codec?: string;
}

export class PlaybackError extends Error {
  constructor(readonly detail: PlayerError) {
    super(detail.message);
    this.name = 'PlaybackError';
  }
}

/** Turns anything thrown into a PlayerError, keeping typed ones as they are. */
export function toPlayerError(error: unknown, fallback: PlayerErrorKind, camera?: string): PlayerError {
  if (error instanceof PlaybackError) return { ...error.detail, camera: error.detail.camera ?? camera };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: fallback, message, camera };
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function abortError(): Error {
  const error = new Error('superseded');
  error.name = 'AbortError';
  return error;
}
