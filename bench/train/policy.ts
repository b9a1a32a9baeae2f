/**
 * `npx tsx bench/train/policy.ts`: the miniature ST4VLA policy on the wasm backend.
 *   speed: samples/s of one stage-2 step (robot batch + grounding batch, one AdamW update) at the
 *     default config, median and fastest step, and per CPU-second (the cores are shared).
 *   --grounding: the grounding-head choice, bins + cross entropy against regression + L1 (+GIoU), on a
 *     localisation task the head must generalise on: a bright square on noise, fresh samples every step,
 *     point and box error on held-out samples.
 * Options: --batch 8 --steps 6 --grounding --grounding-steps 400 --kinds point,box.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { imageTokens, policyConfig, type GroundingKind, type PolicyConfig } from '../../src/worker/model/config';
import { createPolicy, type GroundingBatch } from '../../src/worker/model/policy';
import { disposeBatch, lcg, randomActionBatch, randomGroundingBatch } from '../../src/worker/model/testing';
import { AdamW, DEFAULT_ADAMW } from '../../src/worker/train/optim';
import { stage2Step } from '../../src/worker/train/policy-step';
import { median, printTable } from '../table';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '8' },
    steps: { type: 'string', default: '6' },
    grounding: { type: 'boolean', default: false },
    'grounding-steps': { type: 'string', default: '400' },
    kinds: { type: 'string', default: 'point,box' },
  },
});
const BATCH = Number(values.batch);

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function speed(): Promise<void> {
  const config = policyConfig();
  const policy = createPolicy(config, 1);
  const optimizer = new AdamW(policy.params.list, DEFAULT_ADAMW);
  const batch = randomActionBatch(config, BATCH, 1);
  const grounding = randomGroundingBatch(config, BATCH, 'box', 2);
  stage2Step(policy, optimizer, batch, grounding, { seed: 0 }); // warm-up: kernel set-up, allocation
  const tensors = tf.memory().numTensors;
  const times: number[] = [];
  const cpu0 = cpuSeconds();
  for (let i = 1; i <= Number(values.steps); i++) {
    const start = performance.now();
    stage2Step(policy, optimizer, batch, grounding, { seed: i });
    times.push((performance.now() - start) / 1000);
  }
  const cpu = cpuSeconds() - cpu0;
  const groups = { core: 0, querying: 0, expert: 0 };
  for (const p of policy.params.list) groups[p.group] += p.variable.size;
  console.log(
    `default config: ${imageTokens(config)} image tokens + ${config.maxTextTokens} text tokens, width ${config.width}, ` +
      `${config.coreLayers} core / ${config.querying.layers} querying / ${config.expert.layers} expert layers; ` +
      `${(policy.params.size() / 1e6).toFixed(2)} M parameters (core ${(groups.core / 1e6).toFixed(2)}, querying ${(groups.querying / 1e6).toFixed(2)}, expert ${(groups.expert / 1e6).toFixed(2)})`,
  );
  printTable(
    `One stage-2 step on ${tf.getBackend()}: ${BATCH} robot samples + ${BATCH} grounding samples, AdamW`,
    ['batch', 'steps', 'ms/step median', 'samples/s median', 'samples/s best', 'samples per CPU-s', 'tensors after'],
    [[String(BATCH), String(times.length), (median(times) * 1000).toFixed(0), (BATCH / median(times)).toFixed(1), (BATCH / Math.min(...times)).toFixed(1), ((BATCH * times.length) / cpu).toFixed(1), `${tf.memory().numTensors} (was ${tensors})`]],
  );
  disposeBatch(batch);
  disposeBatch(grounding);
  optimizer.dispose();
  policy.dispose();
}

/** A bright square of side 6 to 12 px on dim noise; the instruction is fixed. Targets in [0, 1]. */
function squares(c: PolicyConfig, n: number, kind: GroundingKind, seed: number): GroundingBatch & { boxes: Float32Array } {
  const next = lcg(seed);
  const s = c.imageSize;
  const pixels = new Float32Array(n * s * s * c.channels).map(() => next() * 0.4);
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const side = 6 + Math.floor(next() * 7);
    const x = Math.floor(next() * (s - side));
    const y = Math.floor(next() * (s - side));
    for (let r = y; r < y + side; r++) for (let col = x; col < x + side; col++) for (let ch = 0; ch < c.channels; ch++) pixels[((i * s + r) * s + col) * c.channels + ch] = 0.9;
    boxes.set([x / s, y / s, (x + side) / s, (y + side) / s], i * 4);
  }
  const target = kind === 'box' ? boxes : new Float32Array(n * 2).map((_, j) => (boxes[(j >> 1) * 4 + (j & 1)]! + boxes[(j >> 1) * 4 + (j & 1) + 2]!) / 2);
  const text = tf.tensor2d(new Int32Array(n * 4).map((_, j) => (j % 4) + 1), [n, 4], 'int32');
  return { images: tf.tensor5d(pixels, [n, 1, s, s, c.channels]), text, kind, target: tf.tensor2d(target, [n, kind === 'box' ? 4 : 2]), boxes };
}

