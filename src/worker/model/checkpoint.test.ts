import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { AdamW, DEFAULT_ADAMW } from '../train/optim';
import { stage2Step } from '../train/policy-step';
import { loadCheckpoint, saveCheckpoint, type ModelJson } from './checkpoint';
import { ARCHITECTURE_ID, policyConfig } from './config';
import { createPolicy } from './policy';
import { disposeBatch, randomActionBatch, randomGroundingBatch, TINY } from './testing';

let root: string;
beforeAll(async () => {
  expect((await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] })).name).toBe('wasm');
  root = await mkdtemp(join(tmpdir(), 'st4vla-checkpoint-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tokenizer = { vocab: ['<pad>', 'put', 'the', 'cube'], padId: 0 };
const statistics = { action: { mean: [0, 0, 0, 0, 0, 0, 0.5], std: [1, 1, 1, 1, 1, 1, 0.5] } };

describe('checkpoints', () => {
  it('save then load gives identical outputs, config, prompt, tokenizer, statistics and optimizer state', async () => {
    const policy = createPolicy(TINY, 11);
    const optimizer = new AdamW(policy.params.list, { ...DEFAULT_ADAMW, warmupSteps: 2 });
    const batch = randomActionBatch(TINY, 4, 12);
    const grounding = randomGroundingBatch(TINY, 4, 'box', 13);
    // Trained a little, so the saved weights are not the seed's initial ones.
    for (let i = 0; i < 3; i++) stage2Step(policy, optimizer, batch, grounding, { seed: i });
    const dir = join(root, 'saved');
    await saveCheckpoint(dir, policy, { tokenizer, statistics, optimizer: optimizer.getState(), info: { step: 3 } });
    const loaded = await loadCheckpoint(dir, { expect: TINY });
    expect(loaded.policy.config).toEqual(TINY);
    expect(loaded.promptTemplate).toBe('Your task is {instruction}. Locate the key objects for your task.');
    expect(loaded.tokenizer).toEqual(tokenizer);
    expect(loaded.statistics).toEqual(statistics);
    expect(loaded.info).toEqual({ step: 3 });
    const before = policy.predictActions(batch, { seed: 5 });
    const after = loaded.policy.predictActions(batch, { seed: 5 });
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    const box1 = policy.predictGrounding(batch, 'box');
    const box2 = loaded.policy.predictGrounding(batch, 'box');
    expect(Array.from(box2.dataSync())).toEqual(Array.from(box1.dataSync()));
    expect(loaded.optimizer).toEqual(optimizer.getState());

    // Model files in the tfjs layers-format layout.
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJson;
    expect(json.format).toBe('st4vla-policy');
    expect(json.modelTopology.architecture).toBe(ARCHITECTURE_ID);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights[0]).toEqual({ name: 'core/vision/patch/kernel', shape: [4, 4, 3, 32], dtype: 'float32' });
    expect((await readFile(join(dir, 'weights.bin'))).length).toBe(policy.params.size() * 4);

    tf.dispose([before, after, box1, box2]);
    disposeBatch(batch);
    disposeBatch(grounding);
    optimizer.dispose();
    policy.dispose();
    loaded.policy.dispose();
  });

  it('refuses a checkpoint of another size, naming the fields, before building anything', async () => {
    const small = createPolicy(TINY, 1);
    const dir = join(root, 'small');
    await saveCheckpoint(dir, small);
    small.dispose();
    const wider = policyConfig({ ...TINY, width: 64, expert: { ...TINY.expert, layers: 2 } });
    const tensors = tf.memory().numTensors;
    await expect(loadCheckpoint(dir, { expect: wider })).rejects.toThrow(
      `Checkpoint ${dir} has a different architecture from this run's model: width 32 ≠ 64, expert.layers 1 ≠ 2 (checkpoint ≠ expected)`,
    );
    expect(tf.memory().numTensors).toBe(tensors);
    // Fields that change no weight may differ.
    const resampled = policyConfig({ ...TINY, expert: { ...TINY.expert, sampleSteps: 10 }, groundingWeight: 0.5 });
    const ok = await loadCheckpoint(dir, { expect: resampled });
    ok.policy.dispose();
  });

  it('refuses another architecture, a Keras model, edited weights and a truncated weight file with clear messages', async () => {
    const policy = createPolicy(TINY, 1);
    const dir = join(root, 'edited');
    await saveCheckpoint(dir, policy);
    policy.dispose();
    const original = await readFile(join(dir, 'model.json'), 'utf8');
    const edit = async (change: (j: ModelJson & Record<string, unknown>) => void) => {
      const j = JSON.parse(original);
      change(j);
      await writeFile(join(dir, 'model.json'), JSON.stringify(j));
    };
    const tensors = tf.memory().numTensors;

    await edit((j) => (j.modelTopology.architecture = 'conv-mlp/1'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`Checkpoint ${dir} is architecture "conv-mlp/1"; this code builds ${ARCHITECTURE_ID} and cannot load it`);

    await edit((j) => ((j as Record<string, unknown>).format = 'layers-model'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`Checkpoint ${dir} is a TensorFlow.js Keras layers model, not an st4vla-policy checkpoint`);

    await edit((j) => (j.weightsManifest[0]!.weights[1]!.shape = [33]));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`Checkpoint ${dir}: weights.bin has`);

    await edit((j) => {
      j.weightsManifest[0]!.weights[1]!.name = 'core/vision/patch/offset';
    });
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      `Checkpoint ${dir} does not match architecture ${ARCHITECTURE_ID}: weight core/vision/patch/offset [32] where this code has core/vision/patch/bias [32]`,
    );

    await edit(() => {});
    const weights = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), weights.subarray(0, weights.length - 8));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/weights.bin has \d+ bytes, the manifest needs \d+ \(truncated or from another save\)/);

    await expect(loadCheckpoint(join(root, 'nowhere'))).rejects.toThrow(`No checkpoint in ${join(root, 'nowhere')}: model.json is missing`);
    // Every refusal released whatever it had built.
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
