/**
 * The studio's evaluations: a checkpoint run on a suite of the built-in environment in the worker
 * process (its recording mode), each rollout stored the moment its folder is written, so a crash or a
 * cancel keeps what finished. One evaluation runs at a time per studio; a second start is refused with
 * a conflict until it ends. Whatever way the worker ends — summary, error, crash, kill — the evaluation
 * leaves 'running' with a status and a reason, and its staging folder goes.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EvaluationStart } from '../../shared/contract/evaluations';
import { ApiError } from '../../shared/contract/errors';
import type { EvaluationSummary as EvaluationSummarySchema } from '../../shared/contract/rollouts';
import { RecordReply, type RecordRequest, type RecordSummary } from '../../shared/rollouts/messages';
import type { EvaluationEnd } from '../db/repositories/rolloutCatalog';
import type { Project } from '../project/project';
import { readRolloutFolder, ROLLOUTS_FOLDER, stagedFromMeta, storeRollouts } from '../rollouts/store';
import { ensureTaxonomy } from '../rollouts/taxonomy';
import type { Session } from '../session';
import type { Emitter } from '../training/supervisor';
import { forkWorker } from '../training/fork';
import { STUDIO_STOPPED } from '../training/recover';
import { defaultWorkerEntry } from '../training/workerEntry';
import { planEvaluation } from './plan';
import { suggestFailureTag } from './suggest';
import { evaluationSummary, jobIdOf } from './summary';

type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

export interface EvaluationOptions {
  /** The worker's entry file; tests pass the source. */
  workerEntry?: string;
  /** How long a cancel on close may take before the worker is killed. */
  closeTimeoutMs?: number;
  /** How long the worker may take to load the backend and say it started. */
  startTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

export const STUDIO_CLOSED_EVALUATION = 'the studio was closed while it ran';
const STAGING_PREFIX = '.staging-';
const OUTPUT_LINES = 20;

interface Active {
  id: number;
  projectDir: string;
  child: ChildProcess;
  staging: string;
  total: number;
  /** Rollouts stored, one after another in the order the worker reported them. */
  stores: Promise<void>;
  summary: RecordSummary | null;
  workerError: string | null;
  /** Set when the studio itself stops the worker, so its exit is reported as this and not as a crash. */
  forced: { status: 'cancelled'; reason: string | null } | null;
  /** The worker said 'started': it listens for a cancel from then on. */
  started: boolean;
  startTimer: ReturnType<typeof setTimeout>;
  storeError: string | null;
  output: string[];
  ended: Promise<void>;
  markEnded: () => void;
  finishing: boolean;
}

export class EvaluationService {
  private active: Active | null = null;
  readonly workerEntry: string;

  constructor(
    private readonly session: Session,
    private readonly bus: Emitter,
    private readonly options: EvaluationOptions = {},
  ) {
    this.workerEntry = options.workerEntry ?? defaultWorkerEntry();
  }

  /** After a project opened: evaluations still running that no worker of ours runs died with an earlier studio. */
  projectOpened(): void {
    const project = this.session.project;
    if (!project) return;
    const ours = this.active?.projectDir === project.dir ? this.active.id : null;
    for (const id of project.repos.rolloutCatalog.unfinishedEvaluations()) {
      if (id === ours) continue;
      project.repos.rolloutCatalog.endEvaluation(id, { status: 'failed', error: STUDIO_STOPPED });
      this.bus.emit('evaluations.changed', { id, status: 'failed' });
    }
    // Staging folders of evaluations no longer running hold no rollout anyone will store.
    const root = join(project.dir, ROLLOUTS_FOLDER);
    if (!existsSync(root)) return;
    for (const name of readdirSync(root)) {
      if (name.startsWith(STAGING_PREFIX) && name !== `${STAGING_PREFIX}${ours}`) rmSync(join(root, name), { recursive: true, force: true });
    }
  }

  /** Before another project opens: its evaluation is cancelled while its database is open. */
  async beforeProjectChange(nextDir: string): Promise<void> {
    if (this.active && this.active.projectDir !== nextDir) await this.stop(this.active);
  }

  /** Cancels the running evaluation (its finished rollouts stay) and waits for it to end. */
  async close(): Promise<void> {
    if (this.active) await this.stop(this.active);
  }