function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [ax1, ax2] = [Math.min(a[0]!, a[2]!), Math.max(a[0]!, a[2]!)];
  const [ay1, ay2] = [Math.min(a[1]!, a[3]!), Math.max(a[1]!, a[3]!)];
  const iw = Math.max(0, Math.min(ax2, b[2]!) - Math.max(ax1, b[0]!));
  const ih = Math.max(0, Math.min(ay2, b[3]!) - Math.max(ay1, b[1]!));
  const inter = iw * ih;
  return inter / ((ax2 - ax1) * (ay2 - ay1) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter);
}

async function groundingChoice(): Promise<void> {
  const steps = Number(values['grounding-steps']);
  const rows: string[][] = [];
  for (const head of ['bins', 'regression'] as const) {
    for (const kind of values.kinds.split(',') as Array<'point' | 'box'>) {
      // 32 px in 4 px patches: 64 image tokens, as the default, at a size that trains in a minute.
      const config = policyConfig({ imageSize: 32, patch: 4, width: 64, heads: 4, coreLayers: 2, mlpRatio: 2, grounding: { head, bins: 224 } });
      const policy = createPolicy(config, 3);
      const optimizer = new AdamW(policy.params.list, { ...DEFAULT_ADAMW, lr: { core: 1e-3, querying: 1e-3, expert: 1e-3 }, warmupSteps: 20, totalSteps: steps });
      const started = performance.now();
      for (let step = 0; step < steps; step++) {
        const batch = squares(config, 16, kind, 1000 + step);
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => policy.groundingLoss(batch), policy.params.variables);
          optimizer.apply(grads);
        });
        disposeBatch(batch);
      }
      const test = squares(config, 128, kind, 7);
      const answer = policy.predictGrounding(test, kind).dataSync();
      const target = test.target.dataSync();
      let error = 0;
      let hits = 0;
      for (let i = 0; i < 128; i++) {
        if (kind === 'point') error += Math.hypot(answer[2 * i]! - target[2 * i]!, answer[2 * i + 1]! - target[2 * i + 1]!) * config.imageSize;
        else {
          const v = iou(answer.subarray(4 * i, 4 * i + 4), test.boxes.subarray(4 * i, 4 * i + 4));
          error += v;
          if (v >= 0.5) hits++;
        }
      }
      rows.push([head, kind, String(steps), kind === 'point' ? `${(error / 128).toFixed(2)} px` : `IoU ${(error / 128).toFixed(3)}, ${((100 * hits) / 128).toFixed(0)} % ≥ 0.5`, ((performance.now() - started) / 1000).toFixed(0)]);
      console.log(rows.at(-1)!.join('  '));
      disposeBatch(test);
      optimizer.dispose();
      policy.dispose();
    }
  }
  printTable('Grounding head: bright square on noise, fresh batches of 16, 32 px, held-out error', ['head', 'kind', 'steps', 'held-out (128 samples)', 'seconds'], rows);
}

const chosen = await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
console.log(`backend: ${chosen.device}`);
if (values.grounding) await groundingChoice();
else await speed();
