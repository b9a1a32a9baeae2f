/**
 * `npx tsx bench/train/policy.ts`: the miniature ST4VLA policy on the wasm backend.
 *   speed: samples/s of one stage-2 step (robot batch + grounding batch, one AdamW update) at the
 *     default config, median and fastest step, and per CPU-second (the cores are shared), on one thread
 *     (run.ts's trainStep, the loop with ST4VLA_TRAIN_THREADS=1) beside data-parallel threads
 *     (policyThreads.ts, every core by default), their steps interleaved so both see the same load.
 *   --grounding: the grounding-head choice, bins + cross entropy against regression + L1 (+GIoU), on a
 *     localisation task the head must generalise on: a bright square on noise, fresh samples every step,
 *     point and box error on held-out samples.
 * Options: --batch 8 --steps 6 --threads N (default: every core) --grounding --grounding-steps 400 --kinds point,box.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { imageTokens, policyConfig, type GroundingKind, type PolicyConfig } from '../../src/worker/model/config';
import { createPolicy, type GroundingBatch } from '../../src/worker/model/policy';
import { disposeBatch, lcg } from '../../src/worker/model/testing';
import { AdamW, DEFAULT_ADAMW } from '../../src/worker/train/optim';
import { rawActionBatch, rawGroundingBatch } from '../../src/worker/train/policyFixtures';
import { PolicyThreads } from '../../src/worker/train/policyThreads';
import { toActionTensors, toGroundingTensors, trainStep } from '../../src/worker/train/run';
import { median, printTable } from '../table';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '8' },
    steps: { type: 'string', default: '6' },
    threads: { type: 'string' },
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
  const threads = Math.min(BATCH, Number(values.threads ?? availableParallelism()));
  const action = rawActionBatch(config, BATCH, 1);
  const grounding = rawGroundingBatch(config, Array.from({ length: BATCH }, (_, i) => (i % 2 ? 'box' : 'point')), 2);
  // Two policies with the same weights and optimisers: one trains on this thread, one on the threads.
  const single = createPolicy(config, 1);
  const pooled = createPolicy(config, 1);
  const optimizers = [new AdamW(single.params.list, DEFAULT_ADAMW), new AdamW(pooled.params.list, DEFAULT_ADAMW)] as const;
  // One core (or --threads 1): the one-thread row alone.
  const pool = threads < 2 ? null : await PolicyThreads.start(pooled, { action: toActionTensors, grounding: toGroundingTensors }, { threads, backend: chosen.package });
  const weight = config.groundingWeight;
  const oneThread = (seed: number) => {
    const a = toActionTensors(action, config);
    const g = toGroundingTensors(grounding, config);
    trainStep(single, optimizers[0], a, g, weight, seed);
    tf.dispose([a.images, a.text, a.actions, ...g.flatMap((p) => [p.batch.images, p.batch.text, p.batch.target])]);
  };
  const threaded = (seed: number) => pool!.step(optimizers[1], action, grounding, weight, seed);
  // Warm-up: kernel set-up and allocation, here and in every thread.
  oneThread(0);
  if (pool) await threaded(0);
  const tensors = tf.memory().numTensors;
  const load = loadavg();
  const runs = [
    { threads: 1, times: [] as number[], cpu: 0, slowest: [] as number[] },
    { threads, times: [] as number[], cpu: 0, slowest: [] as number[] },
  ].slice(0, pool ? 2 : 1);
  for (let i = 1; i <= Number(values.steps); i++) {
    for (const [k, run] of runs.entries()) {
      const cpu0 = cpuSeconds();
      const start = performance.now();
      if (k === 0) oneThread(i);
      else await threaded(i);
      run.times.push((performance.now() - start) / 1000);
      run.cpu += cpuSeconds() - cpu0;
      if (k === 1) run.slowest.push(Math.max(...pool!.lastMs));
    }
  }
  const groups = { core: 0, querying: 0, expert: 0 };
  for (const p of single.params.list) groups[p.group] += p.variable.size;
  console.log(
    `default config: ${imageTokens(config)} image tokens + ${config.maxTextTokens} text tokens, width ${config.width}, ` +
      `${config.coreLayers} core / ${config.querying.layers} querying / ${config.expert.layers} expert layers; ` +
      `${(single.params.size() / 1e6).toFixed(2)} M parameters (core ${(groups.core / 1e6).toFixed(2)}, querying ${(groups.querying / 1e6).toFixed(2)}, expert ${(groups.expert / 1e6).toFixed(2)})`,
  );
  console.log(`${availableParallelism()} cores; load average ${load.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after`);
  printTable(
    `One stage-2 step on ${tf.getBackend()}: ${BATCH} robot samples + ${BATCH} grounding samples (point, box), AdamW; steps interleaved`,
    ['threads', 'batch', 'steps', 'ms/step median', 'samples/s median', 'samples/s best', 'samples per CPU-s', 'slowest slice ms', 'tensors after'],
    runs.map((r) => [
      String(r.threads),
      String(BATCH),
      String(r.times.length),
      (median(r.times) * 1000).toFixed(0),
      (BATCH / median(r.times)).toFixed(1),
      (BATCH / Math.min(...r.times)).toFixed(1),
      ((BATCH * r.times.length) / r.cpu).toFixed(1),
      r.slowest.length ? median(r.slowest).toFixed(0) : '–',
      `${tf.memory().numTensors} (was ${tensors})`,
    ]),
  );
  await pool?.close();
  optimizers.forEach((o) => o.dispose());
  single.dispose();
  pooled.dispose();
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
