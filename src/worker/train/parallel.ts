/**
 * Data-parallel training on worker threads. In Node the wasm backend runs one thread, so each of N
 * threads computes the gradient of 1/N of the batch (weighted by its share), then each applies Adam to
 * 1/N of the parameters from the sum of all threads' gradients. Parameters, Adam's moments, batch and
 * gradients live in shared memory, where the parameters are authoritative: a step sends only bounds,
 * and this thread's model is brought up to date by syncModel().
 */
import { availableParallelism } from 'node:os';
import type { MatmulWork } from '../backend/peak';
import type { BackendPackage } from '../backend/select';
import { ConvMlp, paramCount, type ConvMlpConfig } from '../model/conv-mlp';
import { DEFAULT_ADAM, type AdamSettings } from './adamShard';
import type { Batch } from './step';
import { startThread, ThreadChannel } from './threadChannel';

export interface ThreadInit {
  config: ConvMlpConfig;
  exclude: BackendPackage[];
  params: SharedArrayBuffer;
  /** This thread's gradient, and every thread's (for its share of the update). */
  grads: SharedArrayBuffer;
  allGrads: SharedArrayBuffer[];
  m: SharedArrayBuffer;
  v: SharedArrayBuffer;
  adam: AdamSettings;
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
}
export type ThreadRequest =
  | { kind: 'gradients'; n: number; start: number; end: number }
  | { kind: 'update'; t: number; start: number; end: number }
  | { kind: 'matmul'; size: number; seconds: number }
  | { kind: 'memory' };
export type ThreadReply =
  | { kind: 'ready'; backend: string; device: string }
  | { kind: 'gradients'; loss: number; ms: number }
  | { kind: 'updated' }
  | { kind: 'matmul'; flops: number; seconds: number }
  | { kind: 'memory'; numTensors: number; numBytes: number }
  | { kind: 'error'; message: string };

export interface ParallelOptions {
  config: ConvMlpConfig;
  /** The largest batch a step will be given. */
  maxBatch: number;
  threads?: number;
  /** Backend packages the threads must not use (they pick with selectBackend, like this thread). */
  exclude?: BackendPackage[];
  adam?: Partial<AdamSettings>;
}

const F32 = Float32Array.BYTES_PER_ELEMENT;

type Thread = ThreadChannel<ThreadRequest, ThreadReply>;

export class DataParallelTrainer {
  private readonly params: Float32Array;
  private readonly grads: Float32Array[];
  private readonly sum: Float32Array;
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  /** Adam's step count. */
  private t = 0;
  /** How long each thread worked on the last step's gradients (ms), to tell compute from overhead. */
  lastThreadMs: number[] = [];

  private constructor(
    readonly model: ConvMlp,
    private readonly threads: Thread[],
    init: ThreadInit[],
    readonly device: string,
  ) {
    this.params = new Float32Array(init[0]!.params);
    this.grads = init.map((i) => new Float32Array(i.grads));
    this.sum = new Float32Array(this.params.length);
    this.x = new Float32Array(init[0]!.x);
    this.y = new Float32Array(init[0]!.y);
  }

  /** Starts the threads; the model (this thread's copy, which the optimizer updates) is the caller's. */
  static async start(model: ConvMlp, options: Omit<ParallelOptions, 'config'>): Promise<DataParallelTrainer> {
    const config = model.config;
    const count = Math.max(1, options.threads ?? availableParallelism());
    const n = paramCount(config);
    const allGrads = Array.from({ length: count }, () => new SharedArrayBuffer(n * F32));
    const shared = {
      config,
      exclude: options.exclude ?? [],
      params: new SharedArrayBuffer(n * F32),
      allGrads,
      m: new SharedArrayBuffer(n * F32),
      v: new SharedArrayBuffer(n * F32),
      adam: { ...DEFAULT_ADAM, ...options.adam },
      x: new SharedArrayBuffer(options.maxBatch * config.height * config.width * config.channels * F32),
      y: new SharedArrayBuffer(options.maxBatch * config.outputs * F32),
    };
    model.readParams(new Float32Array(shared.params));
    const init = allGrads.map((grads) => ({ ...shared, grads }));
    const threads = init.map((i, k) => new ThreadChannel<ThreadRequest, ThreadReply>(startThread(import.meta.url, 'gradient-thread', i), `gradient thread ${k + 1} of ${count}`));
    try {
      const ready = await Promise.all(threads.map((t) => t.next()));
      const first = ready[0] as Extract<ThreadReply, { kind: 'ready' }>;
      return new DataParallelTrainer(model, threads, init, `${count} × ${first.device} (${first.backend})`);
    } catch (error) {
      await Promise.all(threads.map((t) => t.close()));
      throw error;
    }
  }

