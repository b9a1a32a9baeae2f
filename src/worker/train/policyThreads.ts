/**
 * Data-parallel policy training on worker threads. In Node the wasm backend runs one thread, so a step's
 * samples are split among T - 1 threads and the caller: each computes the gradient of its slice (losses
 * weighted by the slice's share, so the slices' gradients sum to the whole batch's), the caller sums
 * them and applies its AdamW once. The caller's policy stays the authoritative model (checkpoints,
 * validation and resume read it); each thread holds a copy built from the same config and loads the
 * caller's parameters from shared memory at the start of every step. The batches' typed arrays and the
 * flow-matching draw live in shared memory too, so a step sends each thread its bounds and the fields'
 * layout (the buffers themselves once).
 *
 * What it costs: each slice pays a fixed cost per call, whatever its rows (at the default config a
 * gradient of 8 samples took 1221 CPU-ms in one call, 1294 in two of 4, 1761 in eight of 1: about 75 ms
 * a call), and the caller sums the gradients and copies the parameters. bench/train/policy.ts measured a
 * 2-thread step at 12-15 % more CPU per sample than one thread (batch 16, 8); the wall-clock gain needs
 * free cores.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { GROUNDING_KINDS } from '../../shared/training/samples';
import type { BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import type { ActionBatch as DataActionBatch, GroundingBatch as DataGroundingBatch } from '../data/batches';
import type { GroundingKind, PolicyConfig } from '../model/config';
import type { ActionBatch, GroundingBatch, Policy } from '../model/policy';
import type { AdamW } from './optim';
import { BatchWriter, rowsOf, type Batch, type SharedSlice } from './sharedBatch';
import { startThread, ThreadChannel } from './threadChannel';

/** run.ts's conversions of the data pipeline's batches to tensors (passed in: run.ts imports this module). */
export interface Converters {
  action(batch: DataActionBatch, c: PolicyConfig): ActionBatch;
  grounding(batch: DataGroundingBatch, c: PolicyConfig): { batch: GroundingBatch; share: number }[];
}

export interface PooledLosses {
  total: number;
  action: number | null;
  grounding: Partial<Record<GroundingKind, number>>;
  gradNorm: number;
}

/** The environment variable that sets the thread count (1 = the single-threaded loop). */
export const THREADS_ENV = 'ST4VLA_TRAIN_THREADS';

/**
 * Threads to train on: every core on the wasm backend (which runs one thread per process), at most one
 * per sample; the other backends use their own threads, so one there.
 */
export function trainThreadCount(backend: string, batchSize: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[THREADS_ENV];
  let wanted = availableParallelism();
  if (raw !== undefined && raw !== '') {
    wanted = Number(raw);
    if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`${THREADS_ENV} must be a whole number of threads ≥ 1, got "${raw}"`);
  }
  if (backend !== 'wasm') return 1;
  return Math.max(1, Math.min(wanted, batchSize));
}

