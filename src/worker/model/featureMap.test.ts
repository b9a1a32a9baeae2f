import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { policyConfig } from './config';
import { featureMap, MAP_CHANNELS, mapGrid } from './featureMap';
import { ParamStore, scope } from './params';
import { createPolicy } from './policy';

beforeAll(async () => {
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
});

const c = policyConfig({ imageSize: 16, patch: 4, width: 8, heads: 2, cameras: 2, grounding: { map: 'conv' } });

/** Grey images of both cameras with a red 2×2 square at (x, y) of the first one: [1, 2, 16, 16, 3]. */
function scene(x: number, y: number): tf.Tensor5D {
  const data = new Float32Array(2 * 16 * 16 * 3).fill(0.5);
  for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) data.set([1, 0, 0], ((y + dy) * 16 + x + dx) * 3);
  return tf.tensor5d(data, [1, 2, 16, 16, 3]);
}

it('gives the primary camera a grid of half the image side, and moving an object moves its features with it', () => {
  const store = new ParamStore(5);
  const map = featureMap(scope(store, 'grounding/map', 'core'), c);
  const grid = mapGrid(c);
  const at = (x: number, y: number) => tf.tidy(() => map(scene(x, y)).arraySync()[0]!);
  const a = at(4, 6);
  expect(a).toHaveLength(grid * grid);
  expect(a[0]).toHaveLength(MAP_CHANNELS[1]);
  // Two pixels right and two down is one cell right and one down: the same features there, away from the border.
  const b = at(6, 8);
  const cell = (x: number, y: number) => y * grid + x;
  for (let y = 1; y < grid - 2; y++) {
    for (let x = 1; x < grid - 2; x++) {
      a[cell(x, y)]!.forEach((v, k) => expect(b[cell(x + 1, y + 1)]![k]).toBeCloseTo(v, 5));
    }
  }
  store.dispose();
});

it('a policy reading the fine map answers from the primary camera only, and trains its map', () => {
  const policy = createPolicy(c, 2);
  const text = tf.tensor2d([[3, 4, 0]], [1, 3], 'int32');
  const answer = (images: tf.Tensor5D) => policy.predictGrounding({ images, text }, 'point').arraySync()[0]!;
  const images = scene(4, 6);
  const other = tf.tidy(() => tf.concat([tf.slice(images, [0, 0, 0, 0, 0], [1, 1, 16, 16, 3]), tf.fill([1, 1, 16, 16, 3], 0.9)], 1) as tf.Tensor5D);
  // The second camera changes the core's states (and so the query) but not what the readout reads: the
  // two answers differ only through the query, so both stay inside the image.
  for (const p of [answer(images), answer(other)]) for (const v of p) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
  const mapParams = policy.params.list.filter((p) => p.name.startsWith('grounding/map/'));
  expect(mapParams.map((p) => p.name)).toEqual(['grounding/map/conv0/kernel', 'grounding/map/conv0/bias', 'grounding/map/conv1/kernel', 'grounding/map/conv1/bias']);
  const { grads } = tf.variableGrads(() => policy.groundingLoss({ images, text, kind: 'point', target: tf.tensor2d([[0.3, 0.4]]) }), mapParams.map((p) => p.variable));
  for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
  tf.dispose([images, other, text, ...Object.values(grads)]);
  policy.dispose();
});
