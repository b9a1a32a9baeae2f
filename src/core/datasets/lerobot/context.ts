import type { WarningLog } from './errors';
import type { DeclaredCamera } from './features';
import type { Info } from './schemas';
import type { ReadLeRobotOptions } from './types';

/** What every stage of one read shares. */
export interface ReadContext {
  root: string;
  infoFile: string;
  info: Info;
  log: WarningLog;
  cameras: DeclaredCamera[];
  options: ReadLeRobotOptions;
}

export interface VideoRef {
  cameraKey: string;
  file: string;
  fromTimestamp: number;
  /** Null in v2.x, where the episode is the whole file and the probe tells its end. */
  toTimestamp: number | null;
}

/** One episode as the metadata describes it, before its rows are read. */
export interface EpisodeSource {
  index: number;
  declaredLength: number | null;
  /** Task texts listed by the episode metadata, as written. */
  tasks: string[];
  /** Absolute path of the data parquet holding its rows. */
  dataFile: string;
  /** v3.0: the episode's `[dataset_from_index, dataset_to_index)` over the global `index` column. */
  globalRange: [number, number] | null;
  videos: VideoRef[];
  /** Declared cameras whose file is missing for this episode: key -> the path that was expected. */
  missingVideos: Map<string, string>;
}

export interface LayoutRead {
  sources: EpisodeSource[];
  /** task_index -> text. */
  tasks: Map<number, string>;
}

export function checkAborted(ctx: ReadContext): void {
  ctx.options.signal?.throwIfAborted();
}