  get threadCount(): number {
    return this.threads.length;
  }

  /** The mean loss of the batch and its mean gradient (parameter order), from the current parameters. */
  async gradients(batch: Batch): Promise<{ loss: number; grads: Float32Array }> {
    const loss = await this.threadGradients(batch);
    this.sum.fill(0);
    for (const g of this.grads) for (let i = 0; i < g.length; i++) this.sum[i]! += g[i]!;
    return { loss, grads: this.sum };
  }

  /** Each thread's weighted gradient of its slice, left in shared memory; returns the batch's mean loss. */
  private async threadGradients(batch: Batch): Promise<number> {
    const { height, width, channels, outputs } = this.model.config;
    if (batch.n > this.x.length / (height * width * channels)) {
      throw new Error(`batch of ${batch.n} is larger than maxBatch ${this.x.length / (height * width * channels)}`);
    }
    if (batch.n < this.threads.length) throw new Error(`batch of ${batch.n} is smaller than the ${this.threads.length} threads`);
    this.x.set(batch.x.subarray(0, batch.n * height * width * channels));
    this.y.set(batch.y.subarray(0, batch.n * outputs));
    const per = batch.n / this.threads.length;
    const replies = await Promise.all(
      this.threads.map((t, i) =>
        t.ask({ kind: 'gradients', n: batch.n, start: Math.round(i * per), end: Math.round((i + 1) * per) }),
      ),
    );
    this.lastThreadMs = replies.map((r) => (r.kind === 'gradients' ? r.ms : NaN));
    return replies.reduce((s, r) => s + (r.kind === 'gradients' ? r.loss : 0), 0);
  }

  /** One Adam step across the threads, each updating its shard of the parameters; returns the batch's mean loss. */
  async step(batch: Batch): Promise<number> {
    const loss = await this.threadGradients(batch);
    this.t += 1;
    const per = this.params.length / this.threads.length;
    await Promise.all(this.threads.map((t, i) => t.ask({ kind: 'update', t: this.t, start: Math.round(i * per), end: Math.round((i + 1) * per) })));
    return loss;
  }

  /** Copies the trained parameters into this thread's model (for saving or evaluating it). */
  syncModel(): void {
    this.model.writeParams(this.params);
  }

  /** Matrix products on all threads at once for about `seconds`: the machine's peak for this backend. */
  async matmulWork(size: number, seconds: number): Promise<MatmulWork> {
    const start = performance.now();
    const replies = await Promise.all(this.threads.map((t) => t.ask({ kind: 'matmul', size, seconds })));
    const flops = replies.reduce((s, r) => s + (r.kind === 'matmul' ? r.flops : 0), 0);
    return { flops, seconds: (performance.now() - start) / 1000 };
  }

  /** Each thread's live tensors and their bytes, to check that steps leak nothing there either. */
  async threadMemory(): Promise<Array<{ numTensors: number; numBytes: number }>> {
    const replies = await Promise.all(this.threads.map((t) => t.ask({ kind: 'memory' })));
    return replies.map((r) => (r.kind === 'memory' ? { numTensors: r.numTensors, numBytes: r.numBytes } : { numTensors: NaN, numBytes: NaN }));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
