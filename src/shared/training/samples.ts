/**
 * What one training example is, as plain JSON: the host (core) builds these lists from the project,
 * the worker turns them into batches. Images are referenced by (episode, frame) in the frame cache;
 * grounding targets are normalised to [0, 1] of the camera image, which is also [0, 1] of the cache
 * image because the cache squashes every frame to size x size (as InternVLA's 224 x 224 resize does).
 */
import { mixSeed, seededRandom, shuffledIndices } from './rng';

export const ACTION_HORIZON = 8;
export const TRAJECTORY_POINTS = 8;

export type GroundingKind = 'point' | 'box' | 'trajectory';
export const GROUNDING_KINDS: readonly GroundingKind[] = ['point', 'box', 'trajectory'];
/** Numbers per target: x, y / x1, y1, x2, y2 / eight x, y pairs. */
export const TARGET_SIZE: Record<GroundingKind, number> = { point: 2, box: 4, trajectory: 2 * TRAJECTORY_POINTS };

export interface ActionSample {
  episodeId: number;
  frame: number;
  instruction: string;
}

export interface GroundingSample {
  episodeId: number;
  frame: number;
  query: string;
  kind: GroundingKind;
  /** Normalised [0, 1] image coordinates (x right, y down), TARGET_SIZE[kind] numbers. */
  target: number[];
  /** The annotation it came from, or 'truth:<episode>' for sim ground truth. */
  source: string;
}

/** Views into a batch's arrays are welcome: any Float32Array, not only one that owns its buffer. */
export interface ActionWindow {
  values: Float32Array<ArrayBufferLike>;
  mask: Float32Array<ArrayBufferLike>;
}

/**
 * The action chunk starting at `frame`: the next `horizon` rows (frame, frame+1, ...) and a mask that is
 * 0 past the episode's end, where the rows are zero (InternVLA zero-pads out-of-range steps).
 */
export function actionWindow(
  actions: Float32Array,
  dims: number,
  frame: number,
  horizon = ACTION_HORIZON,
  out: ActionWindow = { values: new Float32Array(horizon * dims), mask: new Float32Array(horizon) },
): ActionWindow {
  const frames = actions.length / dims;
  out.values.fill(0);
  out.mask.fill(0);
  for (let k = 0; k < horizon && frame + k < frames; k++) {
    out.values.set(actions.subarray((frame + k) * dims, (frame + k + 1) * dims), k * dims);
    out.mask[k] = 1;
  }
  return out;
}

/**
 * Train/validation split by episode, so no validation frame has a near-duplicate neighbour in training.
 * Seeded; at least one validation episode whenever there are two or more and the fraction is above 0.
 */
export function splitByEpisode(episodeIds: readonly number[], valFraction: number, seed: number): { train: number[]; val: number[] } {
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`valFraction must be in [0, 1), got ${valFraction}`);
  const ids = [...new Set(episodeIds)].sort((a, b) => a - b);
  const order = shuffledIndices(ids.length, seededRandom(mixSeed(seed, 0x5eed)));
  const wanted = Math.round(ids.length * valFraction);
  const valCount = ids.length < 2 || valFraction === 0 ? 0 : Math.min(ids.length - 1, Math.max(1, wanted));
  const val = order.slice(0, valCount).map((i) => ids[i]!).sort((a, b) => a - b);
  const valSet = new Set(val);
  return { train: ids.filter((id) => !valSet.has(id)), val };
}

/**
 * A polyline resampled to `count` points evenly spaced along its length (the model predicts a fixed
 * number of points; vertices alone are uneven, and a path that stands still keeps its position).
 */
export function resamplePolyline(points: readonly { x: number; y: number }[], count = TRAJECTORY_POINTS): { x: number; y: number }[] {
  if (points.length === 0) throw new Error('a trajectory needs at least one point');
  const cumulative = [0];
  for (let i = 1; i < points.length; i++) {
    cumulative.push(cumulative[i - 1]! + Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y));
  }
  const length = cumulative.at(-1)!;
  if (length === 0) return Array.from({ length: count }, () => ({ x: points[0]!.x, y: points[0]!.y }));
  const out: { x: number; y: number }[] = [];
  let seg = 0;
  for (let k = 0; k < count; k++) {
    const d = (length * k) / (count - 1);
    while (seg < points.length - 2 && cumulative[seg + 1]! < d) seg++;
    const span = cumulative[seg + 1]! - cumulative[seg]!;
    const t = span > 0 ? Math.min(1, (d - cumulative[seg]!) / span) : 0;
    const a = points[seg]!;
    const b = points[seg + 1]!;
    out.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  }
  return out;
}
