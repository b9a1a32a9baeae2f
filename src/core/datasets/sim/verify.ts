/**
 * Reads a generated dataset back the way another tool would (parquet reader, ffprobe, the JSON files)
 * and lists every disagreement between them. Used by the tests and by `st4vla generate --verify`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { project } from '../../../sim/camera';
import type { CameraSpec, Vec3 } from '../../../sim/types';
import { probeVideo } from '../../media/ffmpeg';
import { META, dataPath, groundTruthPath, videoPath } from './layout';

/** Largest allowed distance between a ground-truth gripper point and the state's projection. */
export const PROJECTION_TOLERANCE_PX = 0.01;

export type Row = Record<string, unknown>;

export async function readParquetRows(path: string): Promise<Row[]> {
  return parquetReadObjects({ file: await asyncBufferFromFile(path), compressors });
}

const readJson = <T>(dir: string, relative: string): T => JSON.parse(readFileSync(join(dir, relative), 'utf8')) as T;
const readJsonl = <T>(dir: string, relative: string): T[] =>
  readFileSync(join(dir, relative), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);

interface Info {
  codebase_version: string;
  fps: number;
  total_episodes: number;
  total_frames: number;
  total_tasks: number;
  total_videos: number;
  features: Record<string, { dtype: string; shape: number[] }>;
}

export interface VerifyOptions {
  /** Decoding every video is the slow part; false checks the tables only. */
  videos?: boolean;
}

export async function verifySimDataset(dir: string, options: VerifyOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const info = readJson<Info>(dir, META.info);
  const episodes = readJsonl<{ episode_index: number; tasks: string[]; length: number }>(dir, META.episodes);
  const tasks = new Map(readJsonl<{ task_index: number; task: string }>(dir, META.tasks).map((t) => [t.task, t.task_index]));
  const stats = readJsonl<{ episode_index: number; stats: Record<string, { count: number[] }> }>(dir, META.episodesStats);
  const cameras = readJson<{ cameras: (CameraSpec & { video_key: string })[] }>(dir, META.calibration).cameras;
  const videoKeys = Object.keys(info.features).filter((k) => info.features[k]!.dtype === 'video');

  const expect = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const totalFrames = episodes.reduce((sum, e) => sum + e.length, 0);
  expect(info.codebase_version === 'v2.1', `info.json codebase_version is ${info.codebase_version}`);
  expect(info.total_episodes === episodes.length, `info.json total_episodes ${info.total_episodes} != ${episodes.length} lines in episodes.jsonl`);
  expect(info.total_frames === totalFrames, `info.json total_frames ${info.total_frames} != sum of lengths ${totalFrames}`);
  expect(info.total_tasks === tasks.size, `info.json total_tasks ${info.total_tasks} != ${tasks.size} tasks`);
  expect(info.total_videos === episodes.length * videoKeys.length, `info.json total_videos ${info.total_videos} is wrong`);
  expect(stats.length === episodes.length, `episodes_stats.jsonl has ${stats.length} lines for ${episodes.length} episodes`);
  expect(
    cameras.map((c) => c.video_key).sort().join() === [...videoKeys].sort().join(),
    `calibration cameras ${cameras.map((c) => c.video_key).join()} differ from the video features ${videoKeys.join()}`,
  );

  let nextIndex = 0;
  for (const [position, episode] of episodes.entries()) {
    const e = episode.episode_index;
    const where = `episode ${e}`;
    expect(e === position, `${where} is at line ${position} of episodes.jsonl`);
    const rows = await readParquetRows(join(dir, dataPath(e)));
    expect(rows.length === episode.length, `${where}: ${rows.length} data rows, episodes.jsonl says ${episode.length}`);
    const taskIndex = tasks.get(episode.tasks[0] ?? '');
    rows.forEach((row, i) => {
      const bad = (what: string) => problems.push(`${where} row ${i}: ${what}`);
      if (Number(row.frame_index) !== i) bad(`frame_index ${row.frame_index}`);
      if (Number(row.episode_index) !== e) bad(`episode_index ${row.episode_index}`);
      if (Number(row.index) !== nextIndex + i) bad(`index ${row.index}, expected ${nextIndex + i}`);
      if (Number(row.task_index) !== taskIndex) bad(`task_index ${row.task_index}, expected ${taskIndex}`);
      if (Math.abs(Number(row.timestamp) - i / info.fps) > 1e-6) bad(`timestamp ${row.timestamp} != ${i}/${info.fps}`);
    });
    nextIndex += rows.length;
    for (const [key, feature] of Object.entries(stats[position]?.stats ?? {})) {
      const expected = info.features[key]?.dtype === 'video' ? feature.count[0]! > 0 : feature.count[0] === episode.length;
      expect(expected, `${where}: episodes_stats count of ${key} is ${feature.count[0]}`);
    }

    const truth = await readParquetRows(join(dir, groundTruthPath(e)));
    expect(truth.length === episode.length, `${where}: ${truth.length} ground-truth rows for ${episode.length} frames`);
    for (const camera of cameras) {
      // One report per camera and episode: the first frame whose gripper point disagrees.
      const bad = truth.findIndex((row, i) => {
        const state = rows[i]?.['observation.state'] as number[] | undefined;
        if (!state) return false;
        const [u, v] = project(camera, state.slice(0, 3) as Vec3);
        const point = row[`${camera.name}.gripper`] as number[];
        return !(Math.hypot(point[0]! - u, point[1]! - v) <= PROJECTION_TOLERANCE_PX);
      });
      expect(bad < 0, `${where} frame ${bad}: ${camera.name}.gripper is more than ${PROJECTION_TOLERANCE_PX} px from the projected state`);
    }

    if (options.videos === false) continue;
    const videos = await Promise.all(cameras.map((camera) => probeVideo(join(dir, videoPath(e, camera.name)))));
    cameras.forEach((camera, c) => {
      const video = videos[c]!;
      const [height, width] = info.features[camera.video_key]?.shape ?? [];
      expect(video.frames === episode.length, `${where}: ${camera.name} video has ${video.frames} frames for ${episode.length} rows`);
      expect(video.codec === 'h264' && video.pixFmt === 'yuv420p', `${where}: ${camera.name} video is ${video.codec}/${video.pixFmt}`);
      expect(video.width === width && video.height === height, `${where}: ${camera.name} video is ${video.width}x${video.height}`);
    });
  }
  return problems;
}
