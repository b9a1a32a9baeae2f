/**
 * The vision-language core, standing in for the VLM: token embeddings for the instruction, the image
 * tokens, and optionally one grounding query token per sample, through a transformer encoder. Padding
 * in the text is masked out of every attention.
 */
import { tf } from '../backend/tf';
import { GROUNDING_COORDS, imageTokens, type GroundingKind, type PolicyConfig } from './config';
import { block, keyMask, layerNorm } from './layers';
import type { Scope } from './params';
import { convStem, patchEmbed } from './vision';

export const GROUNDING_KINDS = Object.keys(GROUNDING_COORDS) as GroundingKind[];

export interface CoreInput {
  /** [B, cameras, H, W, C] in [0, 1]. */
  images: tf.Tensor5D;
  /** Token ids [B, L ≤ maxTextTokens], int32, padded with padId. */
  text: tf.Tensor2D;
  /** Appends the learned query token of each kind, in order (the last one's output feeds the grounding head). */
  groundingQuery?: GroundingKind | readonly GroundingKind[];
}

export interface CoreOutput {
  /** Final hidden states [B, L + image tokens (+1), width], after the last layer norm. */
  hidden: tf.Tensor3D;
  /** 1 where a token is real, 0 for padding: [B, tokens]. */
  keep: tf.Tensor2D;
  /** The vision encoder's tokens [B, image tokens, width], which the querying transformer also reads. */
  image: tf.Tensor3D;
  /** The same tokens without their position and camera embeddings (what the spatial readout matches). */
  content: tf.Tensor3D;
}

export type Core = (input: CoreInput) => CoreOutput;

export function createCore(s: Scope, c: PolicyConfig): Core {
  const vision = (c.vision === 'conv' ? convStem : patchEmbed)(s.child('vision'), c);
  const embed = s.add('text/embed', [c.vocabSize, c.width], 'normal');
  const textPosition = s.add('text/position', [c.maxTextTokens, c.width], 'normal');
  const queries = s.add('grounding_queries', [GROUNDING_KINDS.length, c.width], 'normal');
  const blocks = Array.from({ length: c.coreLayers }, (_, i) => block(s.child(`layer${i}`), c.width, c.heads, c.mlpRatio));
  const final = layerNorm(s, 'ln_final', c.width);
  return ({ images, text, groundingQuery }) => {
    const [b, l] = text.shape;
    if (l > c.maxTextTokens) throw new Error(`text has ${l} tokens, the policy takes at most ${c.maxTextTokens}`);
    if (images.shape[0] !== b) throw new Error(`images have batch ${images.shape[0]} but text has ${b}`);
    checkTokenIds(text, c.vocabSize);
    const { tokens: image, content } = vision(images);
    // A one-hot product rather than gather: its gradient needs no scatter kernel, which wasm lacks.
    const words = tf.matMul(tf.reshape(tf.oneHot(tf.reshape(text, [-1]), c.vocabSize), [b * l, c.vocabSize]), embed as tf.Tensor2D);
    const textTokens = tf.add(tf.reshape(words, [b, l, c.width]), tf.slice(textPosition, [0, 0], [l, c.width]));
    const parts: tf.Tensor[] = [textTokens, image];
    const keeps: tf.Tensor[] = [tf.cast(tf.notEqual(text, c.padId), 'float32'), tf.ones([b, imageTokens(c)])];
    for (const kind of groundingQuery === undefined ? [] : typeof groundingQuery === 'string' ? [groundingQuery] : groundingQuery) {
      const row = tf.slice(queries, [GROUNDING_KINDS.indexOf(kind), 0], [1, c.width]);
      parts.push(tf.tile(tf.reshape(row, [1, 1, c.width]), [b, 1, 1]));
      keeps.push(tf.ones([b, 1]));
    }
    const keep = tf.concat(keeps, 1) as tf.Tensor2D;
    const mask = keyMask(keep);
    let x = tf.concat(parts, 1) as tf.Tensor3D;
    for (const layer of blocks) x = layer({ x, selfMask: mask });
    return { hidden: final(x) as tf.Tensor3D, keep, image, content };
  };
}

/** An id outside the vocabulary would embed as a zero vector without a word: say which and where. */
function checkTokenIds(text: tf.Tensor2D, vocabSize: number): void {
  if (text.dtype !== 'int32') throw new Error(`text must be int32 token ids, got ${text.dtype}`);
  const ids = text.dataSync();
  const width = text.shape[1];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= vocabSize) {
      throw new Error(`text: token id ${id} at [${Math.floor(i / width)}, ${i % width}] is outside the vocabulary (0 to ${vocabSize - 1})`);
    }
  }
}
