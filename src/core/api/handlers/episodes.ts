import { ApiError } from '../../../shared/contract/errors';
import type { CameraInfo, EpisodeDetail, SignalData } from '../../../shared/contract/domain';
import type { Project } from '../../project/project';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';
import { transcodeToH264 } from '../../media/transcode';
import { defaultAuthor } from '../../annotations/context';

/** Codecs that Chromium's WebCodecs decodes everywhere we run; others get the transcode offer. */
const PLAYABLE_CODECS = new Set(['h264', 'av1', 'vp9', 'vp8']);

type EpisodeMethods = 'episodes.list' | 'episodes.get' | 'episodes.signals' | 'episodes.setReview' | 'media.transcode';

export function episodeHandlers(session: Session, bus: EventBus): Pick<Handlers, EpisodeMethods> {
  return {
    'episodes.list': (query) => session.requireProject().repos.episodes.list(query),
    'episodes.get': ({ id }) => episodeDetail(session.requireProject(), id),
    'episodes.signals': ({ id }) => {
      const project = session.requireProject();
      requireEpisode(project, id);
      return project.repos.signals.allOf(id).map(
        (s): SignalData => ({ name: s.name as SignalData['name'], dims: s.dimNames, length: s.frameCount, values: Array.from(s.values) }),
      );
    },
    'episodes.setReview': ({ id, status, clientId, author }) => {
      const project = session.requireProject();
      requireEpisode(project, id);
      project.repos.episodes.setReview(id, status, author ?? defaultAuthor());
      bus.emit('episodes.reviewChanged', { id, status, by: clientId });
      return { id, status };
    },
    'media.transcode': async ({ episodeId, camera, jobId }) => {
      const project = session.requireProject();
      const found = project.repos.episodes.camerasOf(requireEpisode(project, episodeId).id).find((c) => c.name === camera);
      if (!found || found.mediaFileId === null) throw new ApiError('not_found', `episode ${episodeId} has no camera "${camera}"`);
      const progress = (phase: string, done: number, extra: { finished?: boolean; error?: string } = {}) =>
        bus.emit('job.progress', { jobId, kind: 'transcode', phase, done, total: 1, finished: false, ...extra });
      const before = episodeDetail(project, episodeId).cameras.find((c) => c.name === camera)!;
      if (before.playable) return before;
      progress('transcoding', 0);
      try {
        await transcodeToH264(project, found.mediaFileId, found.fps);
      } catch (error) {
        const message = `cannot transcode ${camera}: ${error instanceof Error ? error.message : String(error)}`;
        progress('failed', 0, { finished: true, error: message });
        throw new ApiError('unsupported', message);
      }
      progress('done', 1, { finished: true });
      bus.emit('project.changed', { reason: 'transcode' });
      return episodeDetail(project, episodeId).cameras.find((c) => c.name === camera)!;
    },
  };
}

function requireEpisode(project: Project, id: number) {
  const episode = project.repos.episodes.get(id);
  if (!episode) throw new ApiError('not_found', `no episode with id ${id}`);
  return episode;
}

function episodeDetail(project: Project, id: number): EpisodeDetail {
  const { repos } = project;
  const episode = requireEpisode(project, id);
  const dataset = repos.datasets.get(episode.datasetId);
  const cameras = repos.episodes.camerasOf(id).map((camera): CameraInfo => {
    const media = camera.mediaFileId === null ? undefined : repos.datasets.getMediaFile(camera.mediaFileId);
    const codec = media?.codec ?? 'unknown';
    return {
      name: camera.name,
      width: camera.width,
      height: camera.height,
      codec,
      frameCount: camera.frameCount,
      fps: camera.fps,
      fromTimestamp: camera.fromTimestamp,
      // The last segment changes when the file does (a transcode), so no cache serves the old video.
      mediaPath: `episode/${id}/${encodeURIComponent(camera.name)}/${media?.mtimeMs ?? 0}`,
      playable: PLAYABLE_CODECS.has(codec),
    };
  });
  return {
    id: episode.id,
    datasetId: episode.datasetId,
    index: episode.index,
    instruction: episode.instruction,
    length: episode.length,
    fps: episode.fps,
    reviewStatus: episode.reviewStatus,
    annotationCount: repos.annotations.countByEpisode(id),
    datasetName: dataset?.name ?? '',
    cameras,
    signals: repos.signals.infoOf(id).map((s) => ({ name: s.name as 'state' | 'action', dims: s.dimNames })),
  };
}
