/**
 * Runs training workers as child processes and keeps the database true to them: it relays their messages
 * into the run's rows (status, backend, metrics, checkpoints) and onto the event bus, and whatever way a
 * process ends — done, error, crash, SIGKILL, silence — the run ends with a status and a reason within a
 * moment of it. Nothing here blocks: the worker computes, the studio only listens.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract/api';
import { describeInvalid, WorkerMessage, type HostMessage, type ParsedWorkerMessage } from '../../shared/training/messages';
import type { Checkpoint, RunStatus, TrainingRepository } from '../db/repositories/training';
import { resolveInProject } from '../project/project';
import { forkWorker } from './fork';
import { appendWorkerLog, stampLines } from './workerLog';

export interface Emitter {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export interface SupervisorOptions {
  projectDir: string;
  /** Read on every use: reopening the project gives it a new connection while a run goes on. */
  repo: () => TrainingRepository;
  bus: Emitter;
  /** The worker's entry file: a built .mjs, or a .ts source run through tsx (dev and tests). */
  workerEntry: string;
  heartbeatMs?: number;
  /** Silence longer than this, once the worker is up, means it hangs: it is killed and the run fails. */
  heartbeatTimeoutMs?: number;
  /** How long a new process may take to say ready (loading TensorFlow takes a while). */
  startTimeoutMs?: number;
  /** Where a status that could not be recorded is reported (the studio's internal-error log). */
  onError?: (error: unknown) => void;
  /** After a run's end was recorded (a chain's stage 1 starts its stage 2 here). */
  onEnded?: (runId: number, status: RunStatus) => void;
}

export const KILLED_BY_USER = 'killed by user';
export const STUDIO_CLOSED = 'the studio was closed while it ran';

interface Active {
  runId: number;
  child: ChildProcess;
  ready: boolean;
  lastSign: number;
  /** Set when the studio itself ends the process, so the exit is reported as this and not as a crash. */
  forcedReason: string | null;
  lastError: string | null;
  output: string[];
  /** Where the worker's words are kept (worker.log). */
  runDir: string;
  watchdog: ReturnType<typeof setInterval>;
  exited: Promise<void>;
}

const OUTPUT_LINES = 20;

