/**
 * One training step's maths, shared by the single-threaded trainer and each data-parallel thread:
 * the loss and the gradient of every parameter, and the optimizer update.
 */
import { tf } from '../backend/tf';
import type { ConvMlp } from '../model/conv-mlp';

export interface Batch {
  /** [n, height, width, channels], row-major. */
  x: Float32Array;
  /** [n, outputs]. */
  y: Float32Array;
  n: number;
}

/**
 * The loss of samples [start, end) of the batch and its gradients, both multiplied by `scale`, written
 * into `grads` (paramCount floats, in parameter order). With scale = share of the batch, the sums over
 * slices are the full batch's mean loss and gradient.
 */
export function sliceGradients(model: ConvMlp, batch: Batch, start: number, end: number, scale: number, grads: Float32Array): number {
  const { height, width, channels, outputs } = model.config;
  const pixels = height * width * channels;
  const n = end - start;
  return tf.tidy(() => {
    const x = tf.tensor4d(batch.x.slice(start * pixels, end * pixels), [n, height, width, channels]);
    const y = tf.tensor2d(batch.y.slice(start * outputs, end * outputs), [n, outputs]);
    const { value, grads: named } = tf.variableGrads(() => model.loss(x, y), model.params);
    let offset = 0;
    for (const v of model.params) {
      const g = named[v.name]!.dataSync<'float32'>();
      for (let i = 0; i < g.length; i++) grads[offset + i] = g[i]! * scale;
      offset += g.length;
    }
    return value.dataSync()[0]! * scale;
  });
}

/** Applies a flat gradient (parameter order) with the optimizer. */
export function applyGradients(model: ConvMlp, optimizer: tf.Optimizer, grads: Float32Array): void {
  tf.tidy(() => {
    const named: tf.NamedTensorMap = {};
    let offset = 0;
    for (const v of model.params) {
      named[v.name] = tf.tensor(grads.subarray(offset, offset + v.size).slice(), v.shape);
      offset += v.size;
    }
    optimizer.applyGradients(named);
  });
}

/** A whole step on this thread: gradients of the batch, then the update. Returns the batch's loss. */
export function trainStep(model: ConvMlp, optimizer: tf.Optimizer, batch: Batch, scratch: Float32Array): number {
  const loss = sliceGradients(model, batch, 0, batch.n, 1, scratch);
  applyGradients(model, optimizer, scratch);
  return loss;
}
