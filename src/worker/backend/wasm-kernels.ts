/**
 * The gradient kernels TF.js 4.22's wasm backend lacks, so that a conv net trains on it:
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput; and
 * replacements for two slow paths a training step takes: Conv2DBackpropInput, a plain C++ loop that took
 * 40 % of a step (12× the forward convolutions), and matrix products with a transposed operand (both
 * gradients of a dense layer), which skip XNNPACK and run 8-14× slower than a transpose followed by the
 * fast product. Each is written in kernels wasm has (XNNPACK convolutions and products, transposes,
 * reshapes, pads).
 *
 * The trick for a filter gradient: dW[kh,kw,ci,co] = Σ_b,oh,ow x[b, oh·s+kh-pad, ow·s+kw-pad, ci] ·
 * dy[b,oh,ow,co] is a stride-1 convolution of x (channels and batch swapped) with dy as the filter,
 * dilated by the forward stride s.
 */
import type { KernelBackend, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from './tf';

const BACKEND = 'wasm';
type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TensorInfo;
}

interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: [number, number] | number;
  dataFormat?: 'NHWC' | 'NCHW';
}

/** Runs wasm's own kernels and frees every intermediate once the result is made. */
class Scratch {
  private readonly made: TensorInfo[] = [];
  constructor(readonly backend: WasmBackend) {}

  run(kernel: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = tf.getKernel(kernel, BACKEND);
    if (!config) throw new Error(`the wasm backend has no ${kernel} kernel`);
    const out = config.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.made.push(out);
    return out;
  }

  constant(shape: number[], values: Float32Array): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32', undefined, values);
    this.made.push(out);
    return out;
  }

  /** Frees everything but `result`, which the engine now owns. */
  keep(result: TensorInfo): TensorInfo {
    for (const t of this.made) if (t !== result) this.backend.disposeData(t.dataId);
    return result;
  }
}

function pair(v: [number, number] | number | undefined): [number, number] {
  return v == null ? [1, 1] : typeof v === 'number' ? [v, v] : v;
}

function requireNoDilation(kernel: string, attrs: ConvGradAttrs): void {
  const [dh, dw] = pair(attrs.dilations);
  if (dh !== 1 || dw !== 1) throw new Error(`${kernel} on wasm: dilations must be 1 (got ${dh},${dw})`);
}

function requireNHWC(kernel: string, attrs: ConvGradAttrs): void {
  if (attrs.dataFormat === 'NCHW') throw new Error(`${kernel} on wasm: dataFormat must be NHWC`);
}

/**
 * The convolution of `input` [N,H,W,C] whose output rows and columns cover exactly `outH`×`outW`
 * positions of a filter dilated by `stride`: pads where the forward pass padded, and crops the
 * trailing rows and columns the forward stride never reached.
 */
function filterGradGeometry(
  inH: number,
  inW: number,
  info: tf.backend_util.Conv2DInfo,
): { cropH: number; cropW: number; pad: tf.backend_util.ExplicitPadding } {
  const { top, left } = info.padInfo;
  const bottom = info.filterHeight - inH - top + (info.outHeight - 1) * info.strideHeight;
  const right = info.filterWidth - inW - left + (info.outWidth - 1) * info.strideWidth;
  return {
    cropH: inH + Math.min(0, bottom),
    cropW: inW + Math.min(0, right),
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
  };
}

function conv2DBackpropFilter(x: TensorInfo, dy: TensorInfo, filterShape: Shape4, attrs: ConvGradAttrs, s: Scratch): TensorInfo {
  const [, inH, inW, inC] = x.shape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const g = filterGradGeometry(inH, inW, info);
  let xT = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [CI, H, W, B]
  if (g.cropH < inH || g.cropW < inW) {
    xT = s.run('Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [inC, g.cropH, g.cropW, -1] });
  }
  const dyT = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, CO]
  const grad = s.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1], pad: g.pad, dilations: [info.strideHeight, info.strideWidth], dataFormat: 'NHWC',
  }); // [CI, KH, KW, CO]
  return s.run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
}

