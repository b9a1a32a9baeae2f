import { basename } from 'node:path';
import type { Project } from '../../project/project';
import type { LeRobotDatasetPlan, LeRobotEpisodePlan } from '../lerobot/types';
import type { StagedMedia } from './media';

export interface PersistOptions {
  copyMedia: boolean;
  /** Per-camera calibration and sim ground truth, when the dataset came from the built-in environment. */
  extras?: DatasetExtras;
  onEpisode?: (done: number, total: number) => void;
}

export interface DatasetExtras {
  calibration?: Record<string, { calibration: unknown; path: string }>;
  truth?: Map<number, { truthPath: string; seed: number; variant: string; taskSpec: unknown; termination: string | null }>;
  metadata?: Record<string, unknown>;
}

/**
 * Writes a read plan in ONE transaction: a throw anywhere (a constraint, a bad value) leaves the
 * project exactly as it was. Returns the new dataset's id.
 */
export function persistPlan(project: Project, plan: LeRobotDatasetPlan, media: StagedMedia, options: PersistOptions): number {
  const { repos } = project;
  return repos.transaction(() => {
    const datasetId = repos.datasets.insert({
      name: repos.datasets.uniqueName(basename(plan.root)),
      sourceFormat: 'lerobot',
      sourceVersion: plan.version,
      sourcePath: plan.root,
      fps: plan.fps,
      importOptions: { copyMedia: options.copyMedia },
      copyMedia: options.copyMedia,
      warnings: plan.warnings,
      metadata: {
        robotType: plan.robotType,
        modality: plan.modality,
        cameras: plan.cameras.map((c) => c.key),
        ...(options.extras?.metadata ?? {}),
      },
    });
    const mediaIds = new Map<string, number>();
    const mediaId = (file: string, codec: string, pixFmt: string | null): number => {
      let id = mediaIds.get(file);
      if (id === undefined) {
        const staged = media.locate(file);
        id = repos.datasets.insertMediaFile({
          datasetId,
          path: staged.path,
          inProject: staged.inProject,
          kind: 'video',
          codec,
          pixFmt,
          sizeBytes: staged.sizeBytes,
          mtimeMs: staged.mtimeMs,
        });
        mediaIds.set(file, id);
      }
      return id;
    };
    plan.episodes.forEach((episode, i) => {
      persistEpisode(project, plan, episode, datasetId, mediaId, options.extras);
      options.onEpisode?.(i + 1, plan.episodes.length);
    });
    return datasetId;
  });
}

function persistEpisode(
  project: Project,
  plan: LeRobotDatasetPlan,
  episode: LeRobotEpisodePlan,
  datasetId: number,
  mediaId: (file: string, codec: string, pixFmt: string | null) => number,
  extras: DatasetExtras | undefined,
): void {
  const { repos } = project;
  const episodeId = repos.episodes.insert({
    datasetId,
    index: episode.index,
    instruction: episode.instruction,
    tasks: episode.tasks,
    length: episode.length,
    fps: plan.fps,
  });
  for (const video of episode.videos) {
    const camera = plan.cameras.find((c) => c.key === video.cameraKey);
    const name = camera?.name ?? video.cameraKey;
    const fileId = mediaId(video.file, video.probe.codec, video.probe.pixFmt);
    // Frame i of the episode is the i-th frame of the stream from fromTimestamp; never index past
    // what the video holds, so a short video shows fewer frames instead of wrong ones.
    const frameCount = Math.min(episode.length, video.frameCount);
    const calibration = extras?.calibration?.[name] ?? extras?.calibration?.[video.cameraKey];
    const cameraId = repos.episodes.insertCamera({
      episodeId,
      name,
      key: video.cameraKey,
      width: video.probe.width,
      height: video.probe.height,
      fps: video.probe.fps ?? plan.fps,
      frameCount,
      mediaFileId: fileId,
      fromTimestamp: video.fromTimestamp,
      calibration: calibration?.calibration ?? null,
      calibrationPath: calibration?.path ?? null,
    });
    const rows = [];
    for (let i = 0; i < frameCount; i++) {
      const t = episode.timestamps[i] ?? i / plan.fps;
      rows.push({ frameIndex: i, timestamp: t, mediaFileId: fileId, pts: video.fromTimestamp + t });
    }
    repos.frames.insertMany(cameraId, rows);
  }
  if (plan.stateNames.length > 0 && episode.state.length > 0) {
    repos.signals.put({ episodeId, name: 'state', dimNames: plan.stateNames, values: episode.state });
  }
  if (plan.actionNames.length > 0 && episode.action.length > 0) {
    repos.signals.put({ episodeId, name: 'action', dimNames: plan.actionNames, values: episode.action });
  }
  const truth = extras?.truth?.get(episode.index);
  if (truth) repos.episodes.setSimTruth({ episodeId, ...truth });
}
