/**
 * Reads frames out of a frame cache folder for the trainer. Each episode's file is read once, on first
 * use, and kept: a cache of a few thousand 128 px frames is tens of megabytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAME_CACHE_INDEX, FRAME_CACHE_VERSION, frameBytes, type FrameCacheEpisode, type FrameCacheIndex } from '../../shared/training/frameCache';
import type { RgbImage } from './augment';

export interface FrameSource {
  readonly size: number;
  frame(episodeId: number, frame: number): RgbImage;
}

export function openFrameStore(dir: string, index?: FrameCacheIndex): FrameSource {
  const idx = index ?? (JSON.parse(readFileSync(join(dir, FRAME_CACHE_INDEX), 'utf8')) as FrameCacheIndex);
  if (idx.version !== FRAME_CACHE_VERSION) throw new Error(`frame cache ${dir} has version ${idx.version}, expected ${FRAME_CACHE_VERSION}`);
  const episodes = new Map<number, FrameCacheEpisode>(idx.episodes.map((e) => [e.episodeId, e]));
  const loaded = new Map<number, Uint8Array>();
  const bytes = frameBytes(idx.size);
  return {
    size: idx.size,
    frame(episodeId, frame) {
      const entry = episodes.get(episodeId);
      if (!entry) throw new Error(`frame cache ${dir} has no episode ${episodeId}`);
      if (!(frame >= 0 && frame < entry.frames)) throw new Error(`episode ${episodeId} has ${entry.frames} cached frames, asked for frame ${frame}`);
      let data = loaded.get(episodeId);
      if (!data) {
        data = new Uint8Array(readFileSync(join(dir, entry.file)));
        if (data.length !== entry.frames * bytes) throw new Error(`${entry.file} holds ${data.length} bytes, expected ${entry.frames * bytes}`);
        loaded.set(episodeId, data);
      }
      return { data: data.subarray(frame * bytes, (frame + 1) * bytes), width: idx.size, height: idx.size };
    },
  };
}
