import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { policyConfig } from './config';
import { ParamStore, scope } from './params';
import { patchEmbed } from './vision';

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
    return [embed(images), tf.reshape(expected, [2, 18, 8])];
  });
  expect(ours!.shape).toEqual([2, 18, 8]);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours!, conv!))).dataSync()[0]!);
  expect(diff).toBeLessThan(1e-5);
  tf.dispose([images, ours!, conv!]);
  store.dispose();
});
