/**
 * Action normalisation as InternVLA-M1 does it: each continuous dimension mapped to [-1, 1] by its 1st
 * and 99th percentiles (clipped), the gripper made binary. Gripper dimensions are moved last in the
 * model's action vector and in the statistics, with mask false for them, so that clients which
 * un-normalise "where mask is true" and threshold the last channel read our checkpoints correctly.
 */

export interface ActionEpisode {
  /** Names the episode in error messages, e.g. 'episode 12 (dataset "pick", index 3)'. */
  label: string;
  /** Row-major frames x dims. */
  values: Float32Array | readonly number[];
}

export class NonFiniteActionError extends Error {
  constructor(readonly label: string, readonly frame: number, readonly dim: string, value: number) {
    super(`action of ${label} at frame ${frame} is ${value} in dimension "${dim}": remove or repair the episode before training`);
    this.name = 'NonFiniteActionError';
  }
}

/** The model's view of an action vector: which source dims, in which order, and how each is mapped. */
export interface ActionLayout {
  /** Source dim names in model order (gripper dims last). */
  names: string[];
  /** order[k] = the source dim feeding model channel k. */
  order: number[];
  /** Per model channel: true = q01/q99 mapped, false = binary gripper. */
  mask: boolean[];
}

export interface ChannelStats {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
  q01: number[];
  q99: number[];
  mask: boolean[];
}

export interface ActionStatistics extends ChannelStats {
  names: string[];
  order: number[];
  /** A gripper value above this is "closed" (1), else 0. */
  gripperThreshold: number;
  numTransitions: number;
  numTrajectories: number;
  /** The robot state's statistics when the policy takes the state (every dim q01/q99-mapped, none binary). */
  state?: ActionStatistics;
}

const GRIPPER_NAME = /grip/i;

/** Gripper dims by name (or as given), moved last; everything else keeps its order. */
export function actionLayout(dimNames: readonly string[], gripper?: readonly (string | number)[]): ActionLayout {
  const isGripper = dimNames.map((name, i) =>
    gripper ? gripper.some((g) => (typeof g === 'number' ? g === i : g === name)) : GRIPPER_NAME.test(name),
  );
  for (const g of gripper ?? []) {
    const known = typeof g === 'number' ? g >= 0 && g < dimNames.length : dimNames.includes(g);
    if (!known) throw new Error(`gripper dimension ${JSON.stringify(g)} is not one of the action's dims (${dimNames.join(', ')})`);
  }
  const order = [...dimNames.keys()].sort((a, b) => Number(isGripper[a]) - Number(isGripper[b]) || a - b);
  return { names: order.map((i) => dimNames[i]!), order, mask: order.map((i) => !isGripper[i]) };
}

/** numpy's default (linear) quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Statistics over every frame of every episode, per model channel. Throws NonFiniteActionError on the
 * first NaN or infinity, naming the episode, frame and dimension, before anything trains on it.
 */
export function computeActionStatistics(
  episodes: readonly ActionEpisode[],
  dimNames: readonly string[],
  options: { gripper?: readonly (string | number)[]; gripperThreshold?: number } = {},
): ActionStatistics {
  const layout = actionLayout(dimNames, options.gripper);
  const dims = dimNames.length;
  let total = 0;
  for (const e of episodes) {
    if (e.values.length % dims !== 0) throw new Error(`action of ${e.label} has ${e.values.length} values, not a multiple of ${dims} dims`);
    for (let i = 0; i < e.values.length; i++) {
      const v = e.values[i]!;
      if (!Number.isFinite(v)) throw new NonFiniteActionError(e.label, Math.floor(i / dims), dimNames[i % dims]!, v);
    }
    total += e.values.length / dims;
  }
  if (total === 0) throw new Error('no action frames to compute statistics from');
  const stats: ChannelStats = { mean: [], std: [], min: [], max: [], q01: [], q99: [], mask: layout.mask };
  for (const source of layout.order) {
    const column = new Float64Array(total);
    let n = 0;
    for (const e of episodes) for (let i = source; i < e.values.length; i += dims) column[n++] = e.values[i]!;
    column.sort();
    let sum = 0;
    for (const v of column) sum += v;
    const mean = sum / total;
    let sq = 0;
    for (const v of column) sq += (v - mean) ** 2;
    stats.mean.push(mean);
    stats.std.push(Math.sqrt(sq / total));
    stats.min.push(column[0]!);
    stats.max.push(column[total - 1]!);
    stats.q01.push(quantile(column, 0.01));
    stats.q99.push(quantile(column, 0.99));
  }
  return {
    ...stats,
    names: layout.names,
    order: layout.order,
    gripperThreshold: options.gripperThreshold ?? 0.5,
    numTransitions: total,
    numTrajectories: episodes.length,
  };
}

