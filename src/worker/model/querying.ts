/**
 * The querying transformer: learned queries self-attend, then cross-attend to the core's hidden states
 * and the image tokens, giving the action expert's condition tokens. The core's states pass through
 * gradientScale first, so the action loss pulls on the core only by `gradScale` of its strength and
 * cannot wash out what grounding taught it (ST4VLA's h' = 0.5 h + 0.5 stopGradient(h)).
 */
import { tf } from '../backend/tf';
import type { PolicyConfig } from './config';
import type { CoreOutput } from './core';
import { block, keyMask, layerNorm, linear } from './layers';
import type { Scope } from './params';

/** Forward: the identity. Backward: the incoming gradient times `factor`. */
export function gradientScale<T extends tf.Tensor>(x: T, factor: number): T {
  if (factor === 1) return x;
  // customGrad's function is typed over (tensors..., save); ours takes one tensor and saves nothing.
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, factor),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/** Core output → condition tokens [B, queries, expert width]. */
export type QueryingTransformer = (core: CoreOutput) => tf.Tensor3D;

export function queryingTransformer(s: Scope, c: PolicyConfig): QueryingTransformer {
  const { queries: q, layers, gradScale } = c.querying;
  const queries = s.add('queries', [q, c.width], 'normal');
  const blocks = Array.from({ length: layers }, (_, i) => block(s.child(`layer${i}`), c.width, c.heads, c.mlpRatio, true));
  const final = layerNorm(s, 'ln_final', c.width);
  const out = linear(s, 'to_expert', c.width, c.expert.width);
  return ({ hidden, keep, image }) => {
    const b = hidden.shape[0];
    const context = tf.concat([gradientScale(hidden, gradScale), image], 1) as tf.Tensor3D;
    const contextMask = keyMask(tf.concat([keep, tf.ones([b, image.shape[1]])], 1) as tf.Tensor2D);
    let x = tf.tile(tf.reshape(queries, [1, q, c.width]), [b, 1, 1]) as tf.Tensor3D;
    for (const layer of blocks) x = layer({ x, context, contextMask });
    return out(final(x)) as tf.Tensor3D;
  };
}
