import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeError } from './fixtures';
import { POLICY_PRESETS } from '../../shared/training/recipes';
import { selectBackend, type BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import type { ActionBatch as DataActionBatch, GroundingBatch as DataGroundingBatch } from '../data/batches';
import { policyConfig, type GroundingKind, type PolicyConfig } from '../model/config';
import { createPolicy, type Policy } from '../model/policy';
import { AdamW, DEFAULT_ADAMW } from './optim';
import { rawActionBatch, rawGroundingBatch } from './policyFixtures';
import { deviceWithThreads, PolicyThreads, THREADS_ENV, trainThreadCount } from './policyThreads';
import { BatchReader, BatchWriter, rowsOf } from './sharedBatch';
import { toActionTensors, toGroundingTensors, trainStep } from './run';

const NATIVE: BackendPackage[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
const WASM: BackendPackage = '@tensorflow/tfjs-backend-wasm';
const convert = { action: toActionTensors, grounding: toGroundingTensors };

// The quick preset as a stage-2 run builds it: a robot state, the spatial prompt's answer token.
const quick = POLICY_PRESETS.quick!;
const config: PolicyConfig = policyConfig({ ...quick, vocabSize: 40, maxTextTokens: 8, padId: 0, expert: { ...quick.expert, actionDim: 7 }, stateDim: 3, spatialTokens: true, groundingWeight: 0.5 });
const rawActions = (n: number, seed: number) => rawActionBatch(config, n, seed);
const rawGrounding = (kinds: GroundingKind[], seed: number) => rawGroundingBatch(config, kinds, seed);

/** The one-thread gradient of run.ts's step loss (flat, parameter order) and which parameters it reaches. */
function oneThread(policy: Policy, action: DataActionBatch | null, grounding: DataGroundingBatch | null, weight: number, seed: number) {
  const flat = new Float32Array(policy.params.size());
  const touched: boolean[] = [];
  let total = 0;
  tf.tidy(() => {
    const a = action && toActionTensors(action, config);
    const parts = grounding ? toGroundingTensors(grounding, config) : [];
    const { value, grads } = tf.variableGrads(() => {
      let loss: tf.Scalar | null = a ? policy.actionLoss(a, { seed }) : null;
      let mixed: tf.Scalar | null = null;
      for (const part of parts) {
        const share = tf.mul(policy.groundingLoss(part.batch), part.share) as tf.Scalar;
        mixed = mixed ? (tf.add(mixed, share) as tf.Scalar) : share;
      }
      if (mixed) loss = loss ? (tf.add(loss, tf.mul(mixed, weight)) as tf.Scalar) : mixed;
      return loss!;
    }, policy.params.variables);
    let offset = 0;
    for (const p of policy.params.list) {
      const g = grads[p.variable.name];
      if (g) flat.set(g.dataSync(), offset);
      touched.push(Boolean(g));
      offset += p.variable.size;
    }
    total = value.dataSync()[0]!;
  });
  return { flat, touched, total };
}

const flatParams = (policy: Policy) => Float32Array.from(policy.params.list.flatMap((p) => Array.from(p.variable.dataSync())));

describe('thread count', () => {
  it('is every core on wasm, at most the batch size, one elsewhere; the variable overrides it', () => {
    expect(trainThreadCount('wasm', 64, {})).toBeGreaterThanOrEqual(1);
    expect(trainThreadCount('wasm', 64, { [THREADS_ENV]: '3' })).toBe(3);
    expect(trainThreadCount('wasm', 2, { [THREADS_ENV]: '8' })).toBe(2);
    expect(trainThreadCount('wasm', 8, { [THREADS_ENV]: '1' })).toBe(1);
    expect(trainThreadCount('tensorflow', 8, { [THREADS_ENV]: '4' })).toBe(1);
    expect(trainThreadCount('cpu', 8, {})).toBe(1);
    expect(() => trainThreadCount('wasm', 8, { [THREADS_ENV]: 'all' })).toThrow(/ST4VLA_TRAIN_THREADS must be a whole number of threads ≥ 1, got "all"/);
    expect(() => trainThreadCount('wasm', 8, { [THREADS_ENV]: '0' })).toThrow(/ST4VLA_TRAIN_THREADS/);
    expect(deviceWithThreads('WebAssembly (SIMD), 1 thread', 2)).toBe('WebAssembly (SIMD), 2 threads');
  });
});

describe('batches in shared memory', () => {
  it('carry every typed-array field row by row, one the pool does not know by name included', () => {
    const writer = new BatchWriter('action');
    const reader = new BatchReader();
    const batch = { ...rawActions(5, 1), extra: Int32Array.from({ length: 10 }, (_, i) => i) };
    const layout = writer.write(batch);
    expect(layout.fields.map((f) => `${f.key}/${f.per}`)).toEqual(['images/12288', 'tokens/8', 'actions/56', 'actionMask/8', 'states/3', 'extra/2']);
    const slice = { ...layout, start: 2, end: 4, size: 5 };
    const rows = rowsOf<typeof batch>(reader.source('action', slice), slice);
    expect(rows.size).toBe(2);
    expect(Array.from(rows.extra)).toEqual([4, 5, 6, 7]);
    expect(rows.states).toEqual(batch.states!.slice(6, 12));
    expect(rows.tokens).toBeInstanceOf(Int32Array);
    // The next batch reuses the buffers: no new ones go to the threads, and they read its values.
    const next = { ...rawActions(5, 2), extra: new Int32Array(10).fill(9) };
    const again = writer.write(next);
    expect(again.buffers).toBeUndefined();
    const rows2 = rowsOf<typeof batch>(reader.source('action', { ...again, start: 0, end: 5, size: 5 }), { ...again, start: 0, end: 5 });
    expect(rows2.images).toEqual(next.images);
    expect(Array.from(rows2.extra)).toEqual(Array(10).fill(9));
  });

  it('refuses a field that is not one row per sample, naming it', () => {
    const writer = new BatchWriter('grounding');
    expect(() => writer.write({ size: 3, kinds: new Int32Array(4) })).toThrow('grounding batch field kinds holds 4 values, not a whole row for each of 3 samples');
    expect(() => writer.write({ size: 3, kinds: [0, 1, 2] })).toThrow('grounding batch field kinds is not a Float32Array or Int32Array');
  });
});

describe('data-parallel policy training on worker threads', () => {
  let reference: Policy;
  let two: PolicyThreads;
  let three: PolicyThreads;

  beforeAll(async () => {
    expect((await selectBackend({ exclude: NATIVE })).name).toBe('wasm');
    // Three policies with the same weights: the reference on this thread, one per pool.
    reference = createPolicy(config, 5);
    [two, three] = await Promise.all([
      PolicyThreads.start(createPolicy(config, 5), convert, { threads: 2, backend: WASM }),
      PolicyThreads.start(createPolicy(config, 5), convert, { threads: 3, backend: WASM }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await two?.close();
    await three?.close();
    for (const p of [reference, two?.policy, three?.policy]) p?.dispose();
  });

  it('computes on the caller\'s backend in every thread, SIMD included', async () => {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    expect(two.devices).toEqual([`wasm: WebAssembly (${simd ? 'SIMD' : 'no SIMD'}), 1 thread`]);
    expect(three.devices).toHaveLength(2);
    expect(new Set(three.devices)).toEqual(new Set(two.devices));
  });

  it('sums to the one-thread gradient of a stage-2 step (actions + point and box rows) on an uneven batch', async () => {
    const action = rawActions(5, 1);
    const grounding = rawGrounding(['box', 'point', 'point', 'box', 'point'], 2);
    const expected = oneThread(reference, action, grounding, 0.5, 77);
    for (const pool of [two, three]) {
      const got = await pool.gradients(action, grounding, 0.5, 77);
      expect(got.touched).toEqual(expected.touched);
      expect(relativeError(pool.gradient, expected.flat)).toBeLessThan(1e-5);
      expect(got.total).toBeCloseTo(expected.total, 5);
      expect(Object.keys(got.grounding).sort()).toEqual(['box', 'point']);
    }
    // Not equal by construction: another batch, or another draw of the flow-matching noise, moves it.
    const other = await two.gradients(rawActions(5, 3), grounding, 0.5, 77);
    expect(relativeError(two.gradient, expected.flat)).toBeGreaterThan(1e-2);
    expect(other.total).not.toBeCloseTo(expected.total, 3);
    await two.gradients(action, grounding, 0.5, 78);
    expect(relativeError(two.gradient, expected.flat)).toBeGreaterThan(1e-3);
  });

  it('sums to the one-thread gradient of a stage-1 step (grounding rows of every kind)', async () => {
    const grounding = rawGrounding(['trajectory', 'point', 'box', 'box', 'point'], 4);
    const expected = oneThread(reference, null, grounding, 1, 9);
    for (const pool of [two, three]) {
      const got = await pool.gradients(null, grounding, 1, 9);
      expect(got.touched).toEqual(expected.touched);
      expect(relativeError(pool.gradient, expected.flat)).toBeLessThan(1e-5);
      expect(got.total).toBeCloseTo(expected.total, 5);
      expect(got.action).toBeNull();
    }
    await two.gradients(null, rawGrounding(['point', 'point', 'box', 'trajectory', 'box'], 5), 1, 9);
    expect(relativeError(two.gradient, expected.flat)).toBeGreaterThan(1e-2);
  });

  it('trains the same model in four steps on two threads as on one, leaking no tensor on either side', async () => {
    const single = createPolicy(config, 5);
    // A run's rates after warm-up, so that four steps move the weights well past the tolerance.
    const settings = { ...DEFAULT_ADAMW, lr: { core: 1e-3, querying: 2e-3, expert: 4e-3 }, warmupSteps: 0, totalSteps: 100 };
    const optimizers = [new AdamW(single.params.list, settings), new AdamW(two.policy.params.list, settings)];
    const before = tf.memory().numTensors;
    const threadTensors = await two.threadMemory();
    for (let step = 0; step < 4; step++) {
      const action = rawActions(5, 10 + step);
      const grounding = rawGrounding(['point', 'box', 'box', 'point', 'box'], 20 + step);
      const a = toActionTensors(action, config);
      const g = toGroundingTensors(grounding, config);
      const want = trainStep(single, optimizers[0]!, a, g, 0.5, 100 + step);
      tf.dispose([a.images, a.text, a.actions, a.state!, ...g.flatMap((p) => [p.batch.images, p.batch.text, p.batch.target])]);
      const got = await two.step(optimizers[1]!, action, grounding, 0.5, 100 + step);
      expect(got.total).toBeCloseTo(want.total, 4);
      expect(got.action!).toBeCloseTo(want.action!, 4);
      expect(got.grounding.point!).toBeCloseTo(want.grounding.point!, 4);
      expect(got.grounding.box!).toBeCloseTo(want.grounding.box!, 4);
      expect(got.gradNorm).toBeCloseTo(want.gradNorm, 3);
    }
    // A bias on attention keys (or the keys' norm's shift) moves every score of a softmax alike: its
    // true gradient is 0, and what the backward pass gives is rounding noise, which Adam divides by its
    // own size into steps of about the learning rate, on one thread as on two. Those are left out.
    const noiseOnly = /\/(k|key)\/b$|\/key_norm\/beta$/;
    const [p1, p2] = [flatParams(single), flatParams(two.policy)];
    const first = oneThread(reference, rawActions(5, 10), rawGrounding(['point', 'box', 'box', 'point', 'box'], 20), 0.5, 100).flat;
    const top = first.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    let worst = 0;
    let offset = 0;
    for (const p of single.params.list) {
      const range = [offset, offset + p.variable.size] as const;
      offset += p.variable.size;
      if (noiseOnly.test(p.name)) {
        expect(first.subarray(...range).reduce((m, x) => Math.max(m, Math.abs(x)), 0)).toBeLessThan(1e-5 * top);
        continue;
      }
      for (let i = range[0]; i < range[1]; i++) worst = Math.max(worst, Math.abs(p1[i]! - p2[i]!));
    }
    expect(worst).toBeLessThan(1e-4);
    // The steps moved the weights, so the equality says something.
    const start = flatParams(reference);
    let moved = 0;
    for (let i = 0; i < p2.length; i++) moved = Math.max(moved, Math.abs(p2[i]! - start[i]!));
    expect(moved).toBeGreaterThan(1e-2);
    expect(tf.memory().numTensors).toBe(before);
    expect(await two.threadMemory()).toEqual(threadTensors);
    optimizers.forEach((o) => o.dispose());
    single.dispose();
  }, 120_000);

  it('keeps tensors, wasm buffers and the heap flat over many steps, here and in the thread', async () => {
    // A real collection before each heap reading, so that garbage does not pass for a leak (or hide one).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const reading = () => {
      gc();
      return { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, buffers: tf.engine().backend.numDataIds(), heap: process.memoryUsage().heapUsed };
    };
    const optimizer = new AdamW(two.policy.params.list, DEFAULT_ADAMW);
    const action = rawActions(6, 31);
    const grounding = rawGrounding(['point', 'box', 'trajectory', 'point', 'box', 'box'], 32);
    const readings: ReturnType<typeof reading>[] = [];
    const threads: Awaited<ReturnType<PolicyThreads['threadMemory']>>[] = [];
    for (let step = 0; step < 25; step++) {
      await two.step(optimizer, action, grounding, 0.5, step);
      if (step >= 5 && step % 5 === 0) {
        readings.push(reading());
        threads.push(await two.threadMemory());
      }
    }
    const first = readings[0]!;
    for (const r of readings) expect({ ...r, heap: 0 }).toEqual({ ...first, heap: 0 });
    // One leaked gradient a step would be 0.3 MB a step at this size; allow noise well under that.
    expect(readings.at(-1)!.heap - first.heap).toBeLessThan(2 * 1024 * 1024);
    for (const t of threads) expect(t).toEqual(threads[0]);
    // Between steps a thread holds its policy's variables and nothing else.
    expect(threads[0]![0]!.numTensors).toBe(two.policy.params.list.length);
    optimizer.dispose();
  }, 120_000);

  it('rejects the step, naming the thread, when a thread dies', async () => {
    const action = rawActions(5, 1);
    const grounding = rawGrounding(['box', 'point', 'point', 'box', 'point'], 2);
    // Mid-step: the thread is asked for its slice while it is being stopped, and never replies.
    const stopped = three.workers[1]!.terminate();
    await expect(three.gradients(action, grounding, 0.5, 1)).rejects.toThrow(/policy thread 2 of 3 exited with code 1/);
    await stopped;
    // And every step after it, at once rather than waiting for a reply that never comes.
    await expect(three.gradients(action, grounding, 0.5, 2)).rejects.toThrow(/policy thread 2 of 3 exited/);
  });
});