/** The state's statistics: the same mapping as actions, with no dim treated as a binary gripper. */
export function computeStateStatistics(episodes: readonly ActionEpisode[], dimNames: readonly string[]): ActionStatistics {
  return computeActionStatistics(episodes, dimNames, { gripper: [] });
}

/** One source action row → model channels: q01/q99 → [-1, 1] clipped; gripper → 0 or 1. */
export function normalizeAction(stats: ActionStatistics, row: ArrayLike<number>, out = new Float32Array(stats.order.length)): Float32Array {
  stats.order.forEach((source, k) => {
    const x = row[source]!;
    if (!stats.mask[k]) {
      out[k] = x > stats.gripperThreshold ? 1 : 0;
      return;
    }
    const span = stats.q99[k]! - stats.q01[k]!;
    // A constant dimension carries no signal: 0 rather than a division by zero.
    out[k] = span > 0 ? Math.max(-1, Math.min(1, (2 * (x - stats.q01[k]!)) / span - 1)) : 0;
  });
  return out;
}

/** Model channels → a source-ordered action row, as a client un-normalises: clip, threshold, rescale. */
export function denormalizeAction(stats: ActionStatistics, channels: ArrayLike<number>): Float32Array {
  const row = new Float32Array(stats.order.length);
  stats.order.forEach((source, k) => {
    const a = Math.max(-1, Math.min(1, channels[k]!));
    row[source] = stats.mask[k] ? 0.5 * (a + 1) * (stats.q99[k]! - stats.q01[k]!) + stats.q01[k]! : a > 0.5 ? 1 : 0;
  });
  return row;
}

/**
 * dataset_statistics.json in InternVLA-M1's shape: {"<tag>": {"action": {mean, std, max, min, q01, q99,
 * mask}, "num_transitions", "num_trajectories"}}. `action_names` and `gripper_threshold` are extra keys
 * those readers ignore; we need them to map a checkpoint's outputs back to the dataset's dims.
 */
export function datasetStatisticsJson(stats: ActionStatistics, tag = 'new_embodiment'): Record<string, unknown> {
  const { mean, std, max, min, q01, q99, mask } = stats;
  return {
    [tag]: {
      action: { mean, std, max, min, q01, q99, mask },
      action_names: stats.names,
      action_order: stats.order,
      gripper_threshold: stats.gripperThreshold,
      num_transitions: stats.numTransitions,
      num_trajectories: stats.numTrajectories,
      ...(stats.state && {
        state: { mean: stats.state.mean, std: stats.state.std, max: stats.state.max, min: stats.state.min, q01: stats.state.q01, q99: stats.state.q99, mask: stats.state.mask },
        state_names: stats.state.names,
      }),
    },
  };
}

/** Reads back what datasetStatisticsJson wrote (e.g. from a checkpoint folder). */
export function statisticsFromJson(json: unknown, tag = 'new_embodiment'): ActionStatistics {
  const entry = (json as Record<string, any> | null)?.[tag];
  const a = entry?.action;
  if (!a || !Array.isArray(a.q01) || !Array.isArray(a.q99) || !Array.isArray(a.mask)) {
    throw new Error(`dataset statistics: no "${tag}".action with q01, q99 and mask`);
  }
  const dims = a.q01.length as number;
  const s = entry.state;
  const state: ActionStatistics | undefined = s && Array.isArray(s.q01) && Array.isArray(s.q99)
    ? {
        mean: s.mean, std: s.std, min: s.min, max: s.max, q01: s.q01, q99: s.q99, mask: s.mask ?? s.q01.map(() => true),
        names: entry.state_names ?? s.q01.map((_: unknown, i: number) => `state_${i}`),
        order: s.q01.map((_: unknown, i: number) => i),
        gripperThreshold: 0.5, numTransitions: entry.num_transitions ?? 0, numTrajectories: entry.num_trajectories ?? 0,
      }
    : undefined;
  return {
    ...(state && { state }),
    mean: a.mean, std: a.std, min: a.min, max: a.max, q01: a.q01, q99: a.q99, mask: a.mask,
    names: entry.action_names ?? Array.from({ length: dims }, (_, i) => `dim_${i}`),
    order: entry.action_order ?? Array.from({ length: dims }, (_, i) => i),
    gripperThreshold: entry.gripper_threshold ?? 0.5,
    numTransitions: entry.num_transitions ?? 0,
    numTrajectories: entry.num_trajectories ?? 0,
  };
}
