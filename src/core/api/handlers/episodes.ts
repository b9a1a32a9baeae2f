import { ApiError } from '../../../shared/contract/errors';
import type { CameraInfo, EpisodeDetail, SignalData } from '../../../shared/contract/domain';
import type { Project } from '../../project/project';
import type { Session } from '../../session';
import type { Handlers } from '../dispatch';

/** Codecs that Chromium's WebCodecs decodes everywhere we run; others get the transcode offer. */
const PLAYABLE_CODECS = new Set(['h264', 'av1', 'vp9', 'vp8']);

export function episodeHandlers(session: Session): Pick<Handlers, 'episodes.list' | 'episodes.get' | 'episodes.signals' | 'episodes.setReview'> {
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
    'episodes.setReview': ({ id, status }) => {
      const project = session.requireProject();
      requireEpisode(project, id);
      project.repos.episodes.setReview(id, status);
      return { id, status };
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
      mediaPath: `episode/${id}/${encodeURIComponent(camera.name)}`,
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
