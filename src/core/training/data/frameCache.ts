/**
 * The training frame cache: every frame of one camera of a dataset, decoded once and squashed to
 * size x size uint8 RGB, one file per episode under media/training-cache/. Keyed by dataset, camera
 * and size, and stamped with a fingerprint of the source videos (path, size, mtime) and how the
 * episodes map onto them: a matching cache is reused, a stale one rebuilt. A build is written into a
 * staging folder and renamed into place, so a crash or cancel never leaves a half cache that looks whole.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { FRAME_CACHE_INDEX, FRAME_CACHE_VERSION, frameBytes, type FrameCacheEpisode, type FrameCacheIndex } from '../../../shared/training/frameCache';
import type { MediaTools } from '../../media/ffmpeg';
import { resolveInProject, type Project } from '../../project/project';
import { DecodeCancelled } from '../../media/rawFrames';
import { decodeSquareRun } from './decodeSquare';
import { datasetEpisodes } from './episodes';

export const MIN_CACHE_SIZE = 64;
export const MAX_CACHE_SIZE = 128;

export interface FrameCacheRequest {
  datasetId: number;
  camera: string;
  size: number;
}

export interface FrameCacheOptions {
  onProgress?(progress: { done: number; total: number }): void;
  signal?: AbortSignal;
  /** ffmpeg processes at once; each decodes one episode. */
  concurrency?: number;
  tools?: MediaTools;
}

export interface FrameCache {
  dir: string;
  index: FrameCacheIndex;
  /** True when a matching cache was found and nothing was decoded. */
  reused: boolean;
}

interface Planned {
  episodeId: number;
  index: number;
  file: string;
  start: number;
  fps: number;
  frames: number;
  width: number;
  height: number;
}

/** A camera's name as a folder name. */
export const cameraFolder = (camera: string): string => camera.replace(/[^\w.-]+/g, '_');

/** Where the cache of a (dataset, camera, size) lives. */
export function frameCacheDir(project: Project, request: FrameCacheRequest): string {
  const camera = cameraFolder(request.camera);
  return join(project.paths.media, 'training-cache', `dataset-${request.datasetId}`, `${camera}-${request.size}px`);
}

/** Checks the request and finds every episode's video; throws before any decoding. */
function plan(project: Project, request: FrameCacheRequest): { planned: Planned[]; fingerprint: string } {
  const { datasetId, camera, size } = request;
  if (!Number.isInteger(size) || size < MIN_CACHE_SIZE || size > MAX_CACHE_SIZE) {
    throw new ApiError('bad_request', `size: the training image side must be an integer from ${MIN_CACHE_SIZE} to ${MAX_CACHE_SIZE} px, got ${size}`);
  }
  const { repos } = project;
  const planned: Planned[] = [];
  const hash = createHash('sha256').update(JSON.stringify([FRAME_CACHE_VERSION, camera, size]));
  for (const episode of datasetEpisodes(project, datasetId)) {
    const cameras = repos.episodes.camerasOf(episode.id);
    const cam = cameras.find((c) => c.name === camera);
    if (!cam) {
      throw new ApiError('bad_request', `camera: episode ${episode.index} of dataset ${datasetId} has no camera "${camera}" (it has ${cameras.map((c) => `"${c.name}"`).join(', ') || 'none'})`);
    }
    const media = cam.mediaFileId === null ? undefined : repos.datasets.getMediaFile(cam.mediaFileId);
    if (!media || media.kind !== 'video') throw new ApiError('unsupported', `camera "${camera}" of episode ${episode.index} has no video file to decode`);
    const file = resolveInProject(project, media.path);
    if (!existsSync(file)) throw new ApiError('not_found', `video of episode ${episode.index}, camera "${camera}", is missing: ${file}`);
    const stat = statSync(file);
    const start = repos.frames.get(cam.id, 0)?.pts ?? cam.fromTimestamp;
    hash.update(JSON.stringify([episode.id, file, stat.size, Math.round(stat.mtimeMs), start, episode.length]));
    planned.push({ episodeId: episode.id, index: episode.index, file, start, fps: cam.fps, frames: episode.length, width: cam.width, height: cam.height });
  }
  return { planned, fingerprint: hash.digest('hex') };
}

