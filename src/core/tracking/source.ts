/**
 * Where one camera's frames of an episode come from, checked before any decoding: the camera, its
 * video file, the pts of each frame (from the frame index), and how many frames can be tracked.
 */
import { ApiError } from '../../shared/contract/errors';
import { resolveInProject, type Project } from '../project/project';

export interface CameraSource {
  name: string;
  file: string;
  width: number;
  height: number;
  fps: number;
  /** Frames that exist both in the episode and in the camera's video. */
  length: number;
  /** Seconds into the file of `frame`. */
  pts(frame: number): number;
}

export function cameraSource(project: Project, episodeId: number, cameraName: string): CameraSource {
  const { repos } = project;
  const episode = repos.episodes.get(episodeId);
  if (!episode) throw new ApiError('not_found', `no episode with id ${episodeId}`);
  const cameras = repos.episodes.camerasOf(episodeId);
  const camera = cameras.find((c) => c.name === cameraName);
  if (!camera) {
    throw new ApiError('not_found', `camera: episode ${episodeId} has no camera "${cameraName}" (it has ${cameras.map((c) => `"${c.name}"`).join(', ') || 'none'})`);
  }
  const media = camera.mediaFileId === null ? undefined : repos.datasets.getMediaFile(camera.mediaFileId);
  if (!media || media.kind !== 'video') throw new ApiError('unsupported', `camera "${cameraName}" of episode ${episodeId} has no video to track in`);
  const indexed = new Map(repos.frames.list(camera.id).map((f) => [f.frameIndex, f.pts]));
  return {
    name: camera.name,
    file: resolveInProject(project, media.path),
    width: camera.width,
    height: camera.height,
    fps: camera.fps,
    length: Math.min(episode.length, camera.frameCount),
    // Imports index every frame; a camera without rows falls back to a constant frame rate.
    pts: (frame) => indexed.get(frame) ?? camera.fromTimestamp + frame / camera.fps,
  };
}
