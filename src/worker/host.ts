/**
 * The worker side of the training protocol (src/shared/training/messages.ts). It waits for `start`, says
 * it is alive on a timer, runs one `train` function with an AbortSignal that `cancel` trips, relays what
 * train reports, and turns any failure into an `error` message followed by a non-zero exit, so the studio
 * always learns why a run ended. The training code never sees the process or the messages.
 *
 * A worker entry is one line, `runWorker(train)`; the studio forks it (test/fixtures/workers/countingWorker.ts
 * is a complete small one). Throw a WorkerError('backend' | 'checkpoint' | 'config', ...) before the first
 * step for input the run cannot use: the studio shows that message as the run's error.
 */
import { HostMessage, WorkerMessage, type ResumeFrom } from '../shared/training/messages';
import type { WorkerErrorPhase } from '../shared/training/messages';

export interface TrainOptions {
  runId: number;
  /** The run's stored configuration; train validates the part it owns. */
  config: unknown;
  /** Absolute path of the run folder; checkpoints are written under it. */
  runDir: string;
  resume?: ResumeFrom;
  /** A checkpoint whose weights a new run starts from (absolute path). */
  init?: string;
  /** Tripped by cancel: finish the current step, write a checkpoint, return. */
  signal: AbortSignal;
}

export interface TrainCallbacks {
  backend(name: string): void;
  progress(p: { step: number; total: number; samplesPerSec: number; eta: number | null }): void;
  metrics(step: number, values: Record<string, number>): void;
  /** `path` is relative to the run folder. */
  checkpoint(step: number, path: string, metrics?: Record<string, number>): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', text: string): void;
}

/** Resolves with the last step trained, cancelled or not. */
export type TrainFn = (options: TrainOptions, callbacks: TrainCallbacks) => Promise<{ step: number }>;

/** A failure whose phase the studio shows, e.g. phase 'backend' for "tfjs-node is not installed". */
export class WorkerError extends Error {
  constructor(
    readonly phase: WorkerErrorPhase,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

/** How the host talks to its parent; a real process by default, anything with the same shape in tests. */
export interface Channel {
  send(message: WorkerMessage): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** Errors nothing caught: thrown from a timer or a promise nobody awaited inside the training code. */
  onUncaught(listener: (error: unknown) => void): void;
  exit(code: number): void;
}

export function processChannel(): Channel {
  if (!process.send) throw new Error('the training worker must be started by the studio (no IPC channel)');
  // The studio went away: nobody can receive checkpoints or stop this process any more.
  process.on('disconnect', () => process.exit(2));
  return {
    send: (message) =>
      new Promise((resolve) => {
        if (!process.connected) return resolve();
        process.send!(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', listener),
    onUncaught: (listener) => {
      process.on('uncaughtException', listener);
      process.on('unhandledRejection', listener);
    },
    exit: (code) => process.exit(code),
  };
}

export function runWorker(train: TrainFn, channel: Channel = processChannel()): void {
  const abort = new AbortController();
  let started = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let finishing = false;

  const send = (message: WorkerMessage) => channel.send(message);
  const fail = async (error: unknown) => {
    if (finishing) return;
    finishing = true;
    clearInterval(heartbeat);
    const phase = error instanceof WorkerError ? error.phase : 'train';
    const message = error instanceof Error ? error.message || error.name : String(error);
    await send({ type: 'error', phase, message });
    channel.exit(1);
  };
  channel.onUncaught((error) => void fail(error));

  channel.onMessage((raw) => {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) return void fail(new WorkerError('protocol', `the studio sent a malformed message: ${parsed.error.issues[0]?.message}`));
    const message = parsed.data;
    if (message.type === 'cancel') return abort.abort();
    if (started) return void fail(new WorkerError('protocol', 'start was sent twice'));
    started = true;
    heartbeat = setInterval(() => void send({ type: 'heartbeat' }), message.heartbeatMs);
    const callbacks: TrainCallbacks = {
      backend: (name) => void send({ type: 'backend', name }),
      progress: (p) => void send({ type: 'progress', ...p }),
      metrics: (step, values) => void send({ type: 'metrics', step, values: finite(step, values) }),
      checkpoint: (step, path, metrics = {}) => void send({ type: 'checkpoint', step, path, metrics: finite(step, metrics) }),
      log: (level, text) => void send({ type: 'log', level, text }),
    };
    const options: TrainOptions = {
      runId: message.runId,
      config: message.config,
      runDir: message.runDir,
      ...(message.resume ? { resume: message.resume } : {}),
      ...(message.init ? { init: message.init } : {}),
      signal: abort.signal,
    };
    train(options, callbacks).then(
      async ({ step }) => {
        if (finishing) return;
        finishing = true;
        clearInterval(heartbeat);
        await send({ type: 'done', step, cancelled: abort.signal.aborted });
        channel.exit(0);
      },
      (error) => void fail(error),
    );
  });
  void send({ type: 'ready', pid: process.pid });
}

/**
 * JSON carries NaN and Infinity as null, which the studio would reject as a malformed message; a diverged
 * loss is the training's failure and is said as such, from inside train so that it stops there.
 */
function finite(step: number, values: Record<string, number>): Record<string, number> {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) throw new WorkerError('train', `${name} became ${value} at step ${step}`);
  }
  return values;
}