function readIndex(dir: string): FrameCacheIndex | null {
  try {
    return JSON.parse(readFileSync(join(dir, FRAME_CACHE_INDEX), 'utf8')) as FrameCacheIndex;
  } catch {
    return null;
  }
}

/** Builds the cache, or returns the one already there when its sources have not changed. */
export async function buildFrameCache(project: Project, request: FrameCacheRequest, options: FrameCacheOptions = {}): Promise<FrameCache> {
  const { planned, fingerprint } = plan(project, request);
  const dir = frameCacheDir(project, request);
  const existing = readIndex(dir);
  const total = planned.reduce((sum, p) => sum + p.frames, 0);
  if (existing?.version === FRAME_CACHE_VERSION && existing.fingerprint === fingerprint) {
    options.onProgress?.({ done: total, total });
    return { dir, index: existing, reused: true };
  }

  const staging = `${dir}.staging-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    const episodes = await decodeAll(planned, staging, request.size, total, options);
    const index: FrameCacheIndex = {
      version: FRAME_CACHE_VERSION,
      datasetId: request.datasetId,
      camera: request.camera,
      size: request.size,
      mapping: 'squash',
      fingerprint,
      createdAt: Date.now(),
      episodes,
    };
    await writeFile(join(staging, FRAME_CACHE_INDEX), JSON.stringify(index, null, 1));
    // Swap: the old cache moves aside first, so at every moment dir is either the old whole cache or the new one.
    const old = `${dir}.old-${process.pid}-${Date.now()}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(staging, dir);
    rmSync(old, { recursive: true, force: true });
    return { dir, index, reused: false };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

async function decodeAll(planned: Planned[], staging: string, size: number, total: number, options: FrameCacheOptions): Promise<FrameCacheEpisode[]> {
  const bytes = frameBytes(size);
  const progress = new Array<number>(planned.length).fill(0);
  let done = 0;
  const advance = (i: number, frames: number) => {
    if (frames === progress[i]) return;
    done += frames - progress[i]!;
    progress[i] = frames;
    options.onProgress?.({ done, total });
  };
  options.onProgress?.({ done: 0, total });
  // One failure stops the other decoders too, instead of letting them write into a folder being removed.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const results = new Array<FrameCacheEpisode>(planned.length);
  let next = 0;
  const worker = async () => {
    while (next < planned.length && !stop.signal.aborted) {
      const i = next++;
      const p = planned[i]!;
      const out = new Uint8Array(p.frames * bytes);
      const run = { file: p.file, start: p.start, fps: p.fps, count: p.frames, size };
      const decoded = p.frames === 0 ? 0 : await decodeSquareRun(run, out, (n) => advance(i, n), stop.signal, options.tools);
      if (p.frames > 0 && decoded === 0) throw new ApiError('bad_request', `video of episode ${p.index} (${p.file}) gave no frames from ${p.start.toFixed(3)} s`);
      // Rows past the video's end (LeRobot exports sometimes have a frame or two more) see its last frame.
      for (let f = decoded; f < p.frames; f++) out.copyWithin(f * bytes, (decoded - 1) * bytes, decoded * bytes);
      const file = `episode-${p.episodeId}.rgb`;
      await writeFile(join(staging, file), out);
      advance(i, p.frames);
      results[i] = { episodeId: p.episodeId, index: p.index, file, frames: p.frames, decoded, sourceWidth: p.width, sourceHeight: p.height };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, planned.length)) }, () => worker().catch((error) => {
      stop.abort();
      throw error;
    })));
  } catch (error) {
    if (error instanceof DecodeCancelled && options.signal?.aborted) throw new ApiError('cancelled', 'building the training frame cache was cancelled');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.signal?.aborted) throw new ApiError('cancelled', 'building the training frame cache was cancelled');
  return results;
}