/** The backend's device line with the training threads in place of wasm's own count. */
export function deviceWithThreads(device: string, threads: number): string {
  return `${device.replace(/, \d+ threads?$/, '')}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

export interface PolicyThreadInit {
  config: PolicyConfig;
  /** The backend package the caller trains on: the threads must compute with the same one. */
  backend: BackendPackage;
  /** 1-based, for error messages, of `count` threads with the caller. */
  index: number;
  count: number;
  /** The caller's parameters (parameter order, flat), written before every step. */
  params: SharedArrayBuffer;
  /** This thread's gradient (parameter order, flat) and which parameters the slice's loss touched. */
  grads: SharedArrayBuffer;
  touched: SharedArrayBuffer;
}

export type PolicyThreadRequest =
  | { kind: 'step'; action: SharedSlice | null; grounding: SharedSlice | null; draw: SharedSlice | null; weight: number }
  | { kind: 'memory' };

/** Losses of one slice, as sums over its rows (mean × rows), so the caller can divide by the batch's. */
export interface SliceLosses {
  total: number;
  action: number | null;
  grounding: Partial<Record<GroundingKind, number>>;
}

export type PolicyThreadReply =
  | { kind: 'ready'; backend: string; device: string }
  | ({ kind: 'gradients'; ms: number } & SliceLosses)
  | { kind: 'memory'; numTensors: number; numBytes: number }
  | { kind: 'error'; message: string };

/** Copies the policy's parameters, in params.list order, into `into`. */
export function readParams(policy: Policy, into: Float32Array): void {
  let offset = 0;
  for (const p of policy.params.list) {
    into.set(p.variable.dataSync<'float32'>(), offset);
    offset += p.variable.size;
  }
}

/** Sets the policy's parameters from `from` (params.list order). */
export function writeParams(policy: Policy, from: Float32Array): void {
  let offset = 0;
  for (const p of policy.params.list) {
    const values = from.slice(offset, offset + p.variable.size);
    tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape)));
    offset += p.variable.size;
  }
}

/** A slice of one of the step's batches: its rows, and where they sit in the whole batch. */
export interface BatchSlice<T> {
  rows: T;
  start: number;
  end: number;
  size: number;
}

/** The flow-matching draw for a slice's action rows: noise [rows, chunk, actionDim] and times [rows]. */
export interface Draw {
  noise: Float32Array;
  t: Float32Array;
}

/**
 * The gradient of one slice of the step's batches into `grads` (flat, parameter order), `touched[i]` = 1
 * where the slice's loss reaches parameter i (tf.variableGrads gives no gradient elsewhere, and AdamW
 * leaves such parameters alone). The loss is the whole step's loss restricted to the slice: the action
 * mean weighted by the slice's share of the action batch, each grounding kind's mean by (its rows in the
 * slice) / (grounding batch size), as toGroundingTensors weighs them for the whole batch.
 */
export function sliceGradients(
  policy: Policy,
  convert: Converters,
  slice: { action: BatchSlice<DataActionBatch> | null; grounding: BatchSlice<DataGroundingBatch> | null; draw: Draw | null; weight: number },
  grads: Float32Array,
  touched: Uint8Array,
): SliceLosses {
  const c = policy.config;
  const a = slice.action && slice.action.end > slice.action.start ? slice.action : null;
  const g = slice.grounding && slice.grounding.end > slice.grounding.start ? slice.grounding : null;
  const action = a ? convert.action(a.rows, c) : null;
  const grounding = g ? convert.grounding(g.rows, c) : [];
  const result: SliceLosses = { total: 0, action: null, grounding: {} };
  try {
    touched.fill(0);
    if (!action && grounding.length === 0) return result;
    tf.tidy(() => {
      const kept: Partial<Record<'action' | GroundingKind, tf.Scalar>> = {};
      const n = a ? a.end - a.start : 0;
      const { chunk, actionDim } = c.expert;
      const draw = a && slice.draw ? { noise: tf.tensor3d(slice.draw.noise, [n, chunk, actionDim]), t: tf.tensor1d(slice.draw.t) } : {};
      const { value, grads: named } = tf.variableGrads(() => {
        let total: tf.Scalar | null = null;
        if (action && a) total = tf.mul((kept.action = tf.keep(policy.actionLoss(action, draw))), n / a.size) as tf.Scalar;
        let mixed: tf.Scalar | null = null;
        for (const part of grounding) {
          const loss = (kept[part.batch.kind] = tf.keep(policy.groundingLoss(part.batch)));
          // The converter's share is of this slice; the step's is of the whole grounding batch.
          const share = tf.mul(loss, (part.share * (g!.end - g!.start)) / g!.size) as tf.Scalar;
          mixed = mixed ? (tf.add(mixed, share) as tf.Scalar) : share;
        }
        if (mixed) total = total ? (tf.add(total, tf.mul(mixed, slice.weight)) as tf.Scalar) : (tf.mul(mixed, slice.weight) as tf.Scalar);
        return total!;
      }, policy.params.variables);
      let offset = 0;
      policy.params.list.forEach((p, i) => {
        const grad = named[p.variable.name];
        if (grad) {
          grads.set(grad.dataSync<'float32'>(), offset);
          touched[i] = 1;
        }
        offset += p.variable.size;
      });
      result.total = value.dataSync()[0]!;
      if (kept.action) result.action = kept.action.dataSync()[0]! * n;
      for (const part of grounding) result.grounding[part.batch.kind] = kept[part.batch.kind]!.dataSync()[0]! * part.share * (g!.end - g!.start);
      tf.dispose(Object.values(kept));
    });
    return result;
  } finally {
    if (action) tf.dispose([action.images, action.text, action.actions, ...(action.state ? [action.state] : [])]);
    for (const { batch } of grounding) tf.dispose([batch.images, batch.text, batch.target]);
  }
}

/** A thread's (or the caller's) slice of the step, from where its batches' fields are. */
export function sliceOf(
  request: Extract<PolicyThreadRequest, { kind: 'step' }>,
  source: (name: 'action' | 'grounding' | 'draw', s: SharedSlice) => Record<string, unknown>,
): Parameters<typeof sliceGradients>[2] {
  const take = <T>(name: 'action' | 'grounding' | 'draw', s: SharedSlice | null): BatchSlice<T> | null =>
    s && { rows: rowsOf<T>(source(name, s), s), start: s.start, end: s.end, size: s.size };
  return {
    action: take<DataActionBatch>('action', request.action),
    grounding: take<DataGroundingBatch>('grounding', request.grounding),
    draw: take<Draw>('draw', request.draw)?.rows ?? null,
    weight: request.weight,
  };
}

const F32 = Float32Array.BYTES_PER_ELEMENT;

type Thread = ThreadChannel<PolicyThreadRequest, PolicyThreadReply>;

export interface PolicyThreadOptions {
  /** Threads in all, the caller included (≥ 2: one thread is the plain loop). */
  threads: number;
  backend: BackendPackage;
}

export class PolicyThreads {
  private readonly params: Float32Array;
  private readonly grads: Float32Array[];
  private readonly touched: Uint8Array[];
  private readonly sum: Float32Array;
  private readonly writers = { action: new BatchWriter('action'), grounding: new BatchWriter('grounding'), draw: new BatchWriter('draw') };
  private closed = false;
  /** Each thread's milliseconds on the last step's gradient, the caller's last. */
  lastMs: number[] = [];

  private constructor(
    readonly policy: Policy,
    private readonly convert: Converters,
    private readonly threads: Thread[],
    params: SharedArrayBuffer,
    grads: SharedArrayBuffer[],
    touched: SharedArrayBuffer[],
    /** What each thread computes with ("wasm: WebAssembly (SIMD), 1 thread"). */
    readonly devices: string[],
  ) {
    this.params = new Float32Array(params);
    this.grads = grads.map((b) => new Float32Array(b));
    this.touched = touched.map((b) => new Uint8Array(b));
    this.sum = new Float32Array(this.params.length);
  }

  /** Starts threads - 1 threads, each with a copy of `policy` (the caller's, which stays the trained one). */
  static async start(policy: Policy, convert: Converters, options: PolicyThreadOptions): Promise<PolicyThreads> {
    const count = options.threads;
    if (!Number.isInteger(count) || count < 2) throw new Error(`PolicyThreads needs at least 2 threads, got ${count}`);
    const n = policy.params.size();
    const P = policy.params.list.length;
    const params = new SharedArrayBuffer(n * F32);
    // One gradient per thread and the caller's (the last).
    const grads = Array.from({ length: count }, () => new SharedArrayBuffer(n * F32));
    const touched = Array.from({ length: count }, () => new SharedArrayBuffer(P));
    const threads = Array.from({ length: count - 1 }, (_, i) => {
      const init: PolicyThreadInit = { config: policy.config, backend: options.backend, index: i + 1, count, params, grads: grads[i]!, touched: touched[i]! };
      // Counted with the caller, the last of `count`.
      return new ThreadChannel<PolicyThreadRequest, PolicyThreadReply>(startThread(import.meta.url, 'policy-thread', init), `policy thread ${i + 1} of ${count}`);
    });
    let ready: PolicyThreadReply[];
    try {
      ready = await Promise.all(threads.map((t) => t.next()));
    } catch (error) {
      await Promise.all(threads.map((t) => t.close()));
      throw error;
    }
    const devices = ready.map((r) => (r.kind === 'ready' ? `${r.backend}: ${r.device}` : '?'));
    return new PolicyThreads(policy, convert, threads, params, grads, touched, devices);
  }

  /** Threads in all, the caller included. */
  get threadCount(): number {
    return this.threads.length + 1;
  }

  /** The worker threads (for tests that need one to die). */
  get workers(): Worker[] {
    return this.threads.map((t) => t.worker);
  }

  /**
   * The step's mean losses and summed gradient (left in this.gradient, `touched` per parameter) from the
   * policy's current parameters. `seed` fixes the flow-matching draw as the one-thread step's does.
   */
  async gradients(
    action: DataActionBatch | null,
    grounding: DataGroundingBatch | null,
    weight: number,
    seed: number,
  ): Promise<{ total: number; action: number | null; grounding: Partial<Record<GroundingKind, number>>; touched: boolean[] }> {
    if (this.closed) throw new Error('the policy threads are closed');
    const c = this.policy.config;
    const T = this.threadCount;
    readParams(this.policy, this.params);
    // The draw expert.loss makes for the whole batch from the seed (noise from seed, t from seed + 1),
    // made once here and shared out by rows, so that T threads train what one thread does.
    let draw: (Draw & { size: number }) | null = null;
    if (action && c.expert.head === 'flow') {
      const [noise, t] = tf.tidy(() => [
        tf.randomNormal([action.size, c.expert.chunk, c.expert.actionDim], 0, 1, 'float32', seed),
        tf.randomUniform([action.size], 0, 1, 'float32', seed + 1),
      ]);
      draw = { size: action.size, noise: noise!.dataSync<'float32'>().slice(), t: t!.dataSync<'float32'>().slice() };
      tf.dispose([noise!, t!]);
    }
    const layouts = {
      action: action && this.writers.action.write(action as unknown as Batch),
      grounding: grounding && this.writers.grounding.write(grounding as unknown as Batch),
      draw: draw && this.writers.draw.write(draw as unknown as Batch),
    };
    const sizes = { action: action?.size ?? 0, grounding: grounding?.size ?? 0, draw: draw?.size ?? 0 };
    const request = (i: number): Extract<PolicyThreadRequest, { kind: 'step' }> => {
      const part = (name: keyof typeof layouts): SharedSlice | null => {
        const layout = layouts[name];
        const size = sizes[name];
        return layout && { ...layout, start: Math.round((i * size) / T), end: Math.round(((i + 1) * size) / T), size };
      };
      return { kind: 'step', action: part('action'), grounding: part('grounding'), draw: part('draw'), weight };
    };
    const waiting = Promise.all(this.threads.map((t, i) => t.ask(request(i))));
    // Awaited below; without this a thread failing while this thread computes would count as unhandled.
    waiting.catch(() => undefined);
    const started = performance.now();
    const batches = { action, grounding, draw } as Record<string, unknown>;
    const own = sliceGradients(this.policy, this.convert, sliceOf(request(T - 1), (name) => batches[name] as Record<string, unknown>), this.grads[T - 1]!, this.touched[T - 1]!);
    const ownMs = performance.now() - started;
    const replies = (await waiting).map((r) => r as Extract<PolicyThreadReply, { kind: 'gradients' }>);
    this.lastMs = [...replies.map((r) => r.ms), ownMs];
    const slices: SliceLosses[] = [...replies, own];

    // Sum the gradients of the parameters each slice touched, in thread order.
    const touched: boolean[] = [];
    let offset = 0;
    this.policy.params.list.forEach((p, i) => {
      const part = this.sum.subarray(offset, offset + p.variable.size);
      part.fill(0);
      let any = false;
      for (let s = 0; s < T; s++) {
        if (!this.touched[s]![i]) continue;
        any = true;
        const g = this.grads[s]!;
        for (let j = 0; j < part.length; j++) part[j]! += g[offset + j]!;
      }
      touched.push(any);
      offset += p.variable.size;
    });

    const losses = { total: 0, action: null as number | null, grounding: {} as Partial<Record<GroundingKind, number>>, touched };
    for (const s of slices) {
      losses.total += s.total;
      if (s.action !== null) losses.action = (losses.action ?? 0) + s.action;
      for (const [kind, sum] of Object.entries(s.grounding) as [GroundingKind, number][]) losses.grounding[kind] = (losses.grounding[kind] ?? 0) + sum;
    }
    if (action && losses.action !== null) losses.action /= action.size;
    if (grounding) {
      GROUNDING_KINDS.forEach((kind, k) => {
        const n = grounding.kinds.filter((x) => x === k).length;
        if (losses.grounding[kind] !== undefined) losses.grounding[kind] = losses.grounding[kind]! / n;
      });
    }
    return losses;
  }

  /** The summed gradient of the last gradients() call (flat, parameter order). */
  get gradient(): Float32Array {
    return this.sum;
  }

  /** One training step: the slices' gradients summed, then one update by the caller's optimizer. */
  async step(optimizer: AdamW, action: DataActionBatch | null, grounding: DataGroundingBatch | null, weight: number, seed: number): Promise<PooledLosses> {
    const { touched, ...losses } = await this.gradients(action, grounding, weight, seed);
    const gradNorm = tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      let offset = 0;
      this.policy.params.list.forEach((p, i) => {
        if (touched[i]) named[p.variable.name] = tf.tensor(this.sum.slice(offset, offset + p.variable.size), p.variable.shape);
        offset += p.variable.size;
      });
      return optimizer.apply(named).gradNorm;
    });
    return { ...losses, gradNorm };
  }

  /** Each thread's live tensors and their bytes, to check that steps leak nothing there either. */
  async threadMemory(): Promise<Array<{ numTensors: number; numBytes: number }>> {
    const replies = await Promise.all(this.threads.map((t) => t.ask({ kind: 'memory' })));
    return replies.map((r) => (r.kind === 'memory' ? { numTensors: r.numTensors, numBytes: r.numBytes } : { numTensors: NaN, numBytes: NaN }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
