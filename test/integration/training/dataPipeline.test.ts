/**
 * The training data pipeline end to end on the tiny sample: the host prepares a run folder (frame
 * caches, statistics, samples), the worker side opens it and builds the batches of a stage-2 step.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../../../src/core/training/data/prepare';
import { sampleProject, tempDir } from '../../../src/core/training/data/testing';
import { DEFAULT_AUGMENT } from '../../../src/worker/data/augment';
import { actionBatch, groundingBatch, MAX_TARGET } from '../../../src/worker/data/batches';
import { loadTrainingSet, type TrainingSet } from '../../../src/worker/data/load';
import { batchStream } from '../../../src/worker/data/order';

let set: TrainingSet;
let sampleDataset: number;
beforeAll(async () => {
  const { project, datasetId } = await sampleProject();
  sampleDataset = datasetId;
  const runDir = join(tempDir(), 'run');
  await prepareTrainingData(
    project,
    { stage: 'action', datasetIds: [datasetId], camera: 'front', secondCamera: 'side', size: 64, valFraction: 0.25, seed: 3, groundTruth: true },
    runDir,
  );
  set = loadTrainingSet(runDir);
}, 60_000);

function stepBatches(step: number) {
  const ctx = { views: set.views, tokenizer: set.data.tokenizer, seed: set.data.seed, augment: DEFAULT_AUGMENT };
  const actions = batchStream(set.data.actions.train.length, 4, set.data.seed, 0).at(step);
  const grounding = batchStream(set.data.grounding.train.length, 4, set.data.seed, 1).at(step);
  return {
    action: actionBatch(set.data.actions.train, actions.indices, set.actions!, ctx, step),
    grounding: groundingBatch(set.data.grounding.train, grounding.indices, { ...ctx, views: set.views.slice(0, 1) }, step),
  };
}

describe('training data pipeline', () => {
  it('gives a stage-2 step one action batch of both cameras and one grounding batch', () => {
    expect(set.views).toHaveLength(2);
    // Every sample's episode is known to its dataset, which the worker weights datasets by.
    for (const s of [...set.data.actions.train, ...set.data.grounding.val]) expect(set.datasetOf.get(s.episodeId)).toBe(sampleDataset);
    const { action, grounding } = stepBatches(5);
    expect(action.images.length).toBe(4 * 2 * 64 * 64 * 3);
    expect(action.actions.length).toBe(4 * 8 * 7);
    for (const v of action.actions) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    // The gripper channel (last) is binary.
    for (let i = 6; i < action.actions.length; i += 7) expect([0, 1]).toContain(action.actions[i]);
    expect(action.images.some((v) => v > 0.05)).toBe(true);
    expect(grounding.kinds.length).toBe(4);
    expect(grounding.targets.length).toBe(4 * MAX_TARGET);
  });

  it('repeats a step exactly, as a resumed run needs', () => {
    const a = stepBatches(11);
    const b = stepBatches(11);
    expect(b.action.images).toEqual(a.action.images);
    expect(b.action.actions).toEqual(a.action.actions);
    expect(b.grounding.targets).toEqual(a.grounding.targets);
    expect(stepBatches(12).action.images).not.toEqual(a.action.images);
  });

  it('keeps validation episodes out of every training batch', () => {
    const valEpisodes = new Set(set.data.actions.val.map((s) => s.episodeId));
    expect(valEpisodes.size).toBe(1);
    expect(set.data.actions.train.some((s) => valEpisodes.has(s.episodeId))).toBe(false);
    expect(set.data.grounding.train.some((s) => valEpisodes.has(s.episodeId))).toBe(false);
  });
});

describe('rendered grounding scenes in the pipeline', () => {
  it('are read by the worker like cached frames, both cameras, and a scene\'s red target is red where its point says', async () => {
    const { project, datasetId } = await sampleProject();
    const runDir = join(tempDir(), 'run');
    await prepareTrainingData(project, { stage: 'grounding', datasetIds: [datasetId], camera: 'front', secondCamera: 'side', size: 64, seed: 1, scenes: 200 }, runDir);
    const scenes = loadTrainingSet(runDir);
    const samples = scenes.data.grounding.train;
    const picks = samples.map((s, i) => [s, i] as const).filter(([s]) => s.episodeId < 0 && s.kind === 'point').map(([, i]) => i);
    expect(picks).toHaveLength(200);
    expect(scenes.datasetOf.get(-1)).toBe(0);
    const batch = groundingBatch(samples, picks.slice(0, 8), { views: scenes.views, tokenizer: scenes.data.tokenizer, seed: 1 }, 0);
    expect(batch.images.length).toBe(8 * 2 * 64 * 64 * 3);
    // The frames differ between scenes and between the two cameras of a scene.
    const view = (slot: number, v: number) => batch.images.subarray((slot * 2 + v) * 64 * 64 * 3, (slot * 2 + v + 1) * 64 * 64 * 3);
    expect(view(0, 0)).not.toEqual(view(1, 0));
    expect(view(0, 0)).not.toEqual(view(0, 1));
    // The labels belong to these frames: the pixel at a scene's point is an object's, not the table's
    // (the commonest colour of the frame).
    const all = groundingBatch(samples, picks.slice(0, 40), { views: scenes.views.slice(0, 1), tokenizer: scenes.data.tokenizer, seed: 1 }, 0);
    const onObjectAt = (shift: number) => picks.slice(0, 40).filter((_, slot) => {
      const frame = all.images.subarray(slot * 64 * 64 * 3, (slot + 1) * 64 * 64 * 3);
      const counts = new Map<string, number>();
      for (let i = 0; i < frame.length; i += 3) {
        const key = [0, 1, 2].map((c) => Math.round(frame[i + c]! * 10)).join();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const table = [...counts].sort((a, b) => b[1] - a[1])[0]![0].split(',').map((v) => Number(v) / 10);
      const [x, y] = [0, 1].map((c) => (Math.floor(all.targets[slot * MAX_TARGET + c]! * 64) + shift) % 64) as [number, number];
      const at = (y * 64 + x) * 3;
      return Math.max(...[0, 1, 2].map((c) => Math.abs(frame[at + c]! - table[c]!))) > 0.15;
    }).length;
    expect(onObjectAt(0)).toBeGreaterThanOrEqual(34);
    // A quarter of the image away, the same test finds mostly table.
    expect(onObjectAt(16)).toBeLessThan(20);
  }, 60_000);
});
