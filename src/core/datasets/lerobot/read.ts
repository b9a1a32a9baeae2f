import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkDeclaredCounts } from './checks';
import type { ReadContext } from './context';
import { DatasetImportError, describeError, WarningLog } from './errors';
import { declaredCameras, modalityRanges, namesFromRanges, vectorColumns, type VectorColumn } from './features';
import { readJsonFile } from './json';
import { readV2Layout } from './layout-v2';
import { readV3Layout } from './layout-v3';
import { fileExists } from './paths';
import { readRows, type EpisodeRows } from './rows';
import { infoSchema, modalitySchema, type Info, type Modality } from './schemas';
import type { LeRobotDatasetPlan, LeRobotEpisodePlan, LeRobotLayout, ModalityRange, ReadLeRobotOptions } from './types';
import { attachVideos, probeAll } from './videos';

/** GR00T stores a per-episode validity flag as a task; it is a label, never an instruction. */
const VALIDITY_LABEL = /^\s*(in)?valid\s*$/i;

async function detectLayout(root: string, info: Info, log: WarningLog, infoFile: string): Promise<LeRobotLayout> {
  const version = info.codebase_version;
  if (version === undefined) {
    const v3 = await fileExists(path.join(root, 'meta/episodes'));
    log.add(infoFile, 'codebase_version', `missing; the folder looks like ${v3 ? 'v3.0' : 'v2.x'}`);
    return v3 ? 'v3' : 'v2';
  }
  const major = /^v?(\d+)\.(\d+)/.exec(version);
  if (major?.[1] === '2' || major?.[1] === '3') {
    if (!['v2.0', 'v2.1', 'v3.0'].includes(version)) {
      log.add(infoFile, 'codebase_version', `"${version}" is not a version this reader was tested on; read as v${major[1]}`);
    }
    return major[1] === '2' ? 'v2' : 'v3';
  }
  throw new DatasetImportError(infoFile, 'codebase_version', `"${version}" is not supported (v2.0, v2.1 and v3.0 are)`);
}

/** modality.json is optional: without it the vectors just have no named sub-ranges. */
async function readModality(root: string, log: WarningLog): Promise<Modality | null> {
  const file = path.join(root, 'meta/modality.json');
  if (!(await fileExists(file))) {
    log.add(file, '$', 'missing; state and action have no named sub-ranges');
    return null;
  }
  try {
    return await readJsonFile(file, modalitySchema);
  } catch (err) {
    log.add(file, err instanceof DatasetImportError ? err.field : '$', `ignored (${describeError(err)})`);
    return null;
  }
}

async function requireDirectory(root: string): Promise<void> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new DatasetImportError(root, '$', 'not a folder');
}

function instructionOf(rows: EpisodeRows, tasks: Map<number, string>): { tasks: string[]; instruction: string } {
  const listed = rows.source.tasks.filter((t) => !VALIDITY_LABEL.test(t));
  const fromRows = rows.taskIndex === null ? undefined : tasks.get(rows.taskIndex);
  const primary = fromRows !== undefined && !VALIDITY_LABEL.test(fromRows) ? fromRows : listed[0];
  const all = primary !== undefined && !listed.includes(primary) ? [primary, ...listed] : listed;
  return { tasks: all, instruction: primary ?? '' };
}

function describeVector(ctx: ReadContext, modality: Modality | null, columns: VectorColumn[], section: 'state' | 'action') {
  const dim = columns.reduce((a, c) => a + c.dim, 0);
  const modalityFile = path.join(ctx.root, 'meta/modality.json');
  const ranges: ModalityRange[] = modalityRanges(modality?.[section], columns, dim, ctx.log, modalityFile, section);
  const names = namesFromRanges(ranges, columns.flatMap((c) => c.names), section);
  return { dim, ranges, names };
}

/**
 * Reads a LeRobot v2.0 / v2.1 / v3.0 folder into a plan without writing anything. Missing pieces
 * a user can live with (a declared camera without files, stale totals, a wrong path template that
 * the standard layout repairs) become warnings; a dataset that cannot be read at all throws a
 * DatasetImportError naming the file and the field.
 */
export async function readLeRobotDataset(dir: string, options: ReadLeRobotOptions = {}): Promise<LeRobotDatasetPlan> {
  const root = path.resolve(dir);
  await requireDirectory(root);
  const log = new WarningLog(root);
  const infoFile = path.join(root, 'meta/info.json');
  options.onProgress?.({ stage: 'metadata', done: 0, total: 1 });
  const info = await readJsonFile(infoFile, infoSchema);
  const layout = await detectLayout(root, info, log, infoFile);
  const modality = await readModality(root, log);
  const ctx: ReadContext = { root, infoFile, info, log, cameras: declaredCameras(info, modality), options };

  const { sources, tasks } = layout === 'v3' ? await readV3Layout(ctx) : await readV2Layout(ctx);
  options.onProgress?.({ stage: 'metadata', done: 1, total: 1 });
  const stateColumns = vectorColumns(info, 'observation.state', 'state', log, infoFile);
  const actionColumns = vectorColumns(info, 'action', 'action', log, infoFile);
  if (stateColumns.length === 0) log.add(infoFile, 'features["observation.state"]', 'not declared; episodes have no state');
  if (actionColumns.length === 0) log.add(infoFile, 'features.action', 'not declared; episodes have no action');

  // Probing runs in child processes, so it overlaps with decoding parquet on this thread.
  const probing = probeAll(ctx, sources);
  probing.catch(() => undefined);
  const rows = (await readRows(ctx, sources, stateColumns, actionColumns)).sort((a, b) => a.source.index - b.source.index);
  const probes = await probing;
  const episodesFile = path.join(root, layout === 'v3' ? 'meta/episodes' : 'meta/episodes.jsonl');
  if (rows.length === 0) throw new DatasetImportError(episodesFile, 'episode_index', 'no episode has any data rows');

  const { cameras, videos } = attachVideos(ctx, rows, probes);
  checkDeclaredCounts(ctx, rows, tasks.size, episodesFile);
  const state = describeVector(ctx, modality, stateColumns, 'state');
  const action = describeVector(ctx, modality, actionColumns, 'action');
  const episodes: LeRobotEpisodePlan[] = rows.map((r) => {
    const text = instructionOf(r, tasks);
    if (text.instruction === '') log.add(episodesFile, 'tasks', `episode ${r.source.index} has no task text`);
    return {
      index: r.source.index,
      length: r.timestamps.length,
      ...text,
      timestamps: r.timestamps,
      state: r.state,
      action: r.action,
      videos: videos.get(r.source.index) ?? [],
      dataFile: r.source.dataFile,
    };
  });

  return {
    root,
    version: info.codebase_version ?? (layout === 'v3' ? 'v3.0' : 'v2.1'),
    layout,
    fps: info.fps,
    robotType: info.robot_type ?? null,
    cameras,
    stateColumns: stateColumns.map((c) => c.key),
    actionColumns: actionColumns.map((c) => c.key),
    stateNames: state.names,
    actionNames: action.names,
    modality: { state: state.ranges, action: action.ranges },
    tasks: [...tasks].sort((a, b) => a[0] - b[0]).map(([index, text]) => ({ index, text })),
    episodes,
    totalFrames: episodes.reduce((a, e) => a + e.length, 0),
    warnings: log.list(),
  };
}