function depthwiseBackpropFilter(x: TensorInfo, dy: TensorInfo, filterShape: Shape4, attrs: ConvGradAttrs, s: Scratch): TensorInfo {
  const [batch, inH, inW, inC] = x.shape as Shape4;
  const [kh, kw, , mult] = filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true,
  );
  const g = filterGradGeometry(inH, inW, info);
  // Batch and channel fold into one channel axis of a depthwise convolution, summed over the batch after.
  let xT = s.run('Transpose', { x }, { perm: [1, 2, 0, 3] }); // [H, W, B, C]
  if (g.cropH < inH || g.cropW < inW) {
    xT = s.run('Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [g.cropH, g.cropW, -1, -1] });
  }
  const xR = s.run('Reshape', { x: xT }, { shape: [1, g.cropH, g.cropW, batch * inC] });
  const dyT = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, C·M]
  const dyR = s.run('Reshape', { x: dyT }, { shape: [info.outHeight, info.outWidth, batch * inC, mult] });
  const grad = s.run('DepthwiseConv2dNative', { x: xR, filter: dyR }, {
    strides: [1, 1], pad: g.pad, dilations: [info.strideHeight, info.strideWidth],
  }); // [1, KH, KW, B·C·M]
  const perBatch = s.run('Reshape', { x: grad }, { shape: [kh, kw, batch, inC, mult] });
  return s.run('Sum', { x: perBatch }, { axis: [2], keepDims: false });
}

/**
 * The input gradient is a stride-1 convolution of dy, spread out by the stride (zeros between its rows
 * and columns), with the filter turned 180° and its channel axes swapped.
 */
function conv2DBackpropInput(dy: TensorInfo, filter: TensorInfo, inputShape: Shape4, attrs: ConvGradAttrs, s: Scratch): TensorInfo {
  const [batch, inH, inW] = inputShape;
  const [kh, kw] = filter.shape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const { top, left } = info.padInfo;
  // Padding of the spread gradient: kernel − 1 − forward padding before, whatever makes the output the
  // input's size after. Spreading leaves stride − 1 zero rows and columns at the end, which count as
  // part of that padding (sliced off only where they are more than it).
  let bottom = inH + top - 1 - (oh - 1) * sh;
  let right = inW + left - 1 - (ow - 1) * sw;
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const six = s.run('Reshape', { x: dy }, { shape: [batch, oh, 1, ow, 1, co] });
    const padded = s.run('PadV2', { x: six }, {
      paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
    });
    spread = s.run('Reshape', { x: padded }, { shape: [batch, oh * sh, ow * sw, co] });
    const cropH = Math.max(0, sh - 1 - bottom);
    const cropW = Math.max(0, sw - 1 - right);
    bottom -= sh - 1 - cropH;
    right -= sw - 1 - cropW;
    if (cropH > 0 || cropW > 0) {
      spread = s.run('Slice', { x: spread }, { begin: [0, 0, 0, 0], size: [-1, oh * sh - cropH, ow * sw - cropW, -1] });
    }
  }
  const turned = s.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = s.run('Transpose', { x: turned }, { perm: [0, 1, 3, 2] }); // [KH, KW, CO, CI]
  const pad: tf.backend_util.ExplicitPadding = [[0, 0], [kh - 1 - top, bottom], [kw - 1 - left, right], [0, 0]];
  return s.run('Conv2D', { x: spread, filter: swapped }, { strides: [1, 1], pad, dilations: [1, 1], dataFormat: 'NHWC' });
}

/**
 * A depthwise convolution is a full one whose filter is zero off the channel diagonal, so its input
 * gradient is wasm's Conv2DBackpropInput with that filter. It costs C times the multiply-adds of a
 * dedicated kernel: fine for the small channel counts this worker trains.
 */
function depthwiseBackpropInput(dy: TensorInfo, filter: TensorInfo, inputShape: Shape4, attrs: ConvGradAttrs, s: Scratch): TensorInfo {
  const [kh, kw, inC, mult] = filter.shape as Shape4;
  const eye = new Float32Array(inC * inC);
  for (let c = 0; c < inC; c++) eye[c * inC + c] = 1;
  const f5 = s.run('Reshape', { x: filter }, { shape: [kh, kw, inC, 1, mult] });
  const diagonal = s.run('Multiply', { a: f5, b: s.constant([1, 1, inC, inC, 1], eye) });
  const full = s.run('Reshape', { x: diagonal }, { shape: [kh, kw, inC, inC * mult] });
  return s.run('Conv2DBackpropInput', { dy, filter: full }, {
    strides: attrs.strides, pad: attrs.pad, dataFormat: 'NHWC', inputShape,
    ...(attrs.dimRoundingMode ? { dimRoundingMode: attrs.dimRoundingMode } : {}),
  });
}

