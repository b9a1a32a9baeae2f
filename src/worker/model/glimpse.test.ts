import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { policyConfig } from './config';
import { glimpse } from './glimpse';
import { ParamStore, scope } from './params';
import { createPolicy } from './policy';
import { disposeBatch, randomActionBatch } from './testing';

beforeAll(async () => {
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
});

it('sees what lies around the point and nothing far from it', () => {
  const store = new ParamStore(3);
  const grid = 8;
  const look = glimpse(scope(store, 'g', 'expert'), { grid, width: 2 }, 4);
  // A map that is zero except one cell at column 5, row 2.
  const cells = new Float32Array(grid * grid * 2);
  cells.set([1, -1], (2 * grid + 5) * 2);
  const map = tf.tensor3d(cells, [1, grid * grid, 2]);
  const at = (x: number, y: number) => tf.tidy(() => look(map, tf.tensor2d([[x, y]])).arraySync()[0]![0]!);
  const centreOfCell = (cx: number, cy: number) => at((cx + 0.5) / grid, (cy + 0.5) / grid);
  const near = centreOfCell(5, 2);
  const beside = centreOfCell(6, 2);
  const far = centreOfCell(1, 6);
  expect(near).toHaveLength(4);
  // Far away the glimpse is the projection of zeros (the bias, zero at start); close by it is not, and
  // seen from the next cell the object falls in another of the nine samples, so the token changes.
  expect(Math.max(...far.map(Math.abs))).toBeLessThan(1e-6);
  expect(Math.max(...near.map(Math.abs))).toBeGreaterThan(1e-4);
  expect(Math.max(...near.map((v, i) => Math.abs(v - beside[i]!)))).toBeGreaterThan(1e-4);
  map.dispose();
  store.dispose();
});

it('gives the action expert a glimpse token whose weights and the map learn from the action loss', () => {
  const c = policyConfig({ imageSize: 16, patch: 4, width: 8, heads: 2, grounding: { map: 'conv' }, spatialTokens: true, spatialGlimpse: true, expert: { width: 8, heads: 2, layers: 1 } });
  const policy = createPolicy(c, 4);
  const plain = createPolicy({ ...c, spatialGlimpse: false }, 4);
  const batch = randomActionBatch(c, 2, 9);
  // One more condition token than the same policy without the glimpse.
  expect(policy.forward(batch).condition.shape[1]).toBe(plain.forward(batch).condition.shape[1] + 1);
  const learns = policy.params.list.filter((p) => p.name.includes('glimpse') || p.name.startsWith('grounding/map/conv1/kernel'));
  expect(learns.map((p) => p.name)).toEqual(expect.arrayContaining(['expert/glimpse/glimpse_in/w', 'grounding/map/conv1/kernel']));
  const { grads } = tf.variableGrads(() => policy.actionLoss(batch, { seed: 1 }), learns.map((p) => p.variable));
  for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
  tf.dispose(Object.values(grads));
  disposeBatch(batch);
  policy.dispose();
  plain.dispose();
});
