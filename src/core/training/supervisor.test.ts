import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract/api';
import { EventBus } from '../api/events';
import { freshDb } from '../db/testing';
import type { Run, TrainingRepository } from '../db/repositories/training';
import { KILLED_BY_USER, TrainingSupervisor } from './supervisor';

const WORKER = resolve('test/fixtures/workers/countingWorker.ts');
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Harness {
  repo: TrainingRepository;
  projectDir: string;
  supervisor: TrainingSupervisor;
  metrics: EventPayload<'training.metrics'>[];
  progress: EventPayload<'training.progress'>[];
  /** When each run first reached a step (by its training.metrics events). */
  createRun(config: unknown): number;
}

const open: TrainingSupervisor[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness(options: { heartbeatTimeoutMs?: number } = {}): Harness {
  const { repos } = freshDb();
  const projectDir = mkdtempSync(join(tmpdir(), 'st4vla-train-'));
  dirs.push(projectDir);
  const bus = new EventBus();
  const metrics: EventPayload<'training.metrics'>[] = [];
  const progress: EventPayload<'training.progress'>[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'training.metrics') metrics.push(payload as never);
    if (event === 'training.progress') progress.push(payload as never);
  });
  const supervisor = new TrainingSupervisor({
    projectDir,
    repo: () => repos.training,
    bus,
    workerEntry: WORKER,
    heartbeatMs: 100,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 5000,
  });
  open.push(supervisor);
  let n = 0;
  return {
    repo: repos.training,
    projectDir,
    supervisor,
    metrics,
    progress,
    createRun: (config) => repos.training.createRun({ name: `run ${++n}`, stage: 'grounding', config, runDir: `runs/${n}` }),
  };
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ended = (h: Harness, runId: number) => until(`run ${runId} to end`, () => {
  const run = h.repo.getRun(runId)!;
  return TERMINAL.includes(run.status) && run;
});
const reached = (h: Harness, runId: number, step: number) =>
  until(`run ${runId} to reach step ${step}`, () => h.metrics.some((m) => m.runId === runId && m.step >= step));

const config = (hyper: Record<string, number>, counting: Record<string, unknown> = {}) => ({
  recipe: 'counting',
  preset: 'linear-1d',
  hyperparameters: { steps: 40, learningRate: 0.1, batchSize: 8, seed: 3, checkpointEvery: 10, ...hyper },
  counting,
});

function lastCheckpointState(h: Harness, run: Run) {
  const last = h.repo.checkpointsOf(run.id).at(-1)!;
  return { row: last, state: JSON.parse(readFileSync(join(h.projectDir, last.path), 'utf8')) };
}

