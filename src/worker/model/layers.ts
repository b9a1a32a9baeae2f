/**
 * Transformer building blocks as plain functions over variables: linear, layer norm, GELU, multi-head
 * attention with a key-padding mask, and a pre-norm block (self-attention, optional cross-attention, MLP).
 */
import { tf } from '../backend/tf';
import type { Scope } from './params';

export interface Linear {
  (x: tf.Tensor): tf.Tensor;
}

/** y = x·W + b over the last axis; any leading shape. */
export function linear(s: Scope, name: string, inputs: number, outputs: number, std = 0.02): Linear {
  const w = s.add(`${name}/w`, [inputs, outputs], 'normal', std);
  const b = s.add(`${name}/b`, [outputs], 'zeros');
  return (x) => {
    const lead = x.shape.slice(0, -1);
    const y = tf.add(tf.matMul(tf.reshape(x, [-1, inputs]) as tf.Tensor2D, w as tf.Tensor2D), b);
    return tf.reshape(y, [...lead, outputs]);
  };
}

export function layerNorm(s: Scope, name: string, width: number, eps = 1e-5): Linear {
  const gamma = s.add(`${name}/gamma`, [width], 'ones');
  const beta = s.add(`${name}/beta`, [width], 'zeros');
  return (x) => {
    const mean = tf.mean(x, -1, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), -1, true);
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  };
}

/** GELU, tanh approximation (tfjs-core has no gelu op). */
export function gelu(x: tf.Tensor): tf.Tensor {
  // x·x·x, not pow(x, 3): wasm's Pow and its gradient took 8 % of a training step.
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(tf.square(x), x))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/**
 * Additive attention mask from a key-padding mask: keep [B, Lk] of 1 (attend) and 0 (ignore) becomes
 * [B, 1, 1, Lk] of 0 and −1e9, broadcast over heads and queries.
 */
export function keyMask(keep: tf.Tensor2D): tf.Tensor4D {
  const [b, lk] = keep.shape;
  return tf.reshape(tf.mul(tf.sub(1, keep), -1e9), [b, 1, 1, lk]) as tf.Tensor4D;
}

export type Attention = (x: tf.Tensor3D, context: tf.Tensor3D, mask?: tf.Tensor4D) => tf.Tensor3D;

export function attention(s: Scope, width: number, heads: number): Attention {
  const q = linear(s, 'q', width, width);
  const k = linear(s, 'k', width, width);
  const v = linear(s, 'v', width, width);
  const o = linear(s, 'o', width, width);
  const dh = width / heads;
  const split = (t: tf.Tensor, b: number, l: number) => tf.transpose(tf.reshape(t, [b, l, heads, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
  return (x, context, mask) => {
    const [b, lq] = x.shape;
    const lk = context.shape[1];
    const scores = tf.mul(tf.matMul(split(q(x), b, lq), split(k(context), b, lk), false, true), 1 / Math.sqrt(dh));
    const weights = tf.softmax(mask ? tf.add(scores, mask) : scores);
    const mixed = tf.matMul(weights as tf.Tensor4D, split(v(context), b, lk));
    return o(tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [b, lq, width])) as tf.Tensor3D;
  };
}

export interface BlockInput {
  x: tf.Tensor3D;
  /** Mask over x's own tokens for self-attention. */
  selfMask?: tf.Tensor4D;
  /** Tokens to cross-attend to, when the block has cross-attention. */
  context?: tf.Tensor3D;
  contextMask?: tf.Tensor4D;
}

export type Block = (input: BlockInput) => tf.Tensor3D;

/** Pre-norm transformer block: x + SelfAttn(LN x) [+ CrossAttn(LN x, context)] + MLP(LN x). */
export function block(s: Scope, width: number, heads: number, mlpRatio: number, cross = false): Block {
  const ln1 = layerNorm(s, 'ln1', width);
  const selfAttn = attention(s.child('self'), width, heads);
  const lnCross = cross ? layerNorm(s, 'ln_cross', width) : undefined;
  const crossAttn = cross ? attention(s.child('cross'), width, heads) : undefined;
  const ln2 = layerNorm(s, 'ln2', width);
  const up = linear(s, 'mlp/up', width, width * mlpRatio);
  const down = linear(s, 'mlp/down', width * mlpRatio, width);
  return ({ x, selfMask, context, contextMask }) => {
    const n1 = ln1(x) as tf.Tensor3D;
    let h = tf.add(x, selfAttn(n1, n1, selfMask)) as tf.Tensor3D;
    if (crossAttn && lnCross) {
      if (!context) throw new Error('a cross-attention block needs context tokens');
      h = tf.add(h, crossAttn(lnCross(h) as tf.Tensor3D, context, contextMask)) as tf.Tensor3D;
    }
    return tf.add(h, down(gelu(up(ln2(h))))) as tf.Tensor3D;
  };
}
