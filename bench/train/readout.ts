/**
 * `npx tsx bench/train/readout.ts`: the grounding head's two readouts on a task that needs finding a thing
 * by its name: coloured 4-px squares on grey at 64 px, the instruction naming one of two colours, a fresh
 * scene every sample (so what is measured is finding, not remembering). Point error on fresh scenes, px at
 * 64, after each 100 steps of the quick preset; both readouts side by side in one run.
 * Options: --steps 400 --batch 32 --seed 1
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { POLICY_PRESETS } from '../../src/shared/training/recipes';
import { policyConfig } from '../../src/worker/model/config';
import { createPolicy } from '../../src/worker/model/policy';
import { AdamW, DEFAULT_ADAMW } from '../../src/worker/train/optim';
import { printTable } from '../table';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '400' }, batch: { type: 'string', default: '32' }, seed: { type: 'string', default: '1' } } });
await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
const S = 64;
const SIDE = 4;
const COLOURS = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1]];
const steps = Number(values.steps);
const B = Number(values.batch);

function scenes(n: number, random: () => number) {
  const img = new Float32Array(n * S * S * 3).fill(0.5);
  const text = new Int32Array(n * 4);
  const point = new Float32Array(n * 2);
  for (let b = 0; b < n; b++) {
    const target = Math.floor(random() * COLOURS.length);
    const other = (target + 1 + Math.floor(random() * (COLOURS.length - 1))) % COLOURS.length;
    [target, other].forEach((colour, k) => {
      const x = 2 + Math.floor(random() * (S - SIDE - 2));
      const y = 2 + Math.floor(random() * (S - SIDE - 2));
      for (let dy = 0; dy < SIDE; dy++) for (let dx = 0; dx < SIDE; dx++) img.set(COLOURS[colour]!, ((b * S + y + dy) * S + x + dx) * 3);
      if (k === 0) point.set([(x + SIDE / 2) / S, (y + SIDE / 2) / S], b * 2);
    });
    // "find <colour>": token 1 stands for the words every instruction shares.
    text.set([1, 2 + target, 1, 1], b * 4);
  }
  return { kind: 'point' as const, images: tf.tensor5d(img, [n, 1, S, S, 3]), text: tf.tensor2d(text, [n, 4], 'int32'), target: tf.tensor2d(point, [n, 2]) };
}

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const rows: string[][] = [];
for (const readout of ['token', 'spatial'] as const) {
  const config = policyConfig({ ...POLICY_PRESETS.quick!, cameras: 1, vocabSize: 16, maxTextTokens: 4, padId: 0, grounding: { readout } });
  const policy = createPolicy(config, Number(values.seed));
  const optimizer = new AdamW(policy.params.list, { ...DEFAULT_ADAMW, lr: { core: 1e-3, querying: 1e-3, expert: 1e-3 }, warmupSteps: Math.floor(steps / 10), totalSteps: steps });
  const random = lcg(Number(values.seed) * 7919);
  const errors: string[] = [];
  const started = performance.now();
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      const batch = scenes(B, random);
      const { grads } = tf.variableGrads(() => policy.groundingLoss(batch), policy.params.variables);
      optimizer.apply(grads);
    });
    if (step % 100 === 0) {
      errors.push(tf.tidy(() => {
        const held = scenes(128, lcg(424242));
        const p = policy.predictGrounding(held, 'point').arraySync() as number[][];
        const t = held.target.arraySync() as number[][];
        return (p.reduce((sum, q, i) => sum + Math.hypot(q[0]! - t[i]![0]!, q[1]! - t[i]![1]!), 0) / p.length * S).toFixed(2);
      }));
    }
  }
  rows.push([readout, ...errors, ((performance.now() - started) / steps).toFixed(0)]);
  optimizer.dispose();
  policy.dispose();
}
printTable(`grounding readouts: point error on fresh scenes (px at ${S}), quick preset, batch ${B}`, ['readout', ...Array.from({ length: Math.floor(steps / 100) }, (_, i) => `step ${(i + 1) * 100}`), 'ms/step'], rows);
