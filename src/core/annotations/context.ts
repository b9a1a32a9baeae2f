/**
 * What an edit is checked against (the episode's length and its cameras' images), and the mapping
 * between stored rows (camera ids) and the contract (camera names).
 */
import { userInfo } from 'node:os';
import type { Annotation } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import type { Annotation as StoredAnnotation, Camera, Repositories } from '../db/repositories/index';

export interface EpisodeContext {
  episodeId: number;
  length: number;
  byName: Map<string, Camera>;
  byId: Map<number, Camera>;
}

export function episodeContext(repos: Repositories, episodeId: number): EpisodeContext {
  const episode = repos.episodes.get(episodeId);
  if (!episode) throw new ApiError('not_found', `no episode with id ${episodeId}`);
  const cameras = repos.episodes.camerasOf(episodeId);
  return {
    episodeId,
    length: episode.length,
    byName: new Map(cameras.map((c) => [c.name, c])),
    byId: new Map(cameras.map((c) => [c.id, c])),
  };
}

export function requireCamera(ctx: EpisodeContext, name: string, where: string): Camera {
  const camera = ctx.byName.get(name);
  if (camera) return camera;
  const known = [...ctx.byName.keys()].join(', ') || 'none';
  throw new ApiError('bad_request', `${where}: unknown camera "${name}"; episode ${ctx.episodeId} has ${known}`);
}

export function checkEditFrame(ctx: EpisodeContext, frame: number): void {
  if (frame >= ctx.length) {
    throw new ApiError('bad_request', `frame: frame ${frame} is beyond the episode (frames 0 to ${ctx.length - 1})`);
  }
}

export function toContract(ctx: EpisodeContext, row: StoredAnnotation): Annotation {
  return {
    id: row.id,
    episodeId: row.episodeId,
    camera: ctx.byId.get(row.cameraId)?.name ?? '',
    kind: row.kind,
    frameStart: row.frameStart,
    frameEnd: row.frameEnd,
    isTrack: row.isTrack,
    geometry: row.geometry,
    labelId: row.labelClassId,
    query: row.query,
    source: row.source,
    confidence: row.confidence,
    author: row.author,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The person at this machine; a shell that knows better (a signed-in user) passes `author`. */
export function defaultAuthor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * updatedAt is the version stamp of optimistic concurrency, so two versions of one row must never
 * share it, even when made within one millisecond.
 */
export function nextVersion(previous = 0): number {
  return Math.max(Date.now(), previous + 1);
}
