import type { SignalData } from '../../../../shared/contract/domain';

/**
 * How an episode's state and action dimensions are laid out as small multiples. A GR00T episode has
 * 44 + 44 dims: one plot of 88 lines is unreadable and 88 plots do not fit, so dims are grouped by
 * their name (`left_arm_0..6`, `motor_0..43`) and long groups are cut into plots of a few lines each.
 */

export type SignalName = SignalData['name'];

export interface SignalShape {
  name: SignalName;
  dims: string[];
}

export interface PlotSeries {
  signal: SignalName;
  dim: number;
  label: string;
  color: string;
  /** Action is drawn dashed over state, so tracking error is visible without a second plot. */
  dashed: boolean;
}

export interface PlotGroup {
  /** Stable across episodes with the same dims, so the dims picker survives switching episodes. */
  key: string;
  title: string;
  series: PlotSeries[];
}

export type LayoutMode = 'paired' | 'separate';

/** Distinct on a dark background and in the order a reader can tell apart (blue, orange, green, ...). */
export const SERIES_COLORS = ['#5b9cf5', '#f2994a', '#5fc27e', '#eb5757', '#b48ce6', '#e8c547', '#4fc1c6', '#f08fc0'];

/** Splits a dim name into its group and its member: `left_arm_3` -> left_arm / 3, `joint[2]` -> joint / 2. */
export function splitDimName(name: string): { group: string; member: string } {
  const numbered = /^(.*?)[\s._-]*\[?(\d+)\]?$/.exec(name);
  if (numbered && numbered[1]) return { group: numbered[1], member: numbered[2] ?? '' };
  const cut = name.search(/[._]/);
  if (cut > 0) return { group: name.slice(0, cut), member: name.slice(cut + 1) };
  return { group: '', member: name };
}

export interface DimGroup {
  key: string;
  title: string;
  dims: number[];
}

/**
 * Contiguous runs of dims sharing a group name, each cut into chunks of at most `maxPerPlot`. Names
 * without a shared prefix (`x`, `y`, `gripper`) fall into runs of their own neighbours.
 */
export function groupDims(dims: string[], maxPerPlot: number): DimGroup[] {
  const runs: { group: string; dims: number[] }[] = [];
  dims.forEach((name, i) => {
    const { group } = splitDimName(name);
    const last = runs[runs.length - 1];
    if (last && last.group === group) last.dims.push(i);
    else runs.push({ group, dims: [i] });
  });
  const merged = mergeSingletons(runs);
  const out: DimGroup[] = [];
  for (const run of merged) {
    for (const chunk of balancedChunks(run.dims, maxPerPlot)) {
      const first = chunk[0] ?? 0;
      const last = chunk[chunk.length - 1] ?? first;
      const label = run.group || 'dims';
      out.push({ key: `${label}:${first}-${last}`, title: chunkTitle(dims, run, chunk), dims: chunk });
    }
  }
  return out;
}

/** Cuts n items into the fewest chunks of at most `max`, sized evenly: 7 by 6 gives 4 + 3, not 6 + 1. */
export function balancedChunks<T>(items: T[], max: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / Math.max(1, max));
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.ceil((items.length - start) / (count - i));
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

function chunkTitle(dims: string[], run: { group: string; dims: number[] }, chunk: number[]): string {
  if (!run.group) {
    const names = chunk.map((d) => dims[d] ?? '');
    return names.length <= 3 ? names.join(', ') : `${names[0]} … ${names[names.length - 1]}`;
  }
  const first = chunk[0] ?? 0;
  const last = chunk[chunk.length - 1] ?? first;
  return chunk.length === run.dims.length ? run.group : `${run.group} ${rangeLabel(dims, first, last)}`;
}

/** Lone dims (`x`, `y`, `z`, `gripper`) are merged with their lone neighbours instead of getting a plot each. */
function mergeSingletons(runs: { group: string; dims: number[] }[]): { group: string; dims: number[] }[] {
  const out: { group: string; dims: number[] }[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    const lone = run.dims.length === 1;
    if (lone && last && last.group === '') last.dims.push(...run.dims);
    else out.push(lone ? { group: '', dims: [...run.dims] } : run);
  }
  return out;
}

function rangeLabel(dims: string[], first: number, last: number): string {
  const a = splitDimName(dims[first] ?? '').member;
  const b = splitDimName(dims[last] ?? '').member;
  return first === last ? a : `${a}–${b}`;
}

