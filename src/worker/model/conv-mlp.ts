/**
 * A small convolutional encoder with an MLP head: camera image in, action vector out. The benchmark's
 * model and the smallest real policy the worker trains; kept as plain variables (no tfjs-layers) so
 * that its parameters can be copied to and from worker threads as one flat array.
 */
import { tf } from '../backend/tf';

export interface ConvLayer {
  filters: number;
  kernel: number;
  stride: number;
}

export interface ConvMlpConfig {
  height: number;
  width: number;
  channels: number;
  conv: ConvLayer[];
  hidden: number[];
  outputs: number;
}

/** 64×64 RGB, three stride-2 convolutions, one hidden layer, a 7-dof action: 0.55 M parameters. */
export const SMALL_CONV_MLP: ConvMlpConfig = {
  height: 64,
  width: 64,
  channels: 3,
  conv: [
    { filters: 16, kernel: 3, stride: 2 },
    { filters: 32, kernel: 3, stride: 2 },
    { filters: 64, kernel: 3, stride: 2 },
  ],
  hidden: [128],
  outputs: 7,
};

export interface ParamSpec {
  name: string;
  shape: number[];
  /** Inputs feeding one output unit, for He initialisation; 0 for a bias. */
  fanIn: number;
}

interface Geometry {
  params: ParamSpec[];
  /** Multiply-adds of one sample's forward pass. */
  macs: number;
}

function geometry(c: ConvMlpConfig): Geometry {
  const params: ParamSpec[] = [];
  let macs = 0;
  let [h, w, ch] = [c.height, c.width, c.channels];
  c.conv.forEach((l, i) => {
    params.push({ name: `conv${i}/kernel`, shape: [l.kernel, l.kernel, ch, l.filters], fanIn: l.kernel * l.kernel * ch });
    params.push({ name: `conv${i}/bias`, shape: [l.filters], fanIn: 0 });
    // 'same' padding: the output is the input divided by the stride, rounded up.
    [h, w] = [Math.ceil(h / l.stride), Math.ceil(w / l.stride)];
    macs += h * w * l.filters * l.kernel * l.kernel * ch;
    ch = l.filters;
  });
  let width = h * w * ch;
  [...c.hidden, c.outputs].forEach((units, i) => {
    params.push({ name: `dense${i}/kernel`, shape: [width, units], fanIn: width });
    params.push({ name: `dense${i}/bias`, shape: [units], fanIn: 0 });
    macs += width * units;
    width = units;
  });
  return { params, macs };
}

export const paramSpecs = (c: ConvMlpConfig): ParamSpec[] => geometry(c).params;
export const paramCount = (c: ConvMlpConfig): number =>
  paramSpecs(c).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
/** Floating-point operations of one training sample: forward, plus twice that for the two gradients. */
export const trainFlopsPerSample = (c: ConvMlpConfig): number => 3 * 2 * geometry(c).macs;

export class ConvMlp {
  /** In the order of paramSpecs(config). */
  readonly params: tf.Variable[];

  constructor(readonly config: ConvMlpConfig, seed = 1) {
    this.params = paramSpecs(config).map((p, i) =>
      tf.tidy(() =>
        tf.variable(
          p.fanIn === 0
            ? tf.zeros(p.shape)
            : tf.randomNormal(p.shape, 0, Math.sqrt(2 / p.fanIn), 'float32', seed * 1000 + i),
        ),
      ),
    );
  }

  predict(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let k = 0;
      const next = () => this.params[k++]!;
      let h: tf.Tensor4D = x;
      for (const l of this.config.conv) {
        const filter = next() as tf.Tensor4D;
        h = tf.fused.conv2d({ x: h, filter, strides: l.stride, pad: 'same', bias: next(), activation: 'relu' });
      }
      let y = tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D;
      for (let i = 0; i <= this.config.hidden.length; i++) {
        const last = i === this.config.hidden.length;
        y = tf.fused.matMul({ a: y, b: next() as tf.Tensor2D, bias: next(), activation: last ? 'linear' : 'relu' }) as tf.Tensor2D;
      }
      return y;
    });
  }

  /** Mean squared error over the batch and the action dimensions. */
  loss(x: tf.Tensor4D, y: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => tf.mean(tf.squaredDifference(this.predict(x), y)) as tf.Scalar);
  }

  /** Copies every parameter into `out` (paramCount floats), in order. */
  readParams(out: Float32Array): void {
    let offset = 0;
    for (const v of this.params) {
      const values = v.dataSync<'float32'>();
      out.set(values, offset);
      offset += values.length;
    }
  }

  /** Sets every parameter from `flat`, which may be shared memory another thread writes later. */
  writeParams(flat: Float32Array): void {
    let offset = 0;
    for (const v of this.params) {
      // slice(): the cpu backend keeps the array it is given, and `flat` will change under it.
      const values = flat.slice(offset, offset + v.size);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      offset += v.size;
    }
  }

  dispose(): void {
    tf.dispose(this.params);
  }
}
