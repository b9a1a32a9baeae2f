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

/**
 * query [B, width], features [B, cells, feature width] whose first grid² cells are the primary camera's,
 * row-major → coordinates in [0, 1]: [B, 2] or [B, 4].
 */
export type SpatialReadout = (kind: ReadoutKind, query: tf.Tensor2D, features: tf.Tensor3D) => tf.Tensor2D;

/** What the readout reads: a grid of cells a side, each a vector of `width` numbers. */
export interface ReadoutSource {
  grid: number;
  width: number;
}

/** The image tokens' content (the default source): the patch grid at the core's width. */
export const tokenSource = (c: PolicyConfig): ReadoutSource => ({ grid: c.imageSize / c.patch, width: c.width });

export function spatialReadout(s: Scope, c: PolicyConfig, source: ReadoutSource = tokenSource(c)): SpatialReadout {
  const { grid } = source;
  const n = grid * grid;
  const heads = Object.fromEntries(
    READOUT_KINDS.map((k) => [
      k,
      {
        queryNorm: layerNorm(s, `${k}/query_norm`, c.width),
        keyNorm: layerNorm(s, `${k}/key_norm`, source.width),
        query: linear(s, `${k}/query`, c.width, c.width, 1 / Math.sqrt(c.width)),
        key: linear(s, `${k}/key`, source.width, c.width, 1 / Math.sqrt(source.width)),
        offset: linear(s, `${k}/offset`, source.width, 2),
        size: k === 'box' ? linear(s, `${k}/size`, source.width, 2) : undefined,
      },
    ]),
  );
  // Token centres in [0, 1], row-major like the vision encoder's tokens: [n, 2] as (x, y).
  const centres = Array.from({ length: n }, (_, i) => [((i % grid) + 0.5) / grid, (Math.floor(i / grid) + 0.5) / grid]).flat();
  return (kind, query, features) => {
    const h = heads[kind]!;
    const b = query.shape[0];
    const tokens = tf.slice(features, [0, 0, 0], [b, n, source.width]) as tf.Tensor3D;
    const q = tf.reshape(h.query(h.queryNorm(query)), [b, 1, c.width]) as tf.Tensor3D;
    const k = h.key(h.keyNorm(tokens)) as tf.Tensor3D;
    const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(c.width))); // [B, 1, n]
    // Each token may move the centre by up to half a token, so the answer is finer than the grid.
    const offsets = tf.mul(tf.tanh(h.offset(tokens)), 0.5 / grid);
    const spots = tf.add(tf.reshape(tf.tensor2d(centres, [n, 2]), [1, n, 2]), offsets) as tf.Tensor3D;
    const centre = tf.reshape(tf.matMul(weights as tf.Tensor3D, spots), [b, 2]) as tf.Tensor2D;
    if (!h.size) return centre;
    const pooled = tf.reshape(tf.matMul(weights as tf.Tensor3D, tokens), [b, source.width]);
    const half = tf.mul(tf.sigmoid(h.size(pooled)), 0.5);
    return tf.concat([tf.sub(centre, half), tf.add(centre, half)], 1) as tf.Tensor2D;
  };
}
