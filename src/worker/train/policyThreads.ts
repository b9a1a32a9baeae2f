/**
 * Data-parallel policy training on worker threads. In Node the wasm backend runs one thread, so a step's
 * samples are split among T - 1 threads and the caller: each computes the gradient of its slice (losses
 * weighted by the slice's share, so the slices' gradients sum to the whole batch's), the caller sums
 * them and applies its AdamW once. The caller's policy stays the authoritative model (checkpoints,
 * validation and resume read it); each thread holds a copy built from the same config and loads the
 * caller's parameters from shared memory at the start of every step. The batch's raw arrays and the
 * flow-matching draw live in shared memory too, so a step sends each thread only its bounds.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GROUNDING_KINDS } from '../../shared/training/samples';
import type { BackendPackage } from '../backend/select';
import { tf } from '../backend/tf';
import { MAX_TARGET, type ActionBatch as DataActionBatch, type GroundingBatch as DataGroundingBatch } from '../data/batches';
import type { GroundingKind, PolicyConfig } from '../model/config';
import type { ActionBatch, GroundingBatch, Policy } from '../model/policy';
import type { AdamW } from './optim';

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

interface SharedBuffers {
  params: SharedArrayBuffer;
  action: Record<'images' | 'tokens' | 'actions' | 'actionMask' | 'states' | 'noise' | 't', SharedArrayBuffer>;
  grounding: Record<'images' | 'tokens' | 'targets' | 'targetMask' | 'kinds', SharedArrayBuffer>;
}

export interface PolicyThreadInit {
  config: PolicyConfig;
  /** The backend package the caller trains on: the threads must compute with the same one. */
  backend: BackendPackage;
  /** 1-based, for error messages, of `count` threads with the caller. */
  index: number;
  count: number;
  buffers: SharedBuffers;
  /** This thread's gradient (parameter order, flat) and which parameters the slice's loss touched. */
  grads: SharedArrayBuffer;
  touched: SharedArrayBuffer;
}

interface Bounds {
  start: number;
  end: number;
  /** The whole batch's size: a slice's losses are weighted by (its rows) / size. */
  size: number;
}

export type PolicyThreadRequest =
  | { kind: 'step'; action: (Bounds & { states: boolean }) | null; grounding: Bounds | null; weight: number; flow: boolean }
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

const F32 = Float32Array.BYTES_PER_ELEMENT;

function allocate(c: PolicyConfig, params: number, maxActions: number, maxGrounding: number): SharedBuffers {
  const pixels = c.cameras * c.imageSize * c.imageSize * c.channels;
  const chunk = c.expert.chunk * c.expert.actionDim;
  const sab = (n: number) => new SharedArrayBuffer(n * F32);
  return {
    params: sab(params),
    action: {
      images: sab(maxActions * pixels),
      tokens: sab(maxActions * c.maxTextTokens),
      actions: sab(maxActions * chunk),
      actionMask: sab(maxActions * c.expert.chunk),
      states: sab(maxActions * c.stateDim),
      noise: sab(maxActions * chunk),
      t: sab(maxActions),
    },
    grounding: {
      images: sab(maxGrounding * pixels),
      tokens: sab(maxGrounding * c.maxTextTokens),
      targets: sab(maxGrounding * MAX_TARGET),
      targetMask: sab(maxGrounding * MAX_TARGET),
      kinds: sab(maxGrounding),
    },
  };
}

/** Typed views of the shared buffers, the same in the caller and every thread. */
export function sharedViews(b: SharedBuffers) {
  return {
    params: new Float32Array(b.params),
    action: {
      images: new Float32Array(b.action.images),
      tokens: new Int32Array(b.action.tokens),
      actions: new Float32Array(b.action.actions),
      actionMask: new Float32Array(b.action.actionMask),
      states: new Float32Array(b.action.states),
      noise: new Float32Array(b.action.noise),
      t: new Float32Array(b.action.t),
    },
    grounding: {
      images: new Float32Array(b.grounding.images),
      tokens: new Int32Array(b.grounding.tokens),
      targets: new Float32Array(b.grounding.targets),
      targetMask: new Float32Array(b.grounding.targetMask),
      kinds: new Int32Array(b.grounding.kinds),
    },
  };
}
export type SharedViews = ReturnType<typeof sharedViews>;

