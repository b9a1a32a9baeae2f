/**
 * The vision encoder: a patch embedding (a convolution whose kernel and stride are the patch side)
 * turning each camera's square image into (imageSize / patch)² tokens, plus learned position and
 * camera embeddings so the core can tell where and from which camera a token came.
 */
import { tf } from '../backend/tf';
import type { PolicyConfig } from './config';
import type { Scope } from './params';

/** images [B, cameras, H, W, C] in [0, 1] → image tokens [B, cameras·grid², width]. */
export type VisionEncoder = (images: tf.Tensor5D) => tf.Tensor3D;

export function patchEmbed(s: Scope, c: PolicyConfig): VisionEncoder {
  const grid = c.imageSize / c.patch;
  const fanIn = c.patch * c.patch * c.channels;
  const kernel = s.add('patch/kernel', [c.patch, c.patch, c.channels, c.width], 'normal', Math.sqrt(1 / fanIn));
  const bias = s.add('patch/bias', [c.width], 'zeros');
  const position = s.add('position', [grid * grid, c.width], 'normal');
  const camera = s.add('camera', [c.cameras, c.width], 'normal');
  return (images) => {
    const [b, cams, h, w, ch] = images.shape;
    if (cams !== c.cameras || h !== c.imageSize || w !== c.imageSize || ch !== c.channels) {
      throw new Error(
        `images are [${images.shape.join(', ')}], the policy takes [batch, ${c.cameras}, ${c.imageSize}, ${c.imageSize}, ${c.channels}]`,
      );
    }
    // Centre the pixels: the patch kernel then starts near zero-mean outputs.
    const x = tf.sub(tf.reshape(images, [b * cams, h, w, ch]), 0.5) as tf.Tensor4D;
    const patches = tf.fused.conv2d({ x, filter: kernel as tf.Tensor4D, strides: c.patch, pad: 'valid', bias });
    const tokens = tf.reshape(patches, [b, cams, grid * grid, c.width]);
    const placed = tf.add(tf.add(tokens, position), tf.reshape(camera, [1, cams, 1, c.width]));
    return tf.reshape(placed, [b, cams * grid * grid, c.width]) as tf.Tensor3D;
  };
}