  start(input: z.output<typeof EvaluationStart>): EvaluationSummary {
    const project = this.session.requireProject();
    if (this.active) {
      throw new ApiError('conflict', `evaluation ${this.active.id} is still running; one evaluation runs at a time, so cancel it or wait for it to end`);
    }
    const plan = planEvaluation(project, input);
    const startTimeoutMs = this.options.startTimeoutMs ?? 120_000;
    if (!existsSync(this.workerEntry)) throw new ApiError('unsupported', `the evaluation worker is not built: ${this.workerEntry} does not exist`);
    const id = project.repos.rolloutCatalog.startEvaluation({ name: plan.name, checkpointId: plan.checkpoint.id, checkpointPath: plan.checkpoint.path, config: plan.config });
    const staging = join(project.dir, ROLLOUTS_FOLDER, `${STAGING_PREFIX}${id}`);
    let child: ChildProcess;
    try {
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const request: RecordRequest = { ...plan.request, outDir: staging };
      child = forkWorker(this.workerEntry, ['evaluate', JSON.stringify(request)]);
    } catch (error) {
      const reason = `the evaluation worker could not start: ${error instanceof Error ? error.message : String(error)}`;
      project.repos.rolloutCatalog.endEvaluation(id, { status: 'failed', error: reason });
      rmSync(staging, { recursive: true, force: true });
      throw new ApiError('internal', reason);
    }
    let markEnded = () => {};
    const active: Active = {
      id, projectDir: project.dir, child, staging, total: plan.total, stores: Promise.resolve(), summary: null, workerError: null,
      forced: null, started: false, storeError: null, output: [], ended: new Promise((resolve) => (markEnded = resolve)), markEnded: () => markEnded(), finishing: false,
      startTimer: setTimeout(() => {
        active.workerError ??= `the evaluation worker did not start within ${Math.round(startTimeoutMs / 1000)} s`;
        this.kill(active);
      }, startTimeoutMs),
    };
    this.active = active;
    this.watch(active);
    this.bus.emit('evaluations.changed', { id, status: 'running' });
    this.progress(active, 'starting', 0);
    return evaluationSummary(project.repos, id)!;
  }

  cancel(id: number): EvaluationSummary {
    const project = this.session.requireProject();
    const current = evaluationSummary(project.repos, id);
    if (!current) throw new ApiError('not_found', `id: there is no evaluation ${id}`);
    const active = this.active;
    if (active?.id === id && active.projectDir === project.dir) {
      this.requestCancel(active, null);
      return current;
    }
    if (current.status === 'running' || current.status === 'queued') {
      throw new ApiError('conflict', `evaluation ${id} is not run by this studio`);
    }
    throw new ApiError('conflict', `evaluation ${id} is not running (it ${current.status === 'succeeded' ? 'succeeded' : `ended ${current.status}`})`);
  }

  /** The open project's database for the evaluation's folder (reopening it gives a new connection). */
  private projectOf(active: Active): Project | null {
    const project = this.session.project;
    return project?.dir === active.projectDir ? project : null;
  }

