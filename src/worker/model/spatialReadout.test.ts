import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { policyConfig } from './config';
import { ParamStore, scope } from './params';
import { spatialReadout } from './spatialReadout';

beforeAll(async () => {
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
});

const c = policyConfig({ imageSize: 16, patch: 4, width: 8, heads: 2 });
const n = (c.imageSize / c.patch) ** 2;

/** Image tokens all alike but one, at `at`: [1, n, width]. */
function tokens(at: number): tf.Tensor3D {
  return tf.tidy(() => {
    const plain = Array.from({ length: c.width }, (_, i) => Math.cos(i));
    const odd = Array.from({ length: c.width }, (_, i) => 3 * Math.sin(i + 1));
    return tf.tensor3d([Array.from({ length: n }, (_, t) => (t === at ? odd : plain))]);
  });
}

it('moving the one distinct thing moves the answer by the same share of the distance, wherever it goes', () => {
  const store = new ParamStore(3);
  const readout = spatialReadout(scope(store, 'grounding/readout', 'core'), c);
  const query = tf.tensor2d([Array.from({ length: c.width }, (_, i) => (i % 3) - 1)]);
  const grid = c.imageSize / c.patch;
  const centre = (t: number) => [((t % grid) + 0.5) / grid, (Math.floor(t / grid) + 0.5) / grid];
  const at = (t: number) => tf.tidy(() => readout('point', query, tokens(t)).arraySync()[0]!);
  const from = at(0);
  // Only content is scored, so the odd token's weight is the same at every position: the answer moves by
  // weight × (new centre − old centre), one share for every move.
  const shares = [5, 10, 15].flatMap((t) => [0, 1].map((axis) => (at(t)[axis]! - from[axis]!) / (centre(t)[axis]! - centre(0)[axis]!)));
  for (const share of shares) expect(share).toBeCloseTo(shares[0]!, 5);
  expect(shares[0]).toBeGreaterThan(0);

  const box = tf.tidy(() => readout('box', query, tokens(6)).arraySync()[0]!);
  expect(box).toHaveLength(4);
  expect(box[0]).toBeLessThan(box[2]!);
  expect(box[1]).toBeLessThan(box[3]!);
  query.dispose();
  store.dispose();
});
