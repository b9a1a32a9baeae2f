/**
 * A checkpoint of a few training steps (the real worker, through training.start) acting in the tabletop
 * environment: a closed-loop episode to its end with actions the env accepts, one model call per
 * chunk and no tensors left behind; then the suite's success per variant beside the random policy's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { TabletopEnv } from '../../../src/sim/env';
import { ACTION_LIMITS } from '../../../src/sim/physics';
import { selectBackend } from '../../../src/worker/backend/select';
import { tf } from '../../../src/worker/backend/tf';
import { evaluatePolicy } from '../../../src/worker/eval/evaluate';
import { createCheckpointPolicy, loadCheckpointPolicy, runnerCameras } from '../../../src/worker/eval/policyRunner';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-eval-'));
const projectDir = join(temp, 'project');
const source = { width: 64, height: 64 }; // sample-tiny's video size
let stage1 = '';
let stage2 = '';

async function trainRun(studio: Awaited<ReturnType<typeof createStudio>>, datasetId: number, stage: 'grounding' | 'action'): Promise<string> {
  const started = await studio.dispatch('training.start', {
    name: stage, stage, datasetIds: [datasetId],
    config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 4, batchSize: 4, warmupSteps: 1, checkpointEvery: 4 } },
  });
  if (!started.ok) throw new Error(started.error.message);
  const id = (started.result as { id: number }).id;
  for (const until = Date.now() + 120_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const got = await studio.dispatch('training.get', { id });
    const detail = got.ok ? (got.result as any) : undefined;
    if (detail?.run.status === 'succeeded') return join(projectDir, detail.checkpoints.at(-1).path);
    if (['failed', 'cancelled'].includes(detail?.run.status)) throw new Error(`run ${stage} ${detail.run.status}: ${detail.run.error}`);
  }
  throw new Error(`run ${stage} did not end`);
}

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'eval' });
  const datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
  try {
    stage1 = await trainRun(studio, datasetId, 'grounding');
    stage2 = await trainRun(studio, datasetId, 'action');
  } finally {
    await studio.close();
  }
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
}, 180_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a checkpoint acting in the tabletop environment', () => {
  it('runs a closed-loop episode to its end: 7-dim actions within limits, one model call per chunk, no tensor growth', async () => {
    const loaded = await loadCheckpointPolicy(stage2);
    expect(loaded).toMatchObject({ camera: 'front', imageSize: 64, chunk: 8 });
    // The sample's episodes carry the gripper state: stage 2 trains with it and the runner feeds the env's.
    expect(loaded.model.config.stateDim).toBe(7);
    expect(loaded.statistics.state!.names).toEqual(['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_opening']);
    expect(loaded.promptTemplate).toContain('Locate the key objects');
    let calls = 0;
    const predict = loaded.model.predictActions;
    loaded.model.predictActions = (...args) => (calls++, predict(...args));
    try {
      const policy = createCheckpointPolicy(loaded, { source, execute: 8 });
      const env = new TabletopEnv({ cameras: runnerCameras(loaded, { source }) });
      let { observation, info } = env.reset(3, 'in_distribution');
      let tensors = -1;
      let steps = 0;
      for (let done = false; !done; steps++) {
        const [action] = await policy([observation], { slots: [{ episodeId: 0, step: env.stepCount, info, scene: env.scene }] });
        expect(action).toHaveLength(7);
        expect(action!.slice(0, 3).every((v) => Number.isFinite(v) && Math.abs(v) <= ACTION_LIMITS.translation)).toBe(true);
        expect([0, 1]).toContain(action![6]);
        if (tensors < 0) tensors = tf.memory().numTensors;
        expect(tf.memory().numTensors).toBe(tensors);
        const result = env.step(action);
        observation = result.observation;
        done = result.done;
      }
      expect(steps).toBe(env.stepCount);
      expect(steps).toBeGreaterThan(8);
      expect(calls).toBe(Math.ceil(steps / 8));
      // A new episode in the same slot starts a fresh chunk rather than finishing the old one.
      ({ observation, info } = env.reset(4, 'in_distribution'));
      const before = calls;
      await policy([observation], { slots: [{ episodeId: 1, step: 0, info, scene: env.scene }] });
      expect(calls).toBe(before + 1);
    } finally {
      loaded.dispose();
    }
  });

  it('evaluates per variant with Wilson intervals beside the random policy, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await evaluatePolicy(stage2, { variants: ['in_distribution', 'unseen_positions'], episodes: 3, seed: 0, source });
    expect(tf.memory().numTensors).toBe(before);
    for (const rows of [result.policy, result.random!]) {
      expect(rows.map((r) => [r.variant, r.n])).toEqual([['in_distribution', 3], ['unseen_positions', 3]]);
      for (const r of rows) {
        expect(r.rate).toBe(r.successes / r.n);
        expect(r.ci[0]).toBeLessThanOrEqual(r.rate);
        expect(r.ci[1]).toBeGreaterThanOrEqual(r.rate);
      }
    }
    console.log(`4-step checkpoint vs random, success: ${result.policy.map((r, i) => `${r.variant} ${r.successes}/${r.n} vs ${result.random![i]!.successes}/${result.random![i]!.n}`).join('; ')}; ${result.meanSteps.toFixed(0)} steps/episode, ${result.seconds.toFixed(1)} s`);
  });

  it('evaluates on the task families it is given, in turn', async () => {
    const families: string[] = [];
    await evaluatePolicy(stage2, { variants: ['in_distribution'], episodes: 3, seed: 0, source, random: false, families: ['push', 'pick'], onEpisode: (e) => families.push(e.task.family) });
    expect(families.sort()).toEqual(['pick', 'push', 'push']);
  });

  it('refuses a stage-1 checkpoint, which has no action statistics', async () => {
    const before = tf.memory().numTensors;
    await expect(loadCheckpointPolicy(stage1)).rejects.toThrow(/no action statistics: only a stage-2 \(action\) checkpoint can act/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
