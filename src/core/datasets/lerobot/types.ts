/**
 * The normalised result of reading a LeRobot folder. Nothing here has been written anywhere yet:
 * the storage layer persists a plan in one transaction, so a half-read dataset never reaches the
 * project.
 */

/** Layout family; the exact `codebase_version` string is kept in `LeRobotDatasetPlan.version`. */
export type LeRobotLayout = 'v2' | 'v3';

/** What ffprobe says about one video file. Null where the container does not tell. */
export interface VideoProbe {
  codec: string;
  width: number;
  height: number;
  pixFmt: string | null;
  fps: number | null;
  /** From the container (`nb_frames`), else duration x fps rounded; null when neither is known. */
  frameCount: number | null;
  durationSec: number | null;
}

export interface LeRobotCamera {
  /** The feature key, e.g. `observation.images.ego_view`. */
  key: string;
  /** Short display name: the modality.json view name when it maps this key, else the last key segment. */
  name: string;
  /** Probed size of the first video file found; info.json's `shape` only when none could be probed. */
  width: number;
  height: number;
  codec: string | null;
  pixFmt: string | null;
  fps: number;
}

/** A named slice `[start, end)` of the state or action vector (modality.json, or one sub-column each). */
export interface ModalityRange {
  name: string;
  start: number;
  end: number;
}

/** Where one episode's frames of one camera live. */
export interface EpisodeVideo {
  cameraKey: string;
  /** Absolute path of the video file. In v3.0 several episodes share one file. */
  file: string;
  /**
   * The episode occupies `[fromTimestamp, toTimestamp)` seconds of the file. The frame of row i
   * is at `fromTimestamp + episode.timestamps[i]` (how LeRobot itself seeks).
   */
  fromTimestamp: number;
  toTimestamp: number;
  /** Frames of this episode in the file: the whole file in v2.x, the time range x fps in v3.0. */
  frameCount: number;
  probe: VideoProbe;
}

export interface LeRobotEpisodePlan {
  /** `episode_index` as the dataset numbers it (not necessarily 0..n-1). */
  index: number;
  /** Rows read from the data parquet; this wins over the declared length, which only warns. */
  length: number;
  /** Every task text listed for the episode, validity labels ("valid") removed. */
  tasks: string[];
  /** The primary instruction: the task of the rows' `task_index`, else the first listed task; '' if none. */
  instruction: string;
  /** The `timestamp` column in seconds (frame_index / fps when the column is missing). */
  timestamps: Float64Array;
  /** Row-major `length x stateNames.length`. */
  state: Float32Array;
  /** Row-major `length x actionNames.length`. */
  action: Float32Array;
  /** One entry per camera that has a readable file for this episode. */
  videos: EpisodeVideo[];
  /** Absolute path of the data parquet the rows came from. */
  dataFile: string;
}

export interface LeRobotDatasetPlan {
  /** Absolute path of the dataset folder. */
  root: string;
  /** `codebase_version` as written, e.g. "v2.0", "v2.1", "v3.0". */
  version: string;
  layout: LeRobotLayout;
  fps: number;
  robotType: string | null;
  /** Cameras with at least one readable video file; declared cameras without files only warn. */
  cameras: LeRobotCamera[];
  /** Source columns concatenated into the state vector (usually just `observation.state`). */
  stateColumns: string[];
  actionColumns: string[];
  stateNames: string[];
  actionNames: string[];
  modality: { state: ModalityRange[]; action: ModalityRange[] };
  /** task_index -> text, every task the dataset declares (validity labels included). */
  tasks: { index: number; text: string }[];
  /** Sorted by episode index. */
  episodes: LeRobotEpisodePlan[];
  totalFrames: number;
  /** Human-readable, each naming the file (relative to root) and the field. */
  warnings: string[];
}

export interface ReadProgress {
  stage: 'metadata' | 'data' | 'video';
  done: number;
  total: number;
}

export interface ReadLeRobotOptions {
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** Replaces the ffprobe call (the media layer's prober, a cache, a test double). */
  probe?: (file: string) => Promise<VideoProbe>;
}
