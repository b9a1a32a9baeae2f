import path from 'node:path';
import { checkAborted, type EpisodeSource, type LayoutRead, type ReadContext } from './context';
import { DatasetImportError } from './errors';
import { readJsonLines } from './json';
import { fileExists, reportMissingData, templateResolver } from './paths';
import { episodeLineSchema, taskLineSchema, type EpisodeLine } from './schemas';
import { DEFAULT_TEMPLATES } from './template';

/** LeRobot's own default; a 0 or missing value would put every episode in chunk NaN. */
const DEFAULT_CHUNKS_SIZE = 1000;

async function readTasks(ctx: ReadContext): Promise<Map<number, string>> {
  const file = path.join(ctx.root, 'meta/tasks.jsonl');
  const tasks = new Map<number, string>();
  if (!(await fileExists(file))) {
    ctx.log.add(file, '$', 'missing; instructions come from meta/episodes.jsonl only');
    return tasks;
  }
  for (const line of await readJsonLines(file, taskLineSchema, ctx.log)) {
    if (!tasks.has(line.task_index)) tasks.set(line.task_index, line.task);
  }
  return tasks;
}

async function readEpisodeLines(ctx: ReadContext): Promise<EpisodeLine[]> {
  const file = path.join(ctx.root, 'meta/episodes.jsonl');
  if (!(await fileExists(file))) {
    const total = ctx.info.total_episodes;
    if (!total) throw new DatasetImportError(file, '$', 'missing, and meta/info.json has no total_episodes');
    ctx.log.add(file, '$', `missing; assuming episodes 0..${total - 1} from info.json total_episodes`);
    return Array.from({ length: total }, (_, i) => ({ episode_index: i, length: -1, tasks: [] }));
  }
  const lines = await readJsonLines(file, episodeLineSchema, ctx.log);
  if (lines.length === 0) throw new DatasetImportError(file, '$', 'lists no episodes');
  const seen = new Set<number>();
  return lines.filter((line) => {
    if (seen.has(line.episode_index)) {
      ctx.log.add(file, 'episode_index', `episode ${line.episode_index} listed twice; first entry kept`);
      return false;
    }
    seen.add(line.episode_index);
    return true;
  });
}

/** v2.0 / v2.1: one parquet and one mp4 per camera for every episode, located through templates. */
export async function readV2Layout(ctx: ReadContext): Promise<LayoutRead> {
  const { info, root, log, infoFile } = ctx;
  const tasks = await readTasks(ctx);
  const lines = await readEpisodeLines(ctx);
  const chunksSize = info.chunks_size || DEFAULT_CHUNKS_SIZE;
  if (!info.data_path) log.add(infoFile, 'data_path', `missing; using "${DEFAULT_TEMPLATES.v2.data}"`);
  const data = templateResolver(root, info.data_path ?? null, DEFAULT_TEMPLATES.v2.data, log, infoFile, 'data_path');
  const video = templateResolver(root, info.video_path ?? null, DEFAULT_TEMPLATES.v2.video, log, infoFile, 'video_path');

  const sources: EpisodeSource[] = [];
  const missingData: string[] = [];
  for (const line of lines) {
    checkAborted(ctx);
    const values = { episode_index: line.episode_index, episode_chunk: Math.floor(line.episode_index / chunksSize) };
    const dataFile = await data.resolve(values);
    if (dataFile.file === null) {
      missingData.push(dataFile.expected);
      continue;
    }
    const source: EpisodeSource = {
      index: line.episode_index,
      declaredLength: line.length >= 0 ? line.length : null,
      tasks: line.tasks,
      dataFile: dataFile.file,
      globalRange: null,
      videos: [],
      missingVideos: new Map(),
    };
    const found = await Promise.all(
      ctx.cameras.map((cam) => video.resolve({ ...values, video_key: cam.key }).then((r) => [cam.key, r] as const)),
    );
    for (const [cameraKey, r] of found) {
      if (r.file === null) source.missingVideos.set(cameraKey, r.expected);
      else source.videos.push({ cameraKey, file: r.file, fromTimestamp: 0, toTimestamp: null });
    }
    sources.push(source);
  }
  reportMissingData(ctx, missingData, sources.length, info.data_path ?? DEFAULT_TEMPLATES.v2.data);
  return { sources, tasks };
}
