/**
 * How the studio ends an evaluation whose worker misbehaves, with a scripted stand-in for the worker
 * process (the real one cannot be made to do these on purpose): an error reply, silence at start, a
 * malformed message, a rollout folder that cannot be stored. Each ends failed with a reason a person
 * can act on, leaves no process and no staging folder behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject } from '../../../src/core/project/project';
import { createStudio } from '../../../src/core/studio';
import { studioCalls } from '../training/studioCalls';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-evalfault-'));
const projectDir = join(temp, 'project');
const worker = join(temp, 'worker.mjs');
const behaviour = join(temp, 'behaviour.json');
let studio: Awaited<ReturnType<typeof createStudio>>;
const { call, until } = studioCalls(() => studio, 10_000);
let checkpointId = 0;

// Does what behaviour.json says: 'error', 'silent', 'malformed' or 'badfolder'.
const WORKER = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const mode = JSON.parse(readFileSync(${JSON.stringify(behaviour)}, 'utf8')).mode;
const request = JSON.parse(process.argv[3]);
const send = (m) => new Promise((done) => process.send(m, done));
if (mode === 'silent') setInterval(() => {}, 1000);
else {
  await send({ type: 'started', backend: 'fake', total: 2 });
  if (mode === 'error') {
    await send({ type: 'error', message: 'evaluate: the environment has no camera "wrist"' });
    process.exit(1);
  }
  if (mode === 'malformed') {
    await send({ type: 'episode', done: 'one' });
    setInterval(() => {}, 1000);
  }
  if (mode === 'badfolder') {
    const dir = join(request.outDir, '0000-in_distribution-seed0-pick');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'rollout.json'), '{"version": 1}');
    await send({ type: 'episode', done: 1, total: 2, rollout: '0000-in_distribution-seed0-pick', variant: 'in_distribution', seed: 0, success: false, reason: 'timeout', steps: 3 });
    setInterval(() => {}, 1000);
  }
}
`;

beforeAll(async () => {
  writeFileSync(worker, WORKER);
  const project = createProject(projectDir, { name: 'faults' });
  const run = project.repos.training.createRun({ name: 'r', stage: 'action', config: { data: { camera: 'front' } }, runDir: 'runs/r' });
  mkdirSync(join(projectDir, 'runs/r/checkpoints/step-1'), { recursive: true });
  writeFileSync(join(projectDir, 'runs/r/checkpoints/step-1/model.json'), JSON.stringify({ modelTopology: { config: { expert: { chunk: 8 } } } }));
  checkpointId = project.repos.training.addCheckpoint({ runId: run, step: 1, path: 'runs/r/checkpoints/step-1' });
  closeProject(project);
  studio = await createStudio({ shell: 'web', dataDir: temp, projectDir, evaluations: { workerEntry: worker, startTimeoutMs: 1500 } });
});

afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function runWith(mode: string) {
  writeFileSync(behaviour, JSON.stringify({ mode }));
  const started = await call('evaluations.start', { checkpointId, variants: ['in_distribution'], episodes: 2 });
  const done = await until(`evaluation ${started.id} to end`, async () => {
    const e = (await call('rollouts.evaluations', {})).find((x: any) => x.id === started.id);
    return e && e.status !== 'running' && e;
  });
  expect(existsSync(join(projectDir, 'rollouts', `.staging-${started.id}`))).toBe(false);
  return done;
}

describe('an evaluation whose worker misbehaves', () => {
  it("ends failed with the worker's own error", async () => {
    expect(await runWith('error')).toMatchObject({ status: 'failed', error: 'evaluate: the environment has no camera "wrist"', rollouts: 0 });
  });

  it('fails a worker that never says it started, after the start timeout', async () => {
    const started = Date.now();
    expect(await runWith('silent')).toMatchObject({ status: 'failed', error: 'the evaluation worker did not start within 2 s' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops a worker that sends a malformed message', async () => {
    expect((await runWith('malformed')).error).toMatch(/^the worker sent a malformed message/);
  });

  it('stops the run when a rollout folder cannot be stored, naming the file and field', async () => {
    const done = await runWith('badfolder');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^could not store rollout 0000-in_distribution-seed0-pick: .*rollout\.json: /);
    expect(readdirSync(join(projectDir, 'rollouts'))).toEqual([]);
  });
});