describe('TrainingSupervisor with a real worker process', () => {
  it('records metrics, checkpoints and the backend, and ends succeeded', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 40 }));
    h.supervisor.start(id);
    expect(h.repo.getRun(id)!.status).toBe('running');
    const run = await ended(h, id);

    expect(run).toMatchObject({ status: 'succeeded', backend: 'plain-js', error: null });
    expect(h.repo.series(id, 'train/loss').map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const loss = h.repo.series(id, 'train/loss');
    expect(loss.at(-1)!.value).toBeLessThan(loss[0]!.value / 10);
    const checkpoints = h.repo.checkpointsOf(id);
    expect(checkpoints.map((c) => c.step)).toEqual([10, 20, 30, 40]);
    expect(checkpoints[0]!.path).toBe(join('runs', '1', 'checkpoints', 'step-000010.json'));
    expect(checkpoints[0]!.sizeBytes).toBeGreaterThan(0);
    expect(h.progress.at(-1)).toMatchObject({ runId: id, step: 40, total: 40, eta: 0 });
  });

  it('fails a run whose worker crashes (exit 3) within 2 s, naming the exit code', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 1000 }, { crashAtStep: 5 }));
    h.supervisor.start(id);
    await reached(h, id, 5);
    const sawStep5 = Date.now();
    const run = await ended(h, id);
    expect(Date.now() - sawStep5).toBeLessThan(2000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/exited with code 3/);
    expect(run.finishedAt).not.toBeNull();
  });

  it('keeps the worker\'s log in the run folder across a crash and a resume', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 1000, checkpointEvery: 2 }, { crashAtStep: 5 }));
    h.supervisor.start(id);
    await ended(h, id);
    const log = () => readFileSync(join(h.projectDir, 'runs', '1', 'worker.log'), 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\S+Z /, ''));
    expect(log()).toEqual(['[studio] worker started', '[info] fitting a line to 64 points', expect.stringMatching(/^\[studio\] run failed: the worker exited with code 3/)]);
    // The resumed process appends; the crash before it stays readable.
    h.repo.setStatus(id, 'failed');
    h.supervisor.start(id, h.repo.checkpointsOf(id).at(-1)!);
    await ended(h, id);
    expect(log().slice(3)).toEqual(['[studio] worker started, resuming from step 4', '[info] fitting a line to 64 points', expect.stringMatching(/^\[studio\] run failed: the worker exited with code 3/)]);
  });

  it('fails a run whose worker is killed from outside (SIGKILL) within 2 s', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 100_000 }, { stepDelayMs: 5 }));
    h.supervisor.start(id);
    await reached(h, id, 3);
    const pid = h.supervisor.pid(id)!;
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const run = await ended(h, id);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/killed by SIGKILL/) });
  });

  it('kill stops the worker at once and fails the run "killed by user"', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 100_000 }, { stepDelayMs: 5 }));
    h.supervisor.start(id);
    await reached(h, id, 3);
    const pid = h.supervisor.pid(id)!;
    expect(h.supervisor.kill(id)).toBe(true);
    const run = await ended(h, id);
    expect(run).toMatchObject({ status: 'failed', error: KILLED_BY_USER });
    await h.supervisor.allExited();
    expect(alive(pid)).toBe(false);
    expect(h.supervisor.kill(id)).toBe(false);
  });

  it('kills a worker that stops sending heartbeats and fails its run with the reason', async () => {
    const h = harness({ heartbeatTimeoutMs: 1000 });
    const id = h.createRun(config({ steps: 1000 }, { hangAtStep: 3 }));
    h.supervisor.start(id);
    await reached(h, id, 3);
    const pid = h.supervisor.pid(id)!;
    const run = await ended(h, id);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/stopped responding \(no heartbeat for \d+\.\d s\)/) });
    await until('the hung process to be gone', () => !alive(pid), 2000);
  });

  it('cancel finishes the step, writes a checkpoint and ends cancelled', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 100_000, checkpointEvery: 1000 }, { stepDelayMs: 5 }));
    h.supervisor.start(id);
    await reached(h, id, 4);
    expect(h.supervisor.cancel(id)).toBe(true);
    const run = await ended(h, id);
    expect(run).toMatchObject({ status: 'cancelled', error: null });
    const lastStep = Math.max(...h.repo.series(id, 'train/loss').map((p) => p.step));
    const { row, state } = lastCheckpointState(h, run);
    expect(row.step).toBe(lastStep);
    expect(state.step).toBe(lastStep);
    expect(h.supervisor.cancel(id)).toBe(false);
  });

  it('a resumed run continues the step count, optimiser state, schedule and data order exactly', async () => {
    const h = harness();
    const hyper = { steps: 60, checkpointEvery: 1000 };
    const whole = h.createRun(config(hyper));
    h.supervisor.start(whole);
    const wholeRun = await ended(h, whole);
    expect(wholeRun.status).toBe('succeeded');

    const split = h.createRun(config(hyper, { stepDelayMs: 20 }));
    h.supervisor.start(split);
    await reached(h, split, 10);
    h.supervisor.cancel(split);
    const cancelled = await ended(h, split);
    expect(cancelled.status).toBe('cancelled');
    const stoppedAt = lastCheckpointState(h, cancelled).row;
    expect(stoppedAt.step).toBeGreaterThanOrEqual(10);
    expect(stoppedAt.step).toBeLessThan(60);

    h.supervisor.start(split, stoppedAt);
    const resumed = await ended(h, split);
    expect(resumed.status).toBe('succeeded');
    // The whole optimiser state (weights and momentum) equals the uninterrupted run's, bit for bit.
    expect(lastCheckpointState(h, resumed).state).toEqual(lastCheckpointState(h, wholeRun).state);
    // Every step's loss and learning rate too: the same batches in the same order at the same rate.
    for (const name of ['train/loss', 'train/lr']) {
      const values = (id: number) => h.repo.series(id, name).map((p) => [p.step, p.value]);
      expect(values(split)).toEqual(values(whole));
    }
    expect(h.repo.checkpointsOf(split).map((c) => c.step)).toEqual([stoppedAt.step, 60]);
  });

  it('fails the run with a clear reason when the worker sends a malformed message', async () => {
    const h = harness();
    const id = h.createRun(config({ steps: 1000 }, { malformedAtStep: 2 }));
    h.supervisor.start(id);
    const run = await ended(h, id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^the worker sent a malformed message \(progress\.step: .*progress\.total: /);
  });

  it("reports the worker's own error with its phase, and a missing backend before any step", async () => {
    const h = harness();
    const thrown = h.createRun(config({ steps: 1000 }, { throwAtStep: 4 }));
    const noBackend = h.createRun(config({ steps: 1000 }, { backend: 'missing' }));
    h.supervisor.start(thrown);
    h.supervisor.start(noBackend);
    expect(await ended(h, thrown)).toMatchObject({ status: 'failed', error: 'train: the loss became NaN at step 4' });
    const failed = await ended(h, noBackend);
    expect(failed.error).toBe('backend: the backend "tfjs-node-gpu" is not installed (npm i @tensorflow/tfjs-node-gpu)');
    expect(h.repo.metricsOf(noBackend)).toEqual([]);
  });

  it('refuses to start with a worker entry that does not exist, changing nothing', () => {
    const h = harness();
    const broken = new TrainingSupervisor({ projectDir: h.projectDir, repo: () => h.repo, bus: new EventBus(), workerEntry: join(h.projectDir, 'nope.mjs') });
    const id = h.createRun(config({}));
    expect(() => broken.start(id)).toThrow(/the training worker is not there: .*nope\.mjs does not exist/);
    expect(h.repo.getRun(id)!.status).toBe('queued');
  });

  it("names the error a crashing worker printed, not Node's banner", async () => {
    const h = harness();
    const entry = join(h.projectDir, 'broken.mjs');
    writeFileSync(entry, "import './missing-module.mjs';\n");
    const broken = new TrainingSupervisor({ projectDir: h.projectDir, repo: () => h.repo, bus: new EventBus(), workerEntry: entry });
    open.push(broken);
    const id = h.createRun(config({}));
    broken.start(id);
    const run = await ended(h, id);
    expect(run.error).toMatch(/^the worker exited with code 1 \(last output: .*ERR_MODULE_NOT_FOUND|Cannot find module/);
  });

  it('a worker whose studio dies without closing exits by itself instead of training on as an orphan', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const { projectDir } = harness();
    const studio = spawn(process.execPath, ['--import', tsx, resolve('test/fixtures/workers/studioThatDies.ts'), projectDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    studio.stdout.on('data', (chunk) => (output += chunk));
    const workerPid = await until('the worker to step', () => /^\d+\n/.test(output) && Number(output.trim()), 30_000);
    expect(alive(workerPid)).toBe(true);
    studio.kill('SIGKILL');
    await until('the orphaned worker to exit', () => !alive(workerPid), 2000);
  });
});
