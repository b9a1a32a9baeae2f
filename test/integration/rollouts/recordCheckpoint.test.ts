/**
 * A trained checkpoint (a few steps, through training.start) recorded on an evaluation suite: in process,
 * every step holds the predicted chunk, the executed action and the policy's point, box and trajectory
 * in its camera, no tensors are left behind, and the rollout replays frame-exactly; then through the
 * worker process (evaluate mode with an outDir): progress per episode, a summary, cancel, bad requests.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { forkWorker } from '../../../src/core/training/fork';
import { hashFrame } from '../../../src/shared/rollouts/frameHash';
import { RecordReply } from '../../../src/shared/rollouts/messages';
import { ROLLOUT_FILE, RolloutRecord } from '../../../src/shared/rollouts/record';
import { replayFrames, replaySpecOf } from '../../../src/sim/replay';
import { selectBackend } from '../../../src/worker/backend/select';
import { tf } from '../../../src/worker/backend/tf';
import { recordCheckpoint } from '../../../src/worker/eval/recordCheckpoint';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-rollck-'));
const projectDir = join(temp, 'project');
const size = { width: 64, height: 64 }; // sample-tiny's video size
let checkpoint = '';

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'rollouts' });
  const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
  try {
    const started = await studio.dispatch('training.start', {
      name: 'action', stage: 'action', datasetIds: [datasetId],
      config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 4, batchSize: 4, warmupSteps: 1, checkpointEvery: 4 } },
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = (started.result as { id: number }).id;
    for (const until = Date.now() + 150_000; Date.now() < until && !checkpoint; await new Promise((r) => setTimeout(r, 50))) {
      const got = await studio.dispatch('training.get', { id });
      const detail = got.ok ? (got.result as any) : undefined;
      if (detail?.run.status === 'succeeded') checkpoint = join(projectDir, detail.checkpoints.at(-1).path);
      if (['failed', 'cancelled'].includes(detail?.run.status)) throw new Error(`training ${detail.run.status}: ${detail.run.error}`);
    }
    if (!checkpoint) throw new Error('training did not end');
  } finally {
    await studio.close();
  }
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
}, 200_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

const read = (dir: string) => RolloutRecord.parse(JSON.parse(readFileSync(join(dir, ROLLOUT_FILE), 'utf8')));

describe('recording a checkpoint', () => {
  it('records chunks, executed actions and the policy\'s grounding at every step, frees its tensors and replays frame-exactly', async () => {
    const outDir = join(temp, 'inproc');
    const before = tf.memory().numTensors;
    const summary = await recordCheckpoint({
      checkpointDir: checkpoint, outDir, size, variants: ['in_distribution'], episodes: 2, seed: 5, families: ['pick'], batchSize: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({ episodes: 2, cancelled: false });
    expect(summary.variants[0]).toMatchObject({ variant: 'in_distribution', n: 2 });
    for (const name of summary.rollouts) {
      const rec = read(join(outDir, name));
      expect(rec).toMatchObject({ policyCamera: 'front', cameras: ['front', 'side'] });
      expect(rec.meta).toMatchObject({ checkpoint, seed: expect.any(Number), family: 'pick', schedule: { execute: 1 }, width: 64, height: 64 });
      for (const step of rec.steps) {
        expect(step.chunk).toHaveLength(8);
        expect(step.executed).toEqual(step.chunk![0]);
        expect(step.predicted!.point).toHaveLength(2);
        expect(step.predicted!.box).toHaveLength(4);
        expect(step.predicted!.trajectory).toHaveLength(8);
        expect([...step.predicted!.point!, ...step.predicted!.box!].every((v) => v >= 0 && v <= 1)).toBe(true);
      }
      let t = 0;
      const replay = replayFrames(replaySpecOf(rec));
      for (let next = replay.next(); !next.done; next = replay.next(), t++) {
        expect(hashFrame(next.value.images.front!), `${name} frame ${t}`).toBe(rec.steps[t]!.frameHashes!.front);
      }
      expect(t).toBe(rec.steps.length);
    }
  }, 200_000);

  it('blends the overlapping 8-action chunks with temporal ensembling', async () => {
    const outDir = join(temp, 'ensemble');
    const decay = 0.5;
    const summary = await recordCheckpoint({
      checkpointDir: checkpoint, outDir, size, variants: ['in_distribution'], episodes: 1, seed: 7, families: ['pick'], ensemble: { decay }, grounding: false,
    });
    const rec = read(join(outDir, summary.rollouts[0]!));
    expect(rec.meta.schedule).toEqual({ ensemble: { decay } });
    expect(rec.steps.length).toBeGreaterThan(3);
    expect(rec.steps.every((s) => s.chunk?.length === 8)).toBe(true);
    for (const t of [1, 2, 3]) {
      // Step t is covered by the chunks of steps 0..t (oldest first), row t - start of each.
      const rows = rec.steps.slice(0, t + 1).map((s, start) => s.chunk![t - start]!);
      const weights = rows.map((_, i) => Math.exp(-decay * i));
      const total = weights.reduce((a, b) => a + b, 0);
      const blended = rows[0]!.map((_, d) => rows.reduce((sum, row, i) => sum + (weights[i]! / total) * row[d]!, 0));
      rec.steps[t]!.executed!.forEach((v, d) => expect(v).toBeCloseTo(blended[d]!, 9));
    }
  }, 120_000);

  it('runs in the worker process: progress per episode, then the summary; cancel keeps finished rollouts', async () => {
    const run = (request: object, onMessage?: (m: RecordReply, child: ReturnType<typeof forkWorker>) => void) =>
      new Promise<RecordReply[]>((done, fail) => {
        const child = forkWorker(resolve('src/worker/main.ts'), ['evaluate', JSON.stringify(request)]);
        const messages: RecordReply[] = [];
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        child.on('message', (m) => {
          const message = RecordReply.parse(m);
          messages.push(message);
          onMessage?.(message, child);
        });
        child.on('exit', () => (messages.length ? done(messages) : fail(new Error(stderr))));
      });
    const outDir = join(temp, 'proc');
    const messages = await run({ checkpointDir: checkpoint, outDir, size, variants: ['in_distribution'], episodes: 2, families: ['pick'], execute: 4, grounding: false });
    expect(messages[0]).toMatchObject({ type: 'started', total: 2 });
    expect(messages.filter((m) => m.type === 'episode').map((m) => (m as { done: number }).done)).toEqual([1, 2]);
    const last = messages.at(-1)!;
    expect(last.type).toBe('summary');
    if (last.type !== 'summary') return;
    expect(last.summary).toMatchObject({ episodes: 2, cancelled: false });
    expect(readdirSync(outDir).sort()).toEqual([...last.summary.rollouts].sort());
    const rec = read(join(outDir, last.summary.rollouts[0]!));
    expect(rec.meta.schedule).toEqual({ execute: 4 });
    expect(rec.steps.filter((s) => s.chunk).length).toBe(Math.ceil(rec.steps.length / 4));

    const cancelDir = join(temp, 'cancelled');
    const cancelled = await run(
      { checkpointDir: checkpoint, outDir: cancelDir, size, variants: ['in_distribution'], episodes: 6, families: ['pick'], batchSize: 1, grounding: false },
      (m, child) => m.type === 'episode' && child.send({ type: 'cancel' }),
    );
    const end = cancelled.at(-1)!;
    expect(end.type).toBe('summary');
    if (end.type !== 'summary') return;
    expect(end.summary.cancelled).toBe(true);
    expect(end.summary.episodes).toBeGreaterThanOrEqual(1);
    expect(end.summary.episodes).toBeLessThan(6);
    expect(readdirSync(cancelDir).sort()).toEqual([...end.summary.rollouts].sort());
  }, 200_000);

  it('refuses a bad request before running, naming the field', async () => {
    await expect(recordCheckpoint({ checkpointDir: checkpoint, outDir: join(temp, 'bad'), variants: ['in_distribution'], episodes: 1, execute: 0 }))
      .rejects.toThrow(/execute: /);
    await expect(recordCheckpoint({ checkpointDir: checkpoint, outDir: join(temp, 'bad'), variants: ['in_distribution'], episodes: 1, execute: 9, size }))
      .rejects.toThrow(/execute: must be at most the policy's chunk of 8/);
    await expect(recordCheckpoint({ checkpointDir: checkpoint, outDir: join(temp, 'bad'), variants: ['in_distribution'], episodes: 1, execute: 2, ensemble: { decay: 0.1 } }))
      .rejects.toThrow(/ensemble: execute and ensemble exclude each other/);
  });
});
