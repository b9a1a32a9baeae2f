/**
 * The grounding head, standing in for the VLM's text answer: from the core's output at the grounding
 * query token, a point, a box or an 8-point trajectory, coordinates normalised to [0, 1] of the image.
 * Two heads: 'bins' classifies each coordinate among `bins` values (cross entropy, as a VLM emitting
 * "[x1,y1,x2,y2]" in a 224-pixel frame), 'regression' outputs numbers (L1, plus GIoU for boxes).
 */
import { tf } from '../backend/tf';
import { GROUNDING_COORDS, type GroundingKind, type PolicyConfig } from './config';
import { GROUNDING_KINDS } from './core';
import { linear, type Linear } from './layers';
import type { Scope } from './params';

export interface GroundingHead {
  /** Raw outputs for a [B, width] query state: [B, coords, bins] logits, or [B, coords] numbers in (0, 1). */
  raw(kind: GroundingKind, state: tf.Tensor2D): tf.Tensor;
  /** Mean loss against targets [B, coords] in [0, 1]. */
  loss(kind: GroundingKind, state: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar;
  /** The answer: coordinates [B, coords] in [0, 1]. */
  predict(kind: GroundingKind, state: tf.Tensor2D): tf.Tensor2D;
  /** The regression loss of coordinates another readout gave (L1, plus GIoU for boxes). */
  coordinateLoss(kind: GroundingKind, coords: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar;
}

export function groundingHead(s: Scope, c: PolicyConfig): GroundingHead {
  const { head, bins, giouWeight } = c.grounding;
  const per = head === 'bins' ? bins : 1;
  const heads = Object.fromEntries(
    GROUNDING_KINDS.map((k) => [k, linear(s, k, c.width, GROUNDING_COORDS[k] * per)]),
  ) as Record<GroundingKind, Linear>;
  const raw = (kind: GroundingKind, state: tf.Tensor2D) => {
    const b = state.shape[0];
    const out = heads[kind](state);
    return head === 'bins' ? tf.reshape(out, [b, GROUNDING_COORDS[kind], bins]) : tf.sigmoid(out);
  };
  const coordinateLoss = (kind: GroundingKind, out: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar => {
    if (target.shape[1] !== GROUNDING_COORDS[kind]) throw new Error(`a ${kind} target has ${GROUNDING_COORDS[kind]} coordinates, got ${target.shape[1]}`);
    const l1 = l1Loss(out, target);
    return kind === 'box' && giouWeight > 0 ? (tf.add(l1, tf.mul(giouWeight, giouLoss(out, target))) as tf.Scalar) : l1;
  };
  return {
    raw,
    loss(kind, state, target) {
      const coords = GROUNDING_COORDS[kind];
      if (target.shape[1] !== coords) throw new Error(`a ${kind} target has ${coords} coordinates, got ${target.shape[1]}`);
      const out = raw(kind, state);
      if (head === 'bins') return binnedCrossEntropy(out as tf.Tensor3D, target);
      return coordinateLoss(kind, out as tf.Tensor2D, target);
    },
    coordinateLoss,
    predict(kind, state) {
      const out = raw(kind, state);
      if (head === 'regression') return out as tf.Tensor2D;
      // The most likely bin's centre, as a VLM reads back the number it wrote.
      return tf.div(tf.add(tf.cast(tf.argMax(out, -1), 'float32'), 0.5), bins) as tf.Tensor2D;
    },
  };
}

export function l1Loss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(pred, target))) as tf.Scalar;
}

/** The class of a coordinate in [0, 1] among `bins` equal bins (1.0 falls in the last). */
export function toBins(coords: tf.Tensor, bins: number): tf.Tensor {
  return tf.clipByValue(tf.floor(tf.mul(coords, bins)), 0, bins - 1);
}

/** Mean over samples and coordinates of −log softmax(logits)[target bin]. logits [B, coords, bins]. */
export function binnedCrossEntropy(logits: tf.Tensor3D, target: tf.Tensor2D): tf.Scalar {
  const bins = logits.shape[2];
  const classes = tf.cast(toBins(target, bins), 'int32');
  const logProbs = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(logProbs, tf.oneHot(classes as tf.Tensor2D, bins)), -1))) as tf.Scalar;
}

/**
 * Mean 1 − generalised IoU of boxes [B, 4] (x1, y1, x2, y2). Corners are sorted first, so a predicted
 * box whose corners crossed still has a well-defined area and a gradient that uncrosses it.
 */
export function giouLoss(pred: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const corners = (t: tf.Tensor2D) => {
    const [x1, y1, x2, y2] = tf.split(t, 4, 1) as tf.Tensor2D[];
    return { x1: tf.minimum(x1!, x2!), y1: tf.minimum(y1!, y2!), x2: tf.maximum(x1!, x2!), y2: tf.maximum(y1!, y2!) };
  };
  const p = corners(pred);
  const t = corners(target);
  const area = (b: typeof p) => tf.mul(tf.sub(b.x2, b.x1), tf.sub(b.y2, b.y1));
  const iw = tf.relu(tf.sub(tf.minimum(p.x2, t.x2), tf.maximum(p.x1, t.x1)));
  const ih = tf.relu(tf.sub(tf.minimum(p.y2, t.y2), tf.maximum(p.y1, t.y1)));
  const inter = tf.mul(iw, ih);
  const union = tf.sub(tf.add(area(p), area(t)), inter);
  const hull = tf.mul(tf.sub(tf.maximum(p.x2, t.x2), tf.minimum(p.x1, t.x1)), tf.sub(tf.maximum(p.y2, t.y2), tf.minimum(p.y1, t.y1)));
  const eps = 1e-7;
  const iou = tf.div(inter, tf.add(union, eps));
  const giou = tf.sub(iou, tf.div(tf.sub(hull, union), tf.add(hull, eps)));
  return tf.mean(tf.sub(1, giou)) as tf.Scalar;
}
