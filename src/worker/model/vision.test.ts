import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { policyConfig } from './config';
import { ParamStore, scope } from './params';
import { convStem, patchEmbed } from './vision';

beforeAll(async () => {
  expect((await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] })).name).toBe('wasm');
});

it('the patch embedding is the strided convolution with kernel = stride = patch, for each camera', () => {
  const c = policyConfig({ imageSize: 12, patch: 4, width: 8, heads: 2, cameras: 2 });
  const store = new ParamStore(4);
  const embed = patchEmbed(scope(store, 'vision', 'core'), c);
  const images = tf.randomUniform([2, 2, 12, 12, 3], 0, 1, 'float32', 5) as tf.Tensor5D;
  const [kernel, bias, position, camera] = store.variables;
  const [ours, conv] = tf.tidy(() => {
    const x = tf.sub(tf.reshape(images, [4, 12, 12, 3]), 0.5) as tf.Tensor4D;
    const y = tf.conv2d(x, kernel as tf.Tensor4D, 4, 'valid');
    const expected = tf.add(tf.add(tf.add(tf.reshape(y, [2, 2, 9, 8]), bias!), position!), tf.reshape(camera!, [1, 2, 1, 8]));
    return [embed(images).tokens, tf.reshape(expected, [2, 18, 8])];
  });
  expect(ours!.shape).toEqual([2, 18, 8]);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours!, conv!))).dataSync()[0]!);
  expect(diff).toBeLessThan(1e-5);
  tf.dispose([images, ours!, conv!]);
  store.dispose();
});

it('the conv stem gives the same tokens per camera, sees where a pixel is, and trains on wasm', () => {
  const c = policyConfig({ imageSize: 16, patch: 4, width: 8, heads: 2, cameras: 2, vision: 'conv' });
  const store = new ParamStore(4);
  const stem = convStem(scope(store, 'vision', 'core'), c);
  // Two log2(4) = 2 stride-2 layers over RGB + x, y: 16 px → 4 × 4 tokens per camera.
  expect(store.list.map((p) => `${p.name} [${p.variable.shape}]`)).toEqual([
    'vision/stem0/kernel [3,3,5,16]', 'vision/stem0/bias [16]', 'vision/stem1/kernel [3,3,16,8]', 'vision/stem1/bias [8]',
    'vision/position [16,8]', 'vision/camera [2,8]',
  ]);
  const dot = (x: number) => tf.tidy(() => {
    const img = tf.buffer([1, 2, 16, 16, 3]);
    for (const cam of [0, 1]) for (const ch of [0, 1, 2]) img.set(1, 0, cam, 8, x, ch);
    return img.toTensor() as tf.Tensor5D;
  });
  const [left, right] = [dot(2), dot(13)];
  const tokens = tf.tidy(() => stem(left).tokens);
  expect(tokens.shape).toEqual([1, 32, 8]);
  // The same white dot elsewhere changes the tokens of other cells: position survives the stem.
  const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(stem(left).tokens, stem(right).tokens))).dataSync()[0]!);
  expect(moved).toBeGreaterThan(1e-3);
  // Every stem weight gets a gradient (the wasm backend's registered conv filter gradients).
  const { grads } = tf.variableGrads(() => tf.mean(tf.square(stem(left).tokens)) as tf.Scalar, store.variables);
  for (const p of store.list.filter((q) => q.name.includes('stem'))) {
    expect(tf.tidy(() => tf.sum(tf.abs(grads[p.variable.name]!)).dataSync()[0]!), p.name).toBeGreaterThan(0);
  }
  tf.dispose([left, right, tokens, ...Object.values(grads)]);
  store.dispose();
});
