/** Where each file of a LeRobot v2.1 dataset lives, and the names that tie the files together. */
import { CONTROL_HZ } from '../../../sim/types';

export const CODEBASE_VERSION = 'v2.1';
export const CHUNKS_SIZE = 1000;
export const FPS = CONTROL_HZ;
/** Keyframe every second: a reader seeking by timestamp decodes at most fps - 1 extra frames. */
export const KEYFRAME_INTERVAL = FPS;
export const ROBOT_TYPE = 'st4vla_sim_tabletop';

export const DATA_PATH = 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet';
export const VIDEO_PATH = 'videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4';
/** Ours, not LeRobot's: per-frame ground truth beside the data, one file per episode. */
export const GROUND_TRUTH_PATH = 'ground_truth/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet';

export const META = {
  info: 'meta/info.json',
  episodes: 'meta/episodes.jsonl',
  tasks: 'meta/tasks.jsonl',
  episodesStats: 'meta/episodes_stats.jsonl',
  modality: 'meta/modality.json',
  calibration: 'meta/calibration.json',
  simEpisodes: 'meta/sim_episodes.jsonl',
  simDataset: 'meta/sim_dataset.json',
} as const;

export const videoKey = (camera: string) => `observation.images.${camera}`;

export const episodeChunk = (episodeIndex: number) => Math.floor(episodeIndex / CHUNKS_SIZE);

/** Fills a LeRobot path template the way Python's str.format would for these fields. */
export function fillTemplate(template: string, episodeIndex: number, key = ''): string {
  return template
    .replace('{episode_chunk:03d}', String(episodeChunk(episodeIndex)).padStart(3, '0'))
    .replace('{episode_index:06d}', String(episodeIndex).padStart(6, '0'))
    .replace('{video_key}', key);
}

export const dataPath = (episodeIndex: number) => fillTemplate(DATA_PATH, episodeIndex);
export const videoPath = (episodeIndex: number, camera: string) => fillTemplate(VIDEO_PATH, episodeIndex, videoKey(camera));
export const groundTruthPath = (episodeIndex: number) => fillTemplate(GROUND_TRUTH_PATH, episodeIndex);
