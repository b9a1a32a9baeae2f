/**
 * A policy of two cameras end to end on the tiny sample: training.start with data.secondCamera (refused
 * when it is the primary), the real worker training stage 2 on front + side (alone and as ST4VLA's chain),
 * a checkpoint that says its cameras, the runner feeding both rendered frames to it in the environment and the recording evaluation
 * answering grounding in the primary camera; and a two-camera checkpoint refused where one camera is given.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject } from '../../../src/core/project/project';
import { buildSample } from '../../../src/core/samples/sampleProject';
import { createStudio } from '../../../src/core/studio';
import { TINY_SAMPLE } from '../../../src/core/training/data/testing';
import { ROLLOUT_FILE, RolloutRecord } from '../../../src/shared/rollouts/record';
import { TRAINING_DATA_FILE, type TrainingData } from '../../../src/shared/training/dataset';
import { makeCameras } from '../../../src/sim/camera';
import { TabletopEnv } from '../../../src/sim/env';
import { selectBackend } from '../../../src/worker/backend/select';
import { tf } from '../../../src/worker/backend/tf';
import { evaluatePolicy } from '../../../src/worker/eval/evaluate';
import { createCheckpointPolicy, loadCheckpointPolicy, runnerCameras } from '../../../src/worker/eval/policyRunner';
import { recordCheckpoint } from '../../../src/worker/eval/recordCheckpoint';
import { readModelJson } from '../../../src/worker/model/checkpoint';
import { studioCalls } from './studioCalls';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const temp = mkdtempSync(join(tmpdir(), 'st4vla-cam2-'));
const projectDir = join(temp, 'project');
const source = { width: 64, height: 64 }; // sample-tiny's video size
let studio: Studio;
let datasetId = 0;
let run: any;
let checkpoint: { id: number; dir: string };
const { call, until, ended } = studioCalls(() => studio as never, 150_000);

const startInput = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'two cameras', stage: 'action', datasetIds: [datasetId],
  config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true, ...data }, hyperparameters: { steps: 4, batchSize: 4, warmupSteps: 1, checkpointEvery: 4, evalEvery: 4 } },
  ...extra,
});

beforeAll(async () => {
  const project = createProject(projectDir, { name: 'two cameras' });
  datasetId = await buildSample(project, () => undefined, TINY_SAMPLE);
  closeProject(project);
  studio = await createStudio({ shell: 'web', dataDir: temp, projectDir });
  const started = await call('training.start', startInput({ secondCamera: 'side' }));
  run = await ended(started.id);
  if (run.run.status !== 'succeeded') throw new Error(`the two-camera run ${run.run.status}: ${run.run.error}`);
  const last = run.checkpoints.at(-1);
  checkpoint = { id: last.id, dir: join(projectDir, last.path) };
  await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
}, 200_000);

afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('a second camera in the training loop', () => {
  it('training.start refuses a second camera equal to the primary, naming the field, and starts nothing', async () => {
    const before = (await call('training.list', {})).length;
    const refused = await studio.dispatch('training.start', startInput({ secondCamera: 'front' }));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/config\.data\.secondCamera: must be another camera than camera/);
    const missing = await studio.dispatch('training.start', startInput({ secondCamera: 'wrist' }));
    expect(!missing.ok && missing.error.message).toMatch(/secondCamera: episode \d+ of dataset \d+ has no camera "wrist" \(it has "front", "side"\)/);
    expect((await call('training.list', {})).length).toBe(before);
  });

  it('trains stage 2 on front + side: two views in the run folder, a model of two cameras that records them', async () => {
    const data = JSON.parse(readFileSync(join(projectDir, run.run.runDir, TRAINING_DATA_FILE), 'utf8')) as TrainingData;
    expect(data.views.map((v) => v.camera)).toEqual(['front', 'side']);
    const json = await readModelJson(checkpoint.dir);
    expect(json.modelTopology.config.cameras).toBe(2);
    expect(json.userDefinedMetadata.info).toMatchObject({ cameras: ['front', 'side'], stage: 'action' });
    // Action and grounding batches both went through the two-camera model, and validation too.
    const names = (await call('training.metrics', { runId: run.run.id })).map((s: any) => s.name);
    expect(names).toEqual(expect.arrayContaining(['loss/action', 'loss/point', 'loss/box', 'val/action_l1', 'val/point_acc']));
  });

  it('runs the ST4VLA chain on both cameras: stage 2 continues stage 1\'s two-camera checkpoint', async () => {
    const input = startInput({ secondCamera: 'side' });
    const stage1 = await call('training.start', { ...input, name: 'chain', config: { ...input.config, recipe: 'st4vla', hyperparameters: { ...input.config.hyperparameters, steps: 6, evalEvery: 0 } } });
    expect((await ended(stage1.id)).run.status).toBe('succeeded');
    const child = await until('the chain\'s stage 2', async () => (await call('training.list', {})).find((r: any) => r.parentRunId === stage1.id));
    const stage2 = await ended(child.id);
    expect(stage2.run.status, stage2.run.error).toBe('succeeded');
    for (const detail of [await call('training.get', { id: stage1.id }), stage2]) {
      const json = await readModelJson(join(projectDir, detail.checkpoints.at(-1).path));
      expect([json.modelTopology.config.cameras, json.userDefinedMetadata.info.cameras]).toEqual([2, ['front', 'side']]);
    }
  });

  it('acts in the environment with both cameras rendered and fed, and evaluates per variant', async () => {
    const loaded = await loadCheckpointPolicy(checkpoint.dir);
    try {
      expect(loaded).toMatchObject({ camera: 'front', cameras: ['front', 'side'], imageSize: 64 });
      const cameras = runnerCameras(loaded, { source });
      expect(cameras.map((c) => c.name)).toEqual(['front', 'side']);
      const seen: number[][] = [];
      const predict = loaded.model.predictActions;
      loaded.model.predictActions = (batch, options) => {
        const pixels = batch.images.arraySync() as number[][][][][];
        // The two views of one moment: the side camera's frame is not the front's.
        seen.push([...batch.images.shape, pixels[0]![0]!.flat(2).reduce((a, b) => a + b, 0) === pixels[0]![1]!.flat(2).reduce((a, b) => a + b, 0) ? 0 : 1]);
        return predict(batch, options);
      };
      const policy = createCheckpointPolicy(loaded, { source, execute: 8 });
      const env = new TabletopEnv({ cameras });
      const { observation, info } = env.reset(3, 'in_distribution');
      const [action] = await policy([observation], { slots: [{ episodeId: 0, step: 0, info, scene: env.scene }] });
      expect(action).toHaveLength(7);
      expect(seen).toEqual([[1, 2, 64, 64, 3, 1]]);
    } finally {
      loaded.dispose();
    }

    const before = tf.memory().numTensors;
    const result = await evaluatePolicy(checkpoint.dir, { variants: ['in_distribution'], episodes: 2, seed: 0, source, random: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.policy.map((r) => [r.variant, r.n])).toEqual([['in_distribution', 2]]);
  });

  it('records an evaluation: every camera filmed, grounding answered in the primary camera', async () => {
    const outDir = join(temp, 'rollouts');
    const summary = await recordCheckpoint({ checkpointDir: checkpoint.dir, outDir, size: source, variants: ['in_distribution'], episodes: 1, seed: 2, families: ['pick'], batchSize: 1, execute: 4 });
    expect(summary.episodes).toBe(1);
    const record = RolloutRecord.parse(JSON.parse(readFileSync(join(outDir, summary.rollouts[0]!, ROLLOUT_FILE), 'utf8')));
    expect(record).toMatchObject({ policyCamera: 'front', cameras: ['front', 'side'] });
    const asked = record.steps.filter((s) => s.chunk);
    expect(asked.length).toBeGreaterThan(0);
    for (const step of asked) {
      expect(step.predicted!.point).toHaveLength(2);
      expect(step.predicted!.box).toHaveLength(4);
    }
  }, 120_000);

  it('refuses a two-camera checkpoint where only one camera is given', async () => {
    // Copied away from its run folder and without the cameras in its info, nothing names the second camera.
    const bare = join(temp, 'bare');
    cpSync(checkpoint.dir, bare, { recursive: true });
    const modelJson = JSON.parse(readFileSync(join(bare, 'model.json'), 'utf8'));
    delete modelJson.userDefinedMetadata.info.cameras;
    writeFileSync(join(bare, 'model.json'), JSON.stringify(modelJson));
    const before = tf.memory().numTensors;
    await expect(loadCheckpointPolicy(bare, { camera: 'front' })).rejects.toThrow(`checkpoint ${bare} takes 2 cameras, only "front" is given: pass the second camera too`);
    expect(tf.memory().numTensors).toBe(before);
    const given = await loadCheckpointPolicy(bare, { camera: 'front', secondCamera: 'side' });
    expect(given.cameras).toEqual(['front', 'side']);

    // An environment rendering only the primary camera: the runner names the missing one.
    const policy = createCheckpointPolicy(given, { source });
    const env = new TabletopEnv({ cameras: makeCameras(64, 64).filter((c) => c.name === 'front') });
    const { observation, info } = env.reset(1, 'in_distribution');
    try {
      expect(() => policy([observation], { slots: [{ episodeId: 0, step: 0, info, scene: env.scene }] })).toThrow('the observation has no image of camera "side" (it has "front"); the policy takes "front" + "side"');
    } finally {
      given.dispose();
    }

    // A run of one camera cannot start from it: refused at the door, naming the field to set.
    const refused = await studio.dispatch('training.start', startInput({}, { initCheckpointId: checkpoint.id }));
    expect(!refused.ok && refused.error.message).toMatch(
      new RegExp(`data\\.secondCamera: checkpoint ${checkpoint.id} \\(run "two cameras"\\) takes 2 cameras \\("front" \\+ "side"\\), this run gives 1 \\("front"\\); set data\\.secondCamera to "side"`),
    );
  });
});
