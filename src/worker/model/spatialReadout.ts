/**
 * The spatial readout of the grounding head: a point or a box read off the primary camera's image
 * tokens by where the grounding query attends, rather than regressed from the query's state alone.
 * Scores are the query against each token; the point is the softmax-weighted mean of the token centres
 * plus each token's own sub-token offset; a box is that centre and a size read from the attended
 * features. Weights are shared across positions, so an object seen in one place of a training image is
 * found in another place of a new one — what a regression from one vector learns only from many scenes
 * (bench/train/learn.ts: with the token readout the held-out point error stayed at the mean's 10 px).
 */
import { tf } from '../backend/tf';
import type { PolicyConfig } from './config';
import { layerNorm, linear } from './layers';
import type { Scope } from './params';

export type ReadoutKind = 'point' | 'box';
export const READOUT_KINDS: readonly ReadoutKind[] = ['point', 'box'];

/** query [B, width], image tokens [B, tokens, width] → coordinates in [0, 1]: [B, 2] or [B, 4]. */
export type SpatialReadout = (kind: ReadoutKind, query: tf.Tensor2D, image: tf.Tensor3D) => tf.Tensor2D;

export function spatialReadout(s: Scope, c: PolicyConfig): SpatialReadout {
  const grid = c.imageSize / c.patch;
  const n = grid * grid;
  const heads = Object.fromEntries(
    READOUT_KINDS.map((k) => [
      k,
      {
        queryNorm: layerNorm(s, `${k}/query_norm`, c.width),
        keyNorm: layerNorm(s, `${k}/key_norm`, c.width),
        query: linear(s, `${k}/query`, c.width, c.width, 1 / Math.sqrt(c.width)),
        key: linear(s, `${k}/key`, c.width, c.width, 1 / Math.sqrt(c.width)),
        offset: linear(s, `${k}/offset`, c.width, 2),
        size: k === 'box' ? linear(s, `${k}/size`, c.width, 2) : undefined,
      },
    ]),
  );
  // Token centres in [0, 1], row-major like the vision encoder's tokens: [n, 2] as (x, y).
  const centres = Array.from({ length: n }, (_, i) => [((i % grid) + 0.5) / grid, (Math.floor(i / grid) + 0.5) / grid]).flat();
  return (kind, query, image) => {
    const h = heads[kind]!;
    const b = query.shape[0];
    const tokens = tf.slice(image, [0, 0, 0], [b, n, c.width]) as tf.Tensor3D;
    const q = tf.reshape(h.query(h.queryNorm(query)), [b, 1, c.width]) as tf.Tensor3D;
    const k = h.key(h.keyNorm(tokens)) as tf.Tensor3D;
    const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(c.width))); // [B, 1, n]
    // Each token may move the centre by up to half a token, so the answer is finer than the grid.
    const offsets = tf.mul(tf.tanh(h.offset(tokens)), 0.5 / grid);
    const spots = tf.add(tf.reshape(tf.tensor2d(centres, [n, 2]), [1, n, 2]), offsets) as tf.Tensor3D;
    const centre = tf.reshape(tf.matMul(weights as tf.Tensor3D, spots), [b, 2]) as tf.Tensor2D;
    if (!h.size) return centre;
    const pooled = tf.reshape(tf.matMul(weights as tf.Tensor3D, tokens), [b, c.width]);
    const half = tf.mul(tf.sigmoid(h.size(pooled)), 0.5);
    return tf.concat([tf.sub(centre, half), tf.add(centre, half)], 1) as tf.Tensor2D;
  };
}