/** Rows [start, end) of an array of `per` values per row, copied (tensors must not alias shared memory). */
const rows = <T extends Float32Array | Int32Array>(a: T, per: number, start: number, end: number): T => a.slice(start * per, end * per) as T;

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
  views: SharedViews,
  request: Extract<PolicyThreadRequest, { kind: 'step' }>,
  grads: Float32Array,
  touched: Uint8Array,
): SliceLosses {
  const c = policy.config;
  const pixels = c.cameras * c.imageSize * c.imageSize * c.channels;
  const L = c.maxTextTokens;
  const { chunk, actionDim } = c.expert;
  const a = request.action && request.action.end > request.action.start ? request.action : null;
  const g = request.grounding && request.grounding.end > request.grounding.start ? request.grounding : null;
  const action = a
    ? convert.action(
        {
          size: a.end - a.start,
          images: rows(views.action.images, pixels, a.start, a.end),
          tokens: rows(views.action.tokens, L, a.start, a.end),
          actions: rows(views.action.actions, chunk * actionDim, a.start, a.end),
          actionMask: rows(views.action.actionMask, chunk, a.start, a.end),
          ...(a.states && { states: rows(views.action.states, c.stateDim, a.start, a.end) }),
        },
        c,
      )
    : null;
  const grounding = g
    ? convert.grounding(
        {
          size: g.end - g.start,
          images: rows(views.grounding.images, pixels, g.start, g.end),
          tokens: rows(views.grounding.tokens, L, g.start, g.end),
          targets: rows(views.grounding.targets, MAX_TARGET, g.start, g.end),
          targetMask: rows(views.grounding.targetMask, MAX_TARGET, g.start, g.end),
          kinds: rows(views.grounding.kinds, 1, g.start, g.end),
        },
        c,
      )
    : [];
  const result: SliceLosses = { total: 0, action: null, grounding: {} };
  try {
    touched.fill(0);
    if (!action && grounding.length === 0) return result;
    tf.tidy(() => {
      const kept: Partial<Record<'action' | GroundingKind, tf.Scalar>> = {};
      const draw =
        a && request.flow
          ? {
              noise: tf.tensor3d(rows(views.action.noise, chunk * actionDim, a.start, a.end), [a.end - a.start, chunk, actionDim]),
              t: tf.tensor1d(rows(views.action.t, 1, a.start, a.end)),
            }
          : {};
      const { value, grads: named } = tf.variableGrads(() => {
        let total: tf.Scalar | null = null;
        if (action && a) total = tf.mul((kept.action = tf.keep(policy.actionLoss(action, draw))), (a.end - a.start) / a.size) as tf.Scalar;
        let mixed: tf.Scalar | null = null;
        for (const part of grounding) {
          const loss = (kept[part.batch.kind] = tf.keep(policy.groundingLoss(part.batch)));
          // The converter's share is of this slice; the step's is of the whole grounding batch.
          const share = tf.mul(loss, (part.share * (g!.end - g!.start)) / g!.size) as tf.Scalar;
          mixed = mixed ? (tf.add(mixed, share) as tf.Scalar) : share;
        }
        if (mixed) total = total ? (tf.add(total, tf.mul(mixed, request.weight)) as tf.Scalar) : (tf.mul(mixed, request.weight) as tf.Scalar);
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
      if (kept.action) result.action = kept.action.dataSync()[0]! * (a!.end - a!.start);
      for (const part of grounding) result.grounding[part.batch.kind] = kept[part.batch.kind]!.dataSync()[0]! * part.share * (g!.end - g!.start);
      tf.dispose(Object.values(kept));
    });
    return result;
  } finally {
    if (action) tf.dispose([action.images, action.text, action.actions, ...(action.state ? [action.state] : [])]);
    for (const { batch } of grounding) tf.dispose([batch.images, batch.text, batch.target]);
  }
}

/** The thread's entry: the bundled .mjs beside this module, or the TypeScript source through tsx. */
function startThread(init: PolicyThreadInit): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './policy-thread.ts' : './policy-thread.mjs', import.meta.url);
  return source
    ? new Worker(new URL('./ts-thread.mjs', import.meta.url), { workerData: { ...init, entry: entry.href } })
    : new Worker(entry, { workerData: init });
}