export class TrainingSupervisor {
  private readonly active = new Map<number, Active>();
  /** Every process not yet exited, including those whose run already ended (killed, exiting after done). */
  private readonly processes = new Set<Promise<void>>();
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: SupervisorOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    // Generous: TF.js on Node runs a step synchronously, and no heartbeat goes out during a long one.
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 30_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
  }

  isRunning(runId: number): boolean {
    return this.active.has(runId);
  }

  runningIds(): number[] {
    return [...this.active.keys()];
  }

  /** The worker's process id while the run has one. */
  pid(runId: number): number | undefined {
    return this.active.get(runId)?.child.pid;
  }

  /** Starts (or, with a checkpoint, resumes) a recorded run in a new worker process. */
  start(runId: number, resumeFrom?: Checkpoint): void {
    const { projectDir } = this.options;
    const repo = this.options.repo();
    const run = repo.getRun(runId);
    if (!run) throw new Error(`there is no training run ${runId}`);
    if (this.active.has(runId)) throw new Error(`run ${runId} is already running`);
    if (!existsSync(this.options.workerEntry)) throw new Error(`the training worker is not there: ${this.options.workerEntry} does not exist`);
    const runDir = resolveInProject({ dir: projectDir }, run.runDir);
    mkdirSync(runDir, { recursive: true });

    const child = forkWorker(this.options.workerEntry);
    const active: Active = {
      runId,
      child,
      ready: false,
      lastSign: Date.now(),
      forcedReason: null,
      lastError: null,
      output: [],
      runDir,
      watchdog: setInterval(() => this.watch(active), Math.min(250, this.heartbeatTimeoutMs / 4)),
      exited: new Promise((resolve) => {
        child.once('exit', () => resolve());
        // A process that never started has no exit to wait for.
        child.once('error', () => child.pid === undefined && resolve());
      }),
    };
    this.active.set(runId, active);
    this.processes.add(active.exited);
    void active.exited.then(() => this.processes.delete(active.exited));
    this.setStatus(runId, 'running', 'status');
    this.persist(active, [resumeFrom ? `[studio] worker started, resuming from step ${resumeFrom.step}` : '[studio] worker started']);

    const keep = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter((l) => l.trim());
      active.output.push(...lines);
      active.output.splice(0, Math.max(0, active.output.length - OUTPUT_LINES));
      this.persist(active, lines);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (raw) => this.receive(active, raw, () => this.sendStart(active, runDir, run.config, resumeFrom)));
    child.on('error', (error) => this.end(active, 'failed', `the training worker could not run: ${error.message}`));
    // 'close' comes after the last message was delivered; the exit's own timer covers a grandchild still
    // holding the pipes open.
    const exitedWith = (code: number | null, signal: NodeJS.Signals | null) => this.end(active, 'failed', this.exitReason(active, code, signal));
    child.on('close', exitedWith);
    child.on('exit', (code, signal) => setTimeout(() => exitedWith(code, signal), 1000).unref());
  }

  /** Asks the worker to finish its step and checkpoint; the run then ends cancelled. */
  cancel(runId: number): boolean {
    const active = this.active.get(runId);
    if (!active) return false;
    this.send(active, { type: 'cancel' });
    return true;
  }

  kill(runId: number): boolean {
    const active = this.active.get(runId);
    if (!active) return false;
    this.terminate(active, KILLED_BY_USER);
    return true;
  }

  /** Resolves when every worker process started so far has exited. */
  async allExited(): Promise<void> {
    await Promise.all([...this.processes]);
  }

  /** Kills every worker (their runs fail, resumable from their last checkpoint) and waits for the exits. */
  async close(): Promise<void> {
    // Recorded now, while the project's database is still open; the exits only confirm it.
    for (const active of [...this.active.values()]) this.terminate(active, STUDIO_CLOSED, true);
    await this.allExited();
  }

  private sendStart(active: Active, runDir: string, config: unknown, resumeFrom: Checkpoint | undefined): void {
    const project = { dir: this.options.projectDir };
    const resume = resumeFrom && { step: resumeFrom.step, path: resolveInProject(project, resumeFrom.path) };
    // A resumed run has its own checkpoint; only a fresh one starts from the run's initial checkpoint.
    const initId = resume ? null : this.options.repo().getRun(active.runId)?.initCheckpointId;
    const initPath = initId ? this.options.repo().getCheckpoint(initId)?.path : undefined;
    const init = initPath ? resolveInProject(project, initPath) : undefined;
    this.send(active, { type: 'start', runId: active.runId, config, runDir, heartbeatMs: this.heartbeatMs, ...(resume ? { resume } : {}), ...(init ? { init } : {}) });
  }

  private send(active: Active, message: HostMessage): void {
    if (!active.child.connected) return;
    // A failed send means the process is going away; its exit reports the run.
    active.child.send(message, (error) => error && active.output.push(`send failed: ${error.message}`));
  }

  private receive(active: Active, raw: unknown, onReady: () => void): void {
    if (!this.active.has(active.runId) || this.active.get(active.runId) !== active) return;
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      const type = (raw as { type?: unknown } | null)?.type;
      return this.terminate(active, `the worker sent a malformed message (${describeInvalid(parsed.error, type)})`, true);
    }
    active.lastSign = Date.now();
    const message = parsed.data;
    try {
      this.handle(active, message, onReady);
    } catch (error) {
      // A write the database refused (e.g. a metric of a deleted run): the run cannot be recorded, so it stops.
      this.terminate(active, `could not record the worker's ${message.type}: ${error instanceof Error ? error.message : String(error)}`, true);
    }
  }

  private handle(active: Active, message: ParsedWorkerMessage, onReady: () => void): void {
    const { bus, projectDir } = this.options;
    const repo = this.options.repo();
    const runId = active.runId;
    switch (message.type) {
      case 'ready':
        active.ready = true;
        return onReady();
      case 'heartbeat':
        return;
      case 'backend':
        repo.setStatus(runId, 'running', { backend: message.name });
        return this.changed(runId, 'backend');
      case 'progress': {
        const { type: _, ...progress } = message;
        return bus.emit('training.progress', { runId, ...progress });
      }
      case 'metrics':
        repo.appendMetrics(runId, Object.entries(message.values).map(([name, value]) => ({ name, step: message.step, value })));
        return bus.emit('training.metrics', { runId, step: message.step, values: message.values });
      case 'checkpoint': {
        const run = repo.getRun(runId)!;
        const absolute = join(resolveInProject({ dir: projectDir }, run.runDir), message.path);
        if (!existsSync(absolute)) throw new Error(`checkpoint ${message.path} at step ${message.step} is not there`);
        // A run resumed from step s and cancelled before its next step reports step s again.
        if (repo.checkpointsOf(runId).some((c) => c.step === message.step)) return;
        repo.addCheckpoint({ runId, step: message.step, path: relative(projectDir, absolute), sizeBytes: sizeOf(absolute), metrics: message.metrics });
        return this.changed(runId, 'checkpoint');
      }
      case 'log':
        if (message.level === 'error') active.lastError = message.text;
        active.output.push(`[${message.level}] ${message.text}`);
        active.output.splice(0, Math.max(0, active.output.length - OUTPUT_LINES));
        return this.persist(active, [`[${message.level}] ${message.text}`]);
      case 'done':
        return this.end(active, message.cancelled ? 'cancelled' : 'succeeded', null);
      case 'error':
        active.lastError = `${message.phase}: ${message.message}`;
        return this.end(active, 'failed', active.lastError);
    }
  }

  private watch(active: Active): void {
    const silent = Date.now() - active.lastSign;
    if (!active.ready && silent > this.startTimeoutMs) {
      this.terminate(active, `the worker did not start within ${Math.round(this.startTimeoutMs / 1000)} s`, true);
    } else if (active.ready && silent > this.heartbeatTimeoutMs) {
      this.terminate(active, `the worker stopped responding (no heartbeat for ${(silent / 1000).toFixed(1)} s)`, true);
    }
  }

  /** SIGKILL; with `now` the run is failed at once, otherwise when the exit arrives. */
  private terminate(active: Active, reason: string, now = false): void {
    active.forcedReason ??= reason;
    if (active.child.exitCode === null && active.child.signalCode === null) active.child.kill('SIGKILL');
    if (now) this.end(active, 'failed', reason);
  }

  private exitReason(active: Active, code: number | null, signal: NodeJS.Signals | null): string {
    if (active.forcedReason) return active.forcedReason;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (active.lastError) return `the worker ${how}: ${active.lastError}`;
    const last = lastWords(active.output);
    if (code === 0 && !signal) return `the worker exited without reporting the end of the run${last ? ` (last output: ${last})` : ''}`;
    return `the worker ${how}${last ? ` (last output: ${last})` : ''}`;
  }

  /** The one place a run leaves 'running'; later reports of the same process are ignored. */
  private end(active: Active, status: RunStatus, error: string | null): void {
    if (this.active.get(active.runId) !== active) return;
    this.active.delete(active.runId);
    clearInterval(active.watchdog);
    this.persist(active, [`[studio] run ${status}${error ? `: ${error}` : ''}`]);
    this.setStatus(active.runId, status, 'status', error);
    this.options.onEnded?.(active.runId, status);
    // A worker that reported its end exits by itself; any other is not left behind.
    if (status !== 'succeeded' && status !== 'cancelled') this.terminate(active, error ?? status);
    else setTimeout(() => this.terminate(active, 'did not exit after done'), 5000).unref();
  }

  private setStatus(runId: number, status: RunStatus, reason: 'status', error: string | null = null): void {
    // Called from process events: a database that went away (project closed) must not crash the studio.
    try {
      this.options.repo().setStatus(runId, status, error ? { error } : {});
      this.changed(runId, reason);
    } catch (failure) {
      this.options.onError?.(failure);
    }
  }

  /** Best effort: a full disk must not stop the run, whose state is in the database. */
  private persist(active: Active, lines: string[]): void {
    if (lines.length === 0) return;
    const stamped = stampLines(lines);
    try {
      appendWorkerLog(active.runDir, stamped);
    } catch (failure) {
      this.options.onError?.(failure);
    }
    this.options.bus.emit('training.log', { runId: active.runId, lines: stamped });
  }

  private changed(runId: number, reason: 'status' | 'backend' | 'checkpoint'): void {
    const run = this.options.repo().getRun(runId);
    if (run) this.options.bus.emit('training.changed', { runId, status: run.status, reason, error: run.error });
  }
}

/** The line of a dying process's output that says why: its error, not Node's version banner after it. */
function lastWords(output: string[]): string | undefined {
  const lines = output.filter((l) => !/^Node\.js v\d/.test(l.trim()));
  return lines.findLast((l) => /\b[A-Z]?\w*Error\b|\berror\b/.test(l))?.trim() ?? lines.at(-1)?.trim();
}

/** A checkpoint is a file or a folder of files (the policy's model.json, weights, optimiser state). */
function sizeOf(path: string): number | null {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  } catch {
    return null;
  }
}
