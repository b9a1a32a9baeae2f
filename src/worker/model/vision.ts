/**
 * The vision encoder: a patch embedding (a linear map of each patch's pixels, i.e. a convolution whose
 * kernel and stride are the patch side) turning each camera's square image into (imageSize / patch)² tokens, plus learned position and
 * camera embeddings so the core can tell where and from which camera a token came.
 */
import { tf } from '../backend/tf';
import type { PolicyConfig } from './config';
import type { Scope } from './params';

/**
 * images [B, cameras, H, W, C] in [0, 1] → image tokens [B, cameras·grid², width] with their position and
 * camera embeddings, and the same tokens' content alone (no embedding of where), which the spatial
 * readout matches against so that what it learns of an object holds wherever the object is.
 */
export type VisionEncoder = (images: tf.Tensor5D) => { tokens: tf.Tensor3D; content: tf.Tensor3D };

function checkImages(images: tf.Tensor5D, c: PolicyConfig): [number, number, number, number, number] {
  const [, cams, h, w, ch] = images.shape;
  if (cams !== c.cameras || h !== c.imageSize || w !== c.imageSize || ch !== c.channels) {
    throw new Error(`images are [${images.shape.join(', ')}], the policy takes [batch, ${c.cameras}, ${c.imageSize}, ${c.imageSize}, ${c.channels}]`);
  }
  return images.shape;
}

/** The position and camera embeddings: features [b·cams·grid², width] → the encoder's tokens and their content. */
function placement(s: Scope, c: PolicyConfig) {
  const grid = c.imageSize / c.patch;
  const position = s.add('position', [grid * grid, c.width], 'normal');
  const camera = s.add('camera', [c.cameras, c.width], 'normal');
  return (features: tf.Tensor, b: number, cams: number) => {
    const content = tf.reshape(features, [b, cams, grid * grid, c.width]);
    const placed = tf.add(tf.add(content, position), tf.reshape(camera, [1, cams, 1, c.width]));
    const tokens = cams * grid * grid;
    return { tokens: tf.reshape(placed, [b, tokens, c.width]) as tf.Tensor3D, content: tf.reshape(content, [b, tokens, c.width]) as tf.Tensor3D };
  };
}

export function patchEmbed(s: Scope, c: PolicyConfig): VisionEncoder {
  const grid = c.imageSize / c.patch;
  const fanIn = c.patch * c.patch * c.channels;
  const kernel = s.add('patch/kernel', [c.patch, c.patch, c.channels, c.width], 'normal', Math.sqrt(1 / fanIn));
  const bias = s.add('patch/bias', [c.width], 'zeros');
  const place = placement(s, c);
  return (images) => {
    const [b, cams, , , ch] = checkImages(images, c);
    // Cut the images into patches and multiply, rather than convolve: the images need no gradient, and
    // wasm computed the strided convolution's filter gradient 20× slower than this product's.
    // [b·cams·grid, p, grid, p·C] → [b·cams·grid, grid, p, p·C]: rows of (patch row, patch column, channel), the kernel's order.
    const rows = tf.reshape(images, [b * cams * grid, c.patch, grid, c.patch * ch]);
    const patches = tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [b * cams * grid * grid, fanIn]);
    // Centre the pixels: the patch kernel then starts near zero-mean outputs.
    const flat = tf.add(tf.matMul(tf.sub(patches, 0.5) as tf.Tensor2D, tf.reshape(kernel, [fanIn, c.width]) as tf.Tensor2D), bias);
    return place(flat, b, cams);
  };
}

/** Channels of the conv stem's layers before the last, which outputs the core's width. */
const STEM_CHANNELS = [16, 32, 64];

export function convStem(s: Scope, c: PolicyConfig): VisionEncoder {
  const grid = c.imageSize / c.patch;
  const layers = Math.log2(c.patch);
  const channels = Array.from({ length: layers }, (_, i) => (i === layers - 1 ? c.width : STEM_CHANNELS[Math.min(i, STEM_CHANNELS.length - 1)]!));
  let inputs = c.channels + 2;
  const weights = channels.map((out, i) => {
    const kernel = s.add(`stem${i}/kernel`, [3, 3, inputs, out], 'normal', Math.sqrt(2 / (9 * inputs)));
    const bias = s.add(`stem${i}/bias`, [out], 'zeros');
    inputs = out;
    return { kernel, bias };
  });
  const place = placement(s, c);
  return (images) => {
    const [b, cams, h, w, ch] = checkImages(images, c);
    const n = b * cams;
    // x and y in [-1, 1] as two more channels (CoordConv): where a feature is stays readable after pooling.
    const ramp = tf.linspace(-1, 1, h);
    const xs = tf.tile(tf.reshape(ramp, [1, 1, w, 1]), [n, h, 1, 1]);
    const ys = tf.tile(tf.reshape(ramp, [1, h, 1, 1]), [n, 1, w, 1]);
    let x = tf.concat([tf.sub(tf.reshape(images, [n, h, w, ch]), 0.5), xs, ys], 3) as tf.Tensor4D;
    weights.forEach(({ kernel, bias }, i) => {
      const y = tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 2, 'same'), bias) as tf.Tensor4D;
      x = i === weights.length - 1 ? y : (tf.relu(y) as tf.Tensor4D);
    });
    return place(x, b, cams);
  };
}
