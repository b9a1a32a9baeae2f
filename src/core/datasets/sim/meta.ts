/** The JSON documents under meta/: LeRobot's own, GR00T's modality map, and our sim side files. */
import type { RecordedEpisode } from '../../../sim/contracts';
import { ACTION_NAMES, STATE_NAMES, type CameraSpec } from '../../../sim/types';
import type { DatasetDefinition } from './definition';
import type { EpisodeSpec } from './expand';
import { CHUNKS_SIZE, CODEBASE_VERSION, DATA_PATH, FPS, GROUND_TRUTH_PATH, ROBOT_TYPE, VIDEO_PATH, videoKey } from './layout';
import type { FeatureStats } from './stats';

export interface InfoTotals {
  episodes: number;
  frames: number;
  tasks: number;
}

const scalar = (dtype: 'float32' | 'int64') => ({ dtype, shape: [1], names: null });

export function buildInfo(totals: InfoTotals, cameras: CameraSpec[]) {
  const features: Record<string, unknown> = {
    'observation.state': { dtype: 'float32', shape: [STATE_NAMES.length], names: [...STATE_NAMES] },
    action: { dtype: 'float32', shape: [ACTION_NAMES.length], names: [...ACTION_NAMES] },
  };
  for (const camera of cameras) {
    const { width, height } = camera.intrinsics;
    features[videoKey(camera.name)] = {
      dtype: 'video',
      shape: [height, width, 3],
      names: ['height', 'width', 'channels'],
      info: {
        'video.height': height,
        'video.width': width,
        'video.codec': 'h264',
        'video.pix_fmt': 'yuv420p',
        'video.is_depth_map': false,
        'video.fps': FPS,
        'video.channels': 3,
        has_audio: false,
      },
    };
  }
  Object.assign(features, {
    timestamp: scalar('float32'),
    frame_index: scalar('int64'),
    episode_index: scalar('int64'),
    index: scalar('int64'),
    task_index: scalar('int64'),
  });
  return {
    codebase_version: CODEBASE_VERSION,
    robot_type: ROBOT_TYPE,
    total_episodes: totals.episodes,
    total_frames: totals.frames,
    total_tasks: totals.tasks,
    total_videos: totals.episodes * cameras.length,
    total_chunks: Math.ceil(totals.episodes / CHUNKS_SIZE),
    chunks_size: CHUNKS_SIZE,
    fps: FPS,
    splits: { train: `0:${totals.episodes}` },
    data_path: DATA_PATH,
    video_path: VIDEO_PATH,
    features,
  };
}

/** GR00T's key map: sub-keys named x/y/z and gripper satisfy ST4VLA's pause-frame filter. */
export function buildModality(cameras: CameraSpec[]) {
  const slices = (names: readonly string[]) =>
    Object.fromEntries(names.map((name, i) => [name, { start: i, end: i + 1 }]));
  const keys = ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper'];
  return {
    state: slices(keys),
    action: slices(keys),
    video: Object.fromEntries(cameras.map((c) => [c.name, { original_key: videoKey(c.name) }])),
    annotation: { 'human.action.task_description': { original_key: 'task_index' } },
  };
}

export function buildCalibration(cameras: CameraSpec[]) {
  return {
    world_frame:
      'metres; table surface at z = 0 centred on the origin; x points away from the front camera, ' +
      "y to the front camera's left, z up; angles in radians",
    camera_convention:
      'OpenCV: x right, y down, z forward; p_cam = R * p_world + t with R row-major 3x3; ' +
      'u = fx * x/z + cx, v = fy * y/z + cy; pixel centres at integer + 0.5; no lens distortion',
    cameras: cameras.map((c) => ({
      name: c.name,
      video_key: videoKey(c.name),
      intrinsics: { ...c.intrinsics },
      extrinsics: { rotation: [...c.extrinsics.rotation], translation: [...c.extrinsics.translation] },
    })),
  };
}

export interface EpisodeSummary {
  spec: EpisodeSpec;
  length: number;
  taskIndex: number;
  instruction: string;
  stats: Record<string, FeatureStats>;
}

export function episodeLine(summary: EpisodeSummary) {
  return { episode_index: summary.spec.episodeIndex, tasks: [summary.instruction], length: summary.length };
}

export function episodeStatsLine(summary: EpisodeSummary) {
  return { episode_index: summary.spec.episodeIndex, stats: summary.stats };
}

/** What the sim knows about an episode beyond LeRobot's columns: enough to re-record or audit it. */
export function simEpisodeLine(summary: EpisodeSummary, episode: RecordedEpisode) {
  const { spec } = summary;
  return {
    episode_index: spec.episodeIndex,
    seed: spec.seed,
    family: spec.family,
    variant: spec.variant,
    instruction: summary.instruction,
    task_index: summary.taskIndex,
    length: summary.length,
    target_id: episode.task.targetId,
    reference_id: episode.task.referenceId,
    side: episode.task.side,
    objects: (episode.scenes[0]?.objects ?? []).map((o) => ({ id: o.id, kind: o.kind, colour: o.colour, size: o.size })),
    success: episode.success,
    reason: episode.reason,
  };
}

/** The definition as expanded, so a dataset folder says how to make it again, and where our side files are. */
export function buildSimDatasetRecord(definition: DatasetDefinition, cameras: CameraSpec[]) {
  return {
    generator: 'st4vla-studio sim',
    ground_truth_path: GROUND_TRUTH_PATH,
    cameras: cameras.map((c) => c.name),
    name: definition.name,
    description: definition.description,
    seed: definition.seed,
    episodes: definition.episodes,
    families: Object.fromEntries(definition.families.map((f) => [f.family, f.weight])),
    variants: Object.fromEntries(definition.variants.map((v) => [v.variant, v.weight])),
    resolution: definition.resolution,
  };
}

export const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
