import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select';
import { tf } from './tf';
import { WASM_TRAINING_KERNELS } from './wasm-kernels';

/** Gradients of Σ conv(x, w)·r for a fixed random r, so that dy is not all ones. */
async function convGrads(backend: string, f: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, x: Float32Array, xs: number[], w: Float32Array, ws: number[], seed: number) {
  expect(await tf.setBackend(backend)).toBe(true);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xs as [number, number, number, number]);
    const wt = tf.tensor4d(w, ws as [number, number, number, number]);
    const y = f(xt, wt);
    const r = tf.randomUniform(y.shape, -1, 1, 'float32', seed);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), r)))([xt, wt]);
    return { dx: dx!.dataSync<'float32'>().slice(), dw: dw!.dataSync<'float32'>().slice() };
  });
}

/** max |a − b| over max |b|: a relative error that does not blow up where b crosses zero. */
function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

function random(n: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform([n], -1, 1, 'float32', seed).dataSync() as Float32Array).slice();
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

// [batch, height, width, in channels], [kernel h, kernel w, out channels or multiplier]
const SHAPES: Array<[number[], number[]]> = [
  [[2, 9, 9, 3], [3, 3, 4]],
  [[3, 12, 10, 5], [5, 4, 2]],
  [[1, 7, 8, 1], [2, 2, 3]],
  [[4, 16, 16, 8], [3, 3, 16]],
];

describe('wasm training kernels', () => {
  beforeAll(async () => {
    const chosen = await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
    expect(chosen.name).toBe('wasm');
  });

  it('adds the kernels wasm 4.22 lacks for conv nets, and replaces its slow input gradient', () => {
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    expect([...WASM_TRAINING_KERNELS].sort()).toEqual([
      'BatchMatMul',
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      '_FusedMatMul',
    ]);
  });

  for (const stride of [1, 2, 3]) {
    for (const pad of ['same', 'valid'] as const) {
      it(`conv2d gradients match cpu, stride ${stride}, ${pad}`, async () => {
        for (const [i, [xs, [kh, kw, co]]] of SHAPES.entries()) {
          const ws = [kh!, kw!, xs[3]!, co!];
          const x = random(size(xs), 10 + i);
          const w = random(size(ws), 20 + i);
          const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, stride, pad);
          const cpu = await convGrads('cpu', f, x, xs, w, ws, 30 + i);
          const wasm = await convGrads('wasm', f, x, xs, w, ws, 30 + i);
          expect(relativeError(wasm.dw, cpu.dw), `filter gradient, shape ${xs}`).toBeLessThan(1e-4);
          expect(relativeError(wasm.dx, cpu.dx), `input gradient, shape ${xs}`).toBeLessThan(1e-4);
        }
      });

      it(`depthwise conv2d gradients match cpu, stride ${stride}, ${pad}`, async () => {
        for (const [i, [xs, [kh, kw, m]]] of SHAPES.entries()) {
          const ws = [kh!, kw!, xs[3]!, (m! % 2) + 1];
          const x = random(size(xs), 40 + i);
          const w = random(size(ws), 50 + i);
          const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, stride, pad);
          const cpu = await convGrads('cpu', f, x, xs, w, ws, 60 + i);
          const wasm = await convGrads('wasm', f, x, xs, w, ws, 60 + i);
          expect(relativeError(wasm.dw, cpu.dw), `filter gradient, shape ${xs}`).toBeLessThan(1e-4);
          expect(relativeError(wasm.dx, cpu.dx), `input gradient, shape ${xs}`).toBeLessThan(1e-4);
        }
      });
    }
  }

  it('multiplies transposed operands like cpu, plain and fused, and their gradients', async () => {
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[5, 7], [7, 3], false, false],
      [[7, 5], [7, 3], true, false],
      [[5, 7], [3, 7], false, true],
      [[7, 5], [3, 7], true, true],
      [[2, 7, 5], [2, 3, 7], true, true],
      [[3, 6, 9], [3, 2, 9], false, true],
    ];
    for (const [i, [as, bs, ta, tb]] of cases.entries()) {
      const a = random(size(as), 70 + i);
      const b = random(size(bs), 80 + i);
      const run = async (backend: string) => {
        expect(await tf.setBackend(backend)).toBe(true);
        return tf.tidy(() => {
          const at = tf.tensor(a, as);
          const bt = tf.tensor(b, bs);
          const plain = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb);
          const fused = (x: tf.Tensor, y: tf.Tensor) => tf.fused.matMul({ a: x, b: y, transposeA: ta, transposeB: tb, activation: 'relu' });
          const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(plain(x, y))))([at, bt]);
          const out = [plain(at, bt), fused(at, bt), da!, db!].map((t) => t.dataSync<'float32'>().slice());
          return out;
        });
      };
      const cpu = await run('cpu');
      const wasm = await run('wasm');
      cpu.forEach((c, k) => expect(relativeError(wasm[k]!, c), `case ${i}, output ${k}`).toBeLessThan(1e-5));
    }
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomUniform([2, 9, 9, 3]);
    const w = tf.randomUniform([3, 3, 3, 4]);
    const dw = tf.randomUniform([3, 3, 3, 2]);
    const g = () => {
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, w]));
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, dw]));
    };
    g();
    const before = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
    for (let i = 0; i < 5; i++) g();
    expect({ tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() }).toEqual(before);
    tf.dispose([x, w, dw]);
  });
});