class Thread {
  private pending: { resolve: (r: PolicyThreadReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  closing = false;

  constructor(
    readonly worker: Worker,
    readonly name: string,
  ) {
    worker.on('message', (reply: PolicyThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(new Error(`${name} failed: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`${name} exited with code ${code}${this.closing ? ' (closed)' : ''}`)));
  }

  /** The next reply; rejects if the thread reports an error or has died. */
  next(): Promise<PolicyThreadReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  ask(request: PolicyThreadRequest): Promise<PolicyThreadReply> {
    const reply = this.next();
    if (!this.failure) this.worker.postMessage(request);
    return reply;
  }

  private settle(reply: PolicyThreadReply): void {
    const p = this.pending;
    this.pending = null;
    if (reply.kind === 'error') p?.reject(new Error(`${this.name}: ${reply.message}`));
    else p?.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
  }
}

export interface PolicyThreadOptions {
  /** Threads in all, the caller included (≥ 2: one thread is the plain loop). */
  threads: number;
  backend: BackendPackage;
  /** The largest action and grounding batches a step will be given (0 when the run draws none). */
  maxActions: number;
  maxGrounding: number;
}

export class PolicyThreads {
  private readonly views: SharedViews;
  private readonly grads: Float32Array[];
  private readonly touched: Uint8Array[];
  private readonly sum: Float32Array;
  private closed = false;
  /** Each thread's milliseconds on the last step's gradient, the caller's last. */
  lastMs: number[] = [];

  private constructor(
    readonly policy: Policy,
    private readonly convert: Converters,
    private readonly threads: Thread[],
    buffers: SharedBuffers,
    grads: SharedArrayBuffer[],
    touched: SharedArrayBuffer[],
    /** What each thread computes with ("wasm: WebAssembly (SIMD), 1 thread"). */
    readonly devices: string[],
  ) {
    this.views = sharedViews(buffers);
    this.grads = grads.map((b) => new Float32Array(b));
    this.touched = touched.map((b) => new Uint8Array(b));
    this.sum = new Float32Array(this.views.params.length);
  }

  /** Starts threads - 1 threads, each with a copy of `policy` (the caller's, which stays the trained one). */
  static async start(policy: Policy, convert: Converters, options: PolicyThreadOptions): Promise<PolicyThreads> {
    const count = options.threads;
    if (!Number.isInteger(count) || count < 2) throw new Error(`PolicyThreads needs at least 2 threads, got ${count}`);
    const n = policy.params.size();
    const P = policy.params.list.length;
    const buffers = allocate(policy.config, n, options.maxActions, options.maxGrounding);
    // One gradient per thread and the caller's (the last).
    const grads = Array.from({ length: count }, () => new SharedArrayBuffer(n * F32));
    const touched = Array.from({ length: count }, () => new SharedArrayBuffer(P));
    const threads = Array.from({ length: count - 1 }, (_, i) => {
      const init: PolicyThreadInit = { config: policy.config, backend: options.backend, index: i + 1, count, buffers, grads: grads[i]!, touched: touched[i]! };
      // Counted with the caller, the last of `count`.
      return new Thread(startThread(init), `policy thread ${i + 1} of ${count}`);
    });
    let ready: PolicyThreadReply[];
    try {
      ready = await Promise.all(threads.map((t) => t.next()));
    } catch (error) {
      await Promise.all(threads.map((t) => ((t.closing = true), t.worker.terminate())));
      throw error;
    }
    const devices = ready.map((r) => (r.kind === 'ready' ? `${r.backend}: ${r.device}` : '?'));
    return new PolicyThreads(policy, convert, threads, buffers, grads, touched, devices);
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
   * The step's mean losses and summed gradient (left in this.sum, `touched` per parameter) from the
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
    const v = this.views;
    readParams(this.policy, v.params);
    const flow = c.expert.head === 'flow';
    if (action) {
      const fits = v.action.t.length;
      if (action.size > fits) throw new Error(`action batch of ${action.size} is larger than the ${fits} the threads were started for`);
      v.action.images.set(action.images);
      v.action.tokens.set(action.tokens);
      v.action.actions.set(action.actions);
      v.action.actionMask.set(action.actionMask);
      if (action.states) v.action.states.set(action.states);
      // The draw expert.loss makes for the whole batch from the seed (noise from seed, t from seed + 1),
      // made once here and shared out by rows, so T threads train what one thread does.
      if (flow) {
        const [noise, t] = tf.tidy(() => [
          tf.randomNormal([action.size, c.expert.chunk, c.expert.actionDim], 0, 1, 'float32', seed),
          tf.randomUniform([action.size], 0, 1, 'float32', seed + 1),
        ]);
        v.action.noise.set(noise!.dataSync<'float32'>());
        v.action.t.set(t!.dataSync<'float32'>());
        tf.dispose([noise!, t!]);
      }
    }
    if (grounding) {
      const fits = v.grounding.kinds.length;
      if (grounding.size > fits) throw new Error(`grounding batch of ${grounding.size} is larger than the ${fits} the threads were started for`);
      v.grounding.images.set(grounding.images);
      v.grounding.tokens.set(grounding.tokens);
      v.grounding.targets.set(grounding.targets);
      v.grounding.targetMask.set(grounding.targetMask);
      v.grounding.kinds.set(grounding.kinds);
    }
    const bounds = (size: number, i: number): Bounds => ({ start: Math.round((i * size) / T), end: Math.round(((i + 1) * size) / T), size });
    const request = (i: number): Extract<PolicyThreadRequest, { kind: 'step' }> => ({
      kind: 'step',
      action: action ? { ...bounds(action.size, i), states: Boolean(action.states) } : null,
      grounding: grounding ? bounds(grounding.size, i) : null,
      weight,
      flow,
    });
    const waiting = Promise.all(this.threads.map((t, i) => t.ask(request(i))));
    // Awaited below; without this a thread failing while this thread computes would count as unhandled.
    waiting.catch(() => undefined);
    const started = performance.now();
    const own = sliceGradients(this.policy, this.convert, v, request(T - 1), this.grads[T - 1]!, this.touched[T - 1]!);
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
    for (const t of this.threads) t.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
