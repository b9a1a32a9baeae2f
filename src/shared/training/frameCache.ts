/**
 * The frame cache's on-disk format, shared by the host that writes it and the worker that reads it: per
 * episode one file of uint8 RGB frames, size x size, frame-major, and one JSON index beside them.
 * Frames are squashed to the square (no letterbox), so normalised label coordinates carry over unchanged.
 */
export const FRAME_CACHE_VERSION = 1;
export const FRAME_CACHE_INDEX = 'index.json';

export interface FrameCacheEpisode {
  episodeId: number;
  /** The dataset's own episode number. */
  index: number;
  /** File name inside the cache folder. */
  file: string;
  frames: number;
  /** Frames the video really held; the rest (at the end) repeat the last decoded frame. */
  decoded: number;
  sourceWidth: number;
  sourceHeight: number;
}

export interface FrameCacheIndex {
  version: typeof FRAME_CACHE_VERSION;
  datasetId: number;
  camera: string;
  size: number;
  mapping: 'squash';
  /** Hash of every source video's path, size and mtime: a change means the cache is stale. */
  fingerprint: string;
  createdAt: number;
  episodes: FrameCacheEpisode[];
}

export const frameBytes = (size: number) => size * size * 3;