  private watch(active: Active): void {
    const { child } = active;
    const keep = (chunk: Buffer) => {
      active.output.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim()));
      active.output.splice(0, Math.max(0, active.output.length - OUTPUT_LINES));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (raw) => this.receive(active, raw));
    child.on('error', (error) => {
      active.workerError ??= `the evaluation worker could not run: ${error.message}`;
      if (child.pid === undefined) void this.finish(active, null, null);
    });
    // 'close' follows the last message; the exit's own timer covers a grandchild holding the pipes open.
    child.on('close', (code, signal) => void this.finish(active, code, signal));
    child.on('exit', (code, signal) => setTimeout(() => void this.finish(active, code, signal), 1000).unref());
  }

  private receive(active: Active, raw: unknown): void {
    const parsed = RecordReply.safeParse(raw);
    if (!parsed.success) {
      active.workerError ??= `the worker sent a malformed message (${parsed.error.issues[0]?.message ?? 'unknown'})`;
      return this.kill(active);
    }
    const message = parsed.data;
    switch (message.type) {
      case 'started':
        active.started = true;
        clearTimeout(active.startTimer);
        active.total = message.total;
        return this.progress(active, 'episodes', 0);
      case 'episode': {
        // Stored in the order they come, each on its own: a later failure keeps the ones before it.
        const { rollout, done } = message;
        active.stores = active.stores.then(() => this.store(active, rollout, done));
        return;
      }
      case 'summary':
        active.summary = message.summary;
        return;
      case 'error':
        active.workerError ??= message.message;
        return;
    }
  }

  private async store(active: Active, rollout: string, done: number): Promise<void> {
    if (active.storeError) return;
    try {
      const folder = await readRolloutFolder(join(active.staging, rollout));
      // After the await: reopening the project meanwhile gave it a new connection.
      const project = this.projectOf(active);
      if (!project) return;
      const { episodeIndex } = folder.record.meta;
      const taxonomy = ensureTaxonomy(project.repos).map((t) => t.name);
      // The suite position, so the list reads in suite order whatever order episodes finished in.
      const index = Number.isInteger(episodeIndex) ? (episodeIndex as number) : done - 1;
      const ids = storeRollouts(project, active.id, [{ ...stagedFromMeta(folder, index), suggestedTag: suggestFailureTag(folder.record, taxonomy) }]);
      this.bus.emit('rollouts.changed', { reason: 'store', ids, evaluationId: active.id });
      this.progress(active, 'episodes', done);
    } catch (error) {
      // A rollout that cannot be stored stops the run rather than recording more that fail alike.
      active.storeError = `could not store rollout ${rollout}: ${error instanceof Error ? error.message : String(error)}`;
      this.kill(active);
    }
  }

  /** The one place an evaluation leaves 'running'; later reports of the same process are ignored. */
  private async finish(active: Active, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (active.finishing) return;
    active.finishing = true;
    clearTimeout(active.startTimer);
    await active.stores;
    const { status, error } = this.outcome(active, code, signal);
    rmSync(active.staging, { recursive: true, force: true });
    const project = this.projectOf(active);
    try {
      if (project) {
        project.repos.rolloutCatalog.endEvaluation(active.id, { status, error, ...(active.summary && { summary: active.summary }) });
        this.bus.emit('evaluations.changed', { id: active.id, status });
      }
      const stored = project ? (evaluationSummary(project.repos, active.id)?.rollouts ?? 0) : 0;
      this.bus.emit('job.progress', {
        jobId: jobIdOf(active.id), kind: 'evaluate', phase: status, done: stored, total: active.total, finished: true,
        ...(error && status === 'failed' && { error }),
      });
    } catch (failure) {
      this.options.onError?.(failure);
    } finally {
      if (this.active === active) this.active = null;
      active.markEnded();
    }
  }

  private outcome(active: Active, code: number | null, signal: NodeJS.Signals | null): { status: EvaluationEnd; error: string | null } {
    if (active.storeError) return { status: 'failed', error: active.storeError };
    if (active.summary) return { status: active.summary.cancelled ? 'cancelled' : 'succeeded', error: active.summary.cancelled ? (active.forced?.reason ?? null) : null };
    if (active.forced) return { status: active.forced.status, error: active.forced.reason };
    if (active.workerError) return { status: 'failed', error: active.workerError };
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const last = lastWords(active.output);
    return { status: 'failed', error: `the evaluation worker ${how} before the end of the suite${last ? ` (last output: ${last})` : ''}` };
  }

  private kill(active: Active): void {
    if (active.child.exitCode === null && active.child.signalCode === null) active.child.kill('SIGKILL');
  }

  /**
   * Asks the worker to stop after its current steps. A worker that has not said 'started' may not listen
   * yet and has no rollout to keep: it is stopped at once.
   */
  private requestCancel(active: Active, reason: string | null): void {
    active.forced ??= { status: 'cancelled', reason };
    if (!active.started) return this.kill(active);
    if (active.child.connected) active.child.send({ type: 'cancel' }, () => undefined);
  }

  /** Cancel, wait for the worker's summary, kill it past the timeout; resolves once the end is recorded. */
  private async stop(active: Active): Promise<void> {
    this.requestCancel(active, STUDIO_CLOSED_EVALUATION);
    const timer = setTimeout(() => this.kill(active), this.options.closeTimeoutMs ?? 10_000);
    try {
      await active.ended;
    } finally {
      clearTimeout(timer);
    }
  }

  private progress(active: Active, phase: string, done: number): void {
    this.bus.emit('job.progress', { jobId: jobIdOf(active.id), kind: 'evaluate', phase, done, total: active.total, finished: false });
  }
}

/** The line of a dying process's output that says why: its error, not Node's version banner after it. */
function lastWords(output: string[]): string | undefined {
  const lines = output.filter((l) => !/^Node\.js v\d/.test(l.trim()));
  return lines.findLast((l) => /\b[A-Z]?\w*Error\b|\berror\b/.test(l))?.trim() ?? lines.at(-1)?.trim();
}
