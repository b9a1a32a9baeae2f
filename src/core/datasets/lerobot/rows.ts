import { checkAborted, type EpisodeSource, type ReadContext } from './context';
import { DatasetImportError } from './errors';
import type { VectorColumn } from './features';
import { isListLike, numericColumn, readParquetColumns, vectorWidth, type ColumnValues, type ParquetColumns } from './parquet';

export interface EpisodeRows {
  source: EpisodeSource;
  timestamps: Float64Array;
  state: Float32Array;
  action: Float32Array;
  /** The most frequent `task_index` of the rows, null when the column is absent. */
  taskIndex: number | null;
}

const SCALAR_COLUMNS = ['timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];

function groupByFile(sources: EpisodeSource[]): Map<string, EpisodeSource[]> {
  const groups = new Map<string, EpisodeSource[]>();
  for (const s of sources) {
    const list = groups.get(s.dataFile);
    if (list) list.push(s);
    else groups.set(s.dataFile, [s]);
  }
  return groups;
}

/** Row numbers of each episode in a file. v3.0 files hold many episodes; v2.x files hold one. */
function splitRows(read: ParquetColumns, sources: EpisodeSource[]): Map<number, number[]> {
  const all = () => Array.from({ length: read.numRows }, (_, i) => i);
  const byEpisode = new Map<number, number[]>(sources.map((s) => [s.index, []]));
  const only = sources.length === 1 ? sources[0] : undefined;
  if (only && only.globalRange === null) return new Map([[only.index, all()]]);
  const episodeCol = read.columns.get('episode_index');
  if (episodeCol) {
    const ep = numericColumn(episodeCol, read.file, 'episode_index');
    for (let r = 0; r < ep.length; r++) byEpisode.get(ep[r] as number)?.push(r);
    return byEpisode;
  }
  const indexCol = read.columns.get('index');
  if (indexCol && sources.every((s) => s.globalRange)) {
    const idx = numericColumn(indexCol, read.file, 'index');
    for (const s of sources) {
      const [from, to] = s.globalRange as [number, number];
      const rows = byEpisode.get(s.index) as number[];
      for (let r = 0; r < idx.length; r++) if ((idx[r] as number) >= from && (idx[r] as number) < to) rows.push(r);
    }
    return byEpisode;
  }
  if (only) return new Map([[only.index, all()]]);
  throw new DatasetImportError(read.file, 'episode_index', 'column missing; cannot tell which rows belong to which episode');
}

/** The data decides the width; info.json's shape only warns when it disagrees. */
function settleWidths(ctx: ReadContext, read: ParquetColumns, columns: VectorColumn[], prefix: string, first: boolean): void {
  for (const c of columns) {
    const col = read.columns.get(c.key);
    if (!col) throw new DatasetImportError(read.file, c.key, 'column missing (declared in meta/info.json features)');
    const width = vectorWidth(col);
    if (!first || width === c.dim || read.numRows === 0) continue;
    ctx.log.add(ctx.infoFile, `features["${c.key}"].shape`, `declares ${c.dim} dimensions, the data has ${width}; names reset to ${prefix}_0..`);
    c.dim = width;
    c.names = Array.from({ length: width }, (_, i) => `${prefix}_${i}`);
  }
}

function fillVector(read: ParquetColumns, columns: VectorColumn[], rows: number[]): Float32Array {
  const width = columns.reduce((a, c) => a + c.dim, 0);
  const out = new Float32Array(rows.length * width);
  let offset = 0;
  for (const c of columns) {
    const col = read.columns.get(c.key) as ColumnValues;
    for (let k = 0; k < rows.length; k++) {
      const v = col[rows[k] as number];
      const base = k * width + offset;
      if (isListLike(v)) {
        if (v.length !== c.dim) throw new DatasetImportError(read.file, c.key, `row ${rows[k]} has ${v.length} values, expected ${c.dim}`);
        for (let j = 0; j < c.dim; j++) out[base + j] = v[j] === null ? Number.NaN : Number(v[j]);
      } else if (c.dim === 1) {
        out[base] = v === null || v === undefined ? Number.NaN : Number(v);
      } else {
        out.fill(Number.NaN, base, base + c.dim);
      }
    }
    offset += c.dim;
  }
  return out;
}

/** Seconds of every row of the file; converted once per file, not once per episode. */
function fileTimestamps(ctx: ReadContext, read: ParquetColumns): { values: Float64Array | null; scale: number } {
  const ts = read.columns.get('timestamp');
  if (ts) return { values: numericColumn(ts, read.file, 'timestamp'), scale: 1 };
  const frame = read.columns.get('frame_index');
  ctx.log.add(read.file, 'timestamp', `column missing; timestamps are ${frame ? 'frame_index' : 'row number'} / fps`, 'no-timestamp');
  return { values: frame ? numericColumn(frame, read.file, 'frame_index') : null, scale: 1 / ctx.info.fps };
}

function modeOf(values: Float64Array | null, rows: number[]): number | null {
  if (!values || rows.length === 0) return null;
  const counts = new Map<number, number>();
  let best: number | null = null;
  for (const r of rows) {
    const v = values[r] as number;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === null || n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

/**
 * Reads every data file once, with only the columns the plan needs, and cuts it into episodes.
 * Episodes that end up with no rows are dropped with a warning.
 */
export async function readRows(
  ctx: ReadContext,
  sources: EpisodeSource[],
  stateColumns: VectorColumn[],
  actionColumns: VectorColumn[],
): Promise<EpisodeRows[]> {
  const groups = groupByFile(sources);
  const wanted = [...SCALAR_COLUMNS, ...stateColumns.map((c) => c.key), ...actionColumns.map((c) => c.key)];
  const out: EpisodeRows[] = [];
  let done = 0;
  for (const [file, group] of groups) {
    checkAborted(ctx);
    const read = await readParquetColumns(file, wanted);
    settleWidths(ctx, read, stateColumns, 'state', done === 0);
    settleWidths(ctx, read, actionColumns, 'action', done === 0);
    const split = splitRows(read, group);
    const time = fileTimestamps(ctx, read);
    const taskCol = read.columns.get('task_index');
    const taskIndex = taskCol ? numericColumn(taskCol, file, 'task_index') : null;
    for (const source of group) {
      const rows = split.get(source.index) ?? [];
      if (rows.length === 0) {
        ctx.log.add(file, 'episode_index', `no rows for episode ${source.index}; episode skipped`);
        continue;
      }
      if (source.globalRange && source.globalRange[1] - source.globalRange[0] !== rows.length) {
        const [from, to] = source.globalRange;
        ctx.log.add(file, 'episode_index', `episode ${source.index} has ${rows.length} rows, its metadata range ${from}:${to} says ${to - from}`);
      }
      out.push({
        source,
        timestamps: Float64Array.from(rows, (r, k) => (time.values ? (time.values[r] as number) : k) * time.scale),
        state: fillVector(read, stateColumns, rows),
        action: fillVector(read, actionColumns, rows),
        taskIndex: modeOf(taskIndex, rows),
      });
    }
    ctx.options.onProgress?.({ stage: 'data', done: ++done, total: groups.size });
  }
  return out;
}