function kernel(
  kernelName: string,
  compute: (inputs: NamedTensorInfoMap, attrs: NamedAttrMap, s: Scratch) => TensorInfo,
): KernelConfig {
  return {
    kernelName,
    backendName: BACKEND,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const s = new Scratch(backend as WasmBackend);
      return s.keep(compute(inputs, attrs ?? {}, s));
    },
  };
}

const KERNELS: KernelConfig[] = [
  kernel('Conv2DBackpropInput', (inputs, attrs, s) => {
    const a = attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
    requireNHWC('Conv2DBackpropInput', a);
    return conv2DBackpropInput(inputs.dy!, inputs.filter!, a.inputShape, a, s);
  }),
  kernel('Conv2DBackpropFilter', (inputs, attrs, s) => {
    const a = attrs as unknown as ConvGradAttrs & { filterShape: Shape4 };
    requireNHWC('Conv2DBackpropFilter', a);
    return conv2DBackpropFilter(inputs.x!, inputs.dy!, a.filterShape, a, s);
  }),
  kernel('DepthwiseConv2dNativeBackpropFilter', (inputs, attrs, s) => {
    const a = attrs as unknown as ConvGradAttrs & { filterShape: Shape4 };
    requireNoDilation('DepthwiseConv2dNativeBackpropFilter', a);
    return depthwiseBackpropFilter(inputs.x!, inputs.dy!, a.filterShape, a, s);
  }),
  kernel('DepthwiseConv2dNativeBackpropInput', (inputs, attrs, s) => {
    const a = attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
    requireNoDilation('DepthwiseConv2dNativeBackpropInput', a);
    return depthwiseBackpropInput(inputs.dy!, inputs.filter!, a.inputShape, a, s);
  }),
];

/** wasm's own kernels this module replaces with faster ones. */
const REPLACED = new Set(['Conv2DBackpropInput']);

/**
 * wasm's matrix products, wrapped so that a transposed operand is transposed first: its product only
 * takes the XNNPACK path for untransposed operands.
 */
const UNTRANSPOSED = ['BatchMatMul', '_FusedMatMul'];
const wrappers = new Set<KernelConfig>();

function untransposed(original: KernelConfig): KernelConfig {
  const config: KernelConfig = {
    kernelName: original.kernelName,
    backendName: BACKEND,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc({ inputs, attrs, backend });
      const s = new Scratch(backend as WasmBackend);
      const flip = (t: TensorInfo) => {
        const perm = t.shape.map((_, i) => i);
        perm.push(...perm.splice(-2).reverse());
        return s.run('Transpose', { x: t }, { perm });
      };
      const a = transposeA ? flip(inputs.a!) : inputs.a!;
      const b = transposeB ? flip(inputs.b!) : inputs.b!;
      const out = original.kernelFunc({
        inputs: { ...inputs, a, b },
        attrs: { ...attrs, transposeA: false, transposeB: false },
        backend,
      }) as TensorInfo;
      return s.keep(out);
    },
  };
  wrappers.add(config);
  return config;
}

/** The kernel names this module adds or replaces. */
export const WASM_TRAINING_KERNELS = [...KERNELS.map((k) => k.kernelName), ...UNTRANSPOSED];

/** Registers the kernels once; a missing kernel wasm gains in a later version is left alone. */
export function registerWasmTrainingKernels(): void {
  for (const config of KERNELS) {
    const existing = tf.getKernel(config.kernelName, BACKEND);
    if (existing === config) continue;
    if (existing && !REPLACED.has(config.kernelName)) continue;
    if (existing) tf.unregisterKernel(config.kernelName, BACKEND);
    tf.registerKernel(config);
  }
  for (const name of UNTRANSPOSED) {
    const existing = tf.getKernel(name, BACKEND);
    if (!existing || wrappers.has(existing)) continue;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(untransposed(existing));
  }
}
