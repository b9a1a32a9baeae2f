/**
 * A glimpse of the fine feature map around the spatial prompt's point: what the object there looks
 * like (its size, its orientation), at the map's resolution, as one condition token for the action
 * expert. The point says where to reach; how to grasp needs the object's shape, and the coarse image
 * tokens the querying transformer reads hold too little of it (bench/train/ceiling.ts: an imitator
 * given the target point succeeds in about half the picks, given the grasp pose in 34 of 40).
 *
 * The map is sampled at a 3 × 3 lattice of points one cell apart centred on the answer, each with a
 * Gaussian window over the cells (matrix products only: differentiable, and no CropAndResize, which
 * has no gradient in TF.js).
 */
import { tf } from '../backend/tf';
import { linear } from './layers';
import type { Scope } from './params';
import type { ReadoutSource } from './spatialReadout';

const OFFSETS = [-1, 0, 1];
export const GLIMPSE_POINTS = OFFSETS.length * OFFSETS.length;
/** Window width in cells: narrow enough that neighbouring samples differ. */
const SIGMA = 0.6;

export interface Glimpse {
  /** map [B, cells ≥ grid², width] (the primary camera's cells first), point [B, 2] in [0, 1] → [B, 1, out]. */
  (map: tf.Tensor3D, point: tf.Tensor2D): tf.Tensor3D;
}

export function glimpse(s: Scope, source: ReadoutSource, out: number): Glimpse {
  const { grid, width } = source;
  const n = grid * grid;
  const project = linear(s, 'glimpse_in', GLIMPSE_POINTS * width, out);
  // Cell centres in cell units, and the lattice offsets (x varies fastest).
  const cx = Array.from({ length: n }, (_, i) => (i % grid) + 0.5);
  const cy = Array.from({ length: n }, (_, i) => Math.floor(i / grid) + 0.5);
  const ox = OFFSETS.flatMap(() => OFFSETS);
  const oy = OFFSETS.flatMap((o) => OFFSETS.map(() => o));
  const apply: Glimpse = (map, point) => {
    const b = map.shape[0];
    const cells = tf.slice(map, [0, 0, 0], [b, n, width]) as tf.Tensor3D;
    // Sample centres [B, 9] in cell units.
    const px = tf.add(tf.mul(tf.slice(point, [0, 0], [b, 1]), grid), tf.tensor2d(ox, [1, GLIMPSE_POINTS]));
    const py = tf.add(tf.mul(tf.slice(point, [0, 1], [b, 1]), grid), tf.tensor2d(oy, [1, GLIMPSE_POINTS]));
    const dx = tf.sub(tf.tensor3d(cx, [1, 1, n]), tf.reshape(px, [b, GLIMPSE_POINTS, 1]));
    const dy = tf.sub(tf.tensor3d(cy, [1, 1, n]), tf.reshape(py, [b, GLIMPSE_POINTS, 1]));
    const logits = tf.div(tf.add(tf.square(dx), tf.square(dy)), -2 * SIGMA * SIGMA);
    const weights = tf.softmax(logits) as tf.Tensor3D; // [B, 9, n]
    const sampled = tf.matMul(weights, cells); // [B, 9, width]
    return tf.reshape(project(tf.reshape(sampled, [b, GLIMPSE_POINTS * width])), [b, 1, out]) as tf.Tensor3D;
  };
  return apply;
}
