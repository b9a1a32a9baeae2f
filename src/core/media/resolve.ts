import { resolveInProject, type Project } from '../project/project';
import type { ThumbnailCache } from './thumbnails';

/**
 * Maps a media path from the contract to a file of the open project. Only ids are accepted, never
 * file paths, so a client cannot ask the shell to stream an arbitrary file.
 */
export async function resolveMedia(project: Project, mediaPath: string, thumbnails: ThumbnailCache): Promise<string | null> {
  const video = mediaPath.match(/^episode\/(\d+)\/([^/]+)(?:\/\d+)?$/);
  if (video) return cameraVideo(project, Number(video[1]), decodeURIComponent(video[2]!))?.file ?? null;
  const thumb = mediaPath.match(/^thumb\/(\d+)$/);
  if (thumb) {
    const episodeId = Number(thumb[1]);
    const first = project.repos.episodes.camerasOf(episodeId)[0];
    if (!first) return null;
    const source = cameraVideo(project, episodeId, first.name);
    return source ? thumbnails.get(String(episodeId), source.file, source.fromTimestamp) : null;
  }
  const rollout = mediaPath.match(/^rollout\/(\d+)\/([^/]+)$/);
  if (rollout) {
    const row = project.repos.rolloutCatalog.get(Number(rollout[1]));
    const camera = row?.cameras.find((c) => c.name === decodeURIComponent(rollout[2]!));
    return camera ? resolveInProject(project, camera.path) : null;
  }
  return null;
}

function cameraVideo(project: Project, episodeId: number, cameraName: string) {
  const camera = project.repos.episodes.camerasOf(episodeId).find((c) => c.name === cameraName);
  if (!camera || camera.mediaFileId === null) return null;
  const media = project.repos.datasets.getMediaFile(camera.mediaFileId);
  if (!media) return null;
  return { file: resolveInProject(project, media.path), fromTimestamp: camera.fromTimestamp };
}
