import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkAborted, type EpisodeSource, type LayoutRead, type ReadContext } from './context';
import { DatasetImportError } from './errors';
import { isListLike, numericColumn, readParquetColumns, type ParquetColumns } from './parquet';
import { fileExists, reportMissingData, templateResolver, type TemplateResolver } from './paths';
import { DEFAULT_TEMPLATES } from './template';

/** Lists `meta/episodes/**\/*.parquet` in name order, which is LeRobot's chunk/file order. */
async function episodeFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** pandas writes the task text as the frame's index: a `task` column or `__index_level_0__`. */
async function readTasks(ctx: ReadContext): Promise<Map<number, string>> {
  const file = path.join(ctx.root, 'meta/tasks.parquet');
  const tasks = new Map<number, string>();
  if (!(await fileExists(file))) {
    ctx.log.add(file, '$', 'missing; instructions come from the episodes metadata only');
    return tasks;
  }
  const read = await readParquetColumns(file, ['task_index', 'task', '__index_level_0__']);
  const text = read.columns.get('task') ?? read.columns.get('__index_level_0__');
  const index = read.columns.get('task_index');
  if (!text || !index) {
    ctx.log.add(file, text ? 'task_index' : 'task', 'column missing; tasks not read');
    return tasks;
  }
  const indices = numericColumn(index, file, 'task_index');
  for (let i = 0; i < read.numRows; i++) tasks.set(indices[i] as number, String(text[i]));
  return tasks;
}

function column(read: ParquetColumns, name: string): Float64Array | null {
  const col = read.columns.get(name);
  return col ? numericColumn(col, read.file, name) : null;
}

function required(read: ParquetColumns, name: string): Float64Array {
  const col = column(read, name);
  if (!col) throw new DatasetImportError(read.file, name, 'column missing');
  return col;
}

/** Resolving a path hits the disk, and many episodes share one file: resolve each file once. */
function cachedResolver(resolver: TemplateResolver): TemplateResolver {
  const cache = new Map<string, ReturnType<TemplateResolver['resolve']>>();
  return {
    resolve(values) {
      const key = JSON.stringify(values);
      let hit = cache.get(key);
      if (!hit) cache.set(key, (hit = resolver.resolve(values)));
      return hit;
    },
  };
}

/**
 * v3.0: episodes are rows of `meta/episodes/**.parquet` pointing into shared data and video files
 * by (chunk_index, file_index), with each episode's time range inside every video file.
 */
export async function readV3Layout(ctx: ReadContext): Promise<LayoutRead> {
  const { root, info, log, infoFile } = ctx;
  const tasks = await readTasks(ctx);
  const metaDir = path.join(root, 'meta/episodes');
  const files = await episodeFiles(metaDir);
  if (files.length === 0) throw new DatasetImportError(metaDir, '$', 'no episode metadata parquet files');
  if (!info.data_path) log.add(infoFile, 'data_path', `missing; using "${DEFAULT_TEMPLATES.v3.data}"`);
  const data = cachedResolver(templateResolver(root, info.data_path ?? null, DEFAULT_TEMPLATES.v3.data, log, infoFile, 'data_path'));
  const video = cachedResolver(templateResolver(root, info.video_path ?? null, DEFAULT_TEMPLATES.v3.video, log, infoFile, 'video_path'));
  const videoColumns = (key: string) => ['chunk_index', 'file_index', 'from_timestamp', 'to_timestamp'].map((c) => `videos/${key}/${c}`);
  const wanted = [
    'episode_index', 'tasks', 'length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index',
    ...ctx.cameras.flatMap((c) => videoColumns(c.key)),
  ];

  const sources: EpisodeSource[] = [];
  const missingData: string[] = [];
  const seen = new Set<number>();
  for (const file of files) {
    checkAborted(ctx);
    const read = await readParquetColumns(file, wanted);
    const episodeIndex = required(read, 'episode_index');
    const dataChunk = required(read, 'data/chunk_index');
    const dataFileIndex = required(read, 'data/file_index');
    const length = column(read, 'length');
    const from = column(read, 'dataset_from_index');
    const to = column(read, 'dataset_to_index');
    const taskLists = read.columns.get('tasks');
    const cams = ctx.cameras.map((cam) => ({ key: cam.key, cols: videoColumns(cam.key).map((c) => column(read, c)) }));
    for (const cam of cams) {
      const absent = videoColumns(cam.key).filter((_, i) => !cam.cols[i]);
      if (absent.length > 0) log.add(file, absent.join(', '), 'column missing; this camera has no video here', `v3cols:${file}:${cam.key}`);
    }

    for (let row = 0; row < read.numRows; row++) {
      const index = episodeIndex[row] as number;
      if (seen.has(index)) {
        log.add(file, 'episode_index', `episode ${index} listed twice; first entry kept`);
        continue;
      }
      seen.add(index);
      const resolved = await data.resolve({ chunk_index: dataChunk[row] as number, file_index: dataFileIndex[row] as number });
      if (resolved.file === null) {
        missingData.push(resolved.expected);
        continue;
      }
      const listed = taskLists?.[row];
      const source: EpisodeSource = {
        index,
        declaredLength: length ? (length[row] as number) : null,
        tasks: isListLike(listed) ? Array.from(listed, String) : typeof listed === 'string' ? [listed] : [],
        dataFile: resolved.file,
        globalRange: from && to ? [from[row] as number, to[row] as number] : null,
        videos: [],
        missingVideos: new Map(),
      };
      for (const cam of cams) {
        const [chunk, fileIndex, fromTs, toTs] = cam.cols;
        if (!chunk || !fileIndex || !fromTs || !toTs) continue;
        const r = await video.resolve({ video_key: cam.key, chunk_index: chunk[row] as number, file_index: fileIndex[row] as number });
        if (r.file === null) source.missingVideos.set(cam.key, r.expected);
        else source.videos.push({ cameraKey: cam.key, file: r.file, fromTimestamp: fromTs[row] as number, toTimestamp: toTs[row] as number });
      }
      sources.push(source);
    }
  }
  reportMissingData(ctx, missingData, sources.length, info.data_path ?? DEFAULT_TEMPLATES.v3.data);
  return { sources, tasks };
}