/** Pairing needs the same dims by name; a dataset whose action is a delta of another size cannot pair. */
export function canPair(state: SignalShape | undefined, action: SignalShape | undefined): boolean {
  if (!state || !action || state.dims.length !== action.dims.length) return false;
  return state.dims.every((d, i) => d === action.dims[i]);
}

/** State before action, whatever order the backend sends them in. */
const SIGNAL_ORDER: Record<SignalName, number> = { state: 0, action: 1 };

export function layoutSignals(unordered: SignalShape[], mode: LayoutMode, maxPerPlot = 6): PlotGroup[] {
  const signals = [...unordered].sort((a, b) => SIGNAL_ORDER[a.name] - SIGNAL_ORDER[b.name]);
  const state = signals.find((s) => s.name === 'state');
  const action = signals.find((s) => s.name === 'action');
  if (mode === 'paired' && state && action && canPair(state, action)) {
    return groupDims(state.dims, maxPerPlot).map((g) => ({
      key: `paired/${g.key}`,
      title: g.title,
      series: g.dims.flatMap((dim, i) => [
        series('state', dim, state.dims[dim] ?? '', i, false),
        series('action', dim, action.dims[dim] ?? '', i, true),
      ]),
    }));
  }
  return signals.flatMap((s) => {
    const groups = groupDims(s.dims, maxPerPlot + 2);
    return groups.map((g) => ({
      key: `${s.name}/${g.key}`,
      // A signal that fits one plot is titled by its name alone: "state", not "state · x … gripper".
      title: groups.length === 1 ? s.name : `${s.name} · ${g.title}`,
      series: g.dims.map((dim, i) => series(s.name, dim, s.dims[dim] ?? '', i, false)),
    }));
  });
}

function series(signal: SignalName, dim: number, label: string, colorIndex: number, dashed: boolean): PlotSeries {
  return { signal, dim, label, color: SERIES_COLORS[colorIndex % SERIES_COLORS.length] ?? '#ccc', dashed };
}

/**
 * The columns uPlot wants for one plot: frame numbers, then one array per series. Missing rows (an
 * action shorter than the state) are nulls, which uPlot draws as gaps rather than as zeros.
 */
export function plotColumns(group: PlotGroup, signals: SignalData[]): [number[], ...(number | null)[][]] {
  const byName = new Map(signals.map((s) => [s.name, s]));
  const length = Math.max(0, ...signals.map((s) => s.length));
  const frames = Array.from({ length }, (_, i) => i);
  const columns = group.series.map((ser) => {
    const sig = byName.get(ser.signal);
    const out: (number | null)[] = new Array(length).fill(null);
    if (!sig) return out;
    const width = sig.dims.length;
    for (let f = 0; f < sig.length && f < length; f++) {
      const v = sig.values[f * width + ser.dim];
      out[f] = v === undefined || !Number.isFinite(v) ? null : v;
    }
    return out;
  });
  return [frames, ...columns];
}

/** Whether every line of a plot holds one value all episode long (legs of an arms-only robot, a fixed waist). */
export function isFlat(columns: (number | null)[][]): boolean {
  return columns.every((col) => {
    const { min, max } = range(col);
    return !(max > min) || max - min <= 1e-9 * Math.max(1, Math.abs(max));
  });
}

/**
 * Each dim scaled to [0, 1] over the episode, so a 0.01 rad wrist twitch is as visible as a 2 rad
 * shoulder swing. State and action of one dim share one range: the gap between them stays truthful.
 */
export function normalizeColumns(group: PlotGroup, columns: (number | null)[][]): (number | null)[][] {
  const ranges = new Map<string, { min: number; max: number }>();
  group.series.forEach((s, i) => {
    const key = `${s.dim}:${s.label}`;
    const r = range(columns[i] ?? []);
    const prev = ranges.get(key);
    ranges.set(key, prev ? { min: Math.min(prev.min, r.min), max: Math.max(prev.max, r.max) } : r);
  });
  return columns.map((col, i) => {
    const s = group.series[i];
    const r = s ? ranges.get(`${s.dim}:${s.label}`) : undefined;
    if (!r || !(r.max > r.min)) return col.map((v) => (v === null ? null : 0.5));
    const span = r.max - r.min;
    return col.map((v) => (v === null ? null : (v - r.min) / span));
  });
}

function range(col: (number | null)[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of col) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
