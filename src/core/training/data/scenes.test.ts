import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { FrameCacheIndex } from '../../../shared/training/frameCache';
import type { Project } from '../../project/project';
import { checkTrainingData, prepareTrainingData } from './prepare';
import { SCENES_PER_FILE } from './scenes';
import { gr1Project, sampleProject, tempDir } from './testing';

let project: Project;
let datasetId: number;
beforeAll(async () => {
  ({ project, datasetId } = await sampleProject());
}, 60_000);

const config = (extra: object = {}) => ({ stage: 'grounding', datasetIds: [datasetId], camera: 'front', secondCamera: 'side', size: 64, valFraction: 0.25, seed: 5, scenes: 150, ...extra });

it('adds rendered scenes as grounding data for training only, in the frame cache format, for every camera, and reuses them', async () => {
  const progress: { done: number; total: number }[] = [];
  const { data, manifest } = await prepareTrainingData(project, config(), join(tempDir(), 'run'), { onProgress: (p) => progress.push(p) });
  const scenes = data.grounding.train.filter((g) => g.episodeId < 0);
  // A point and a box per scene (a box only when the object is in view), none in validation.
  expect(scenes.filter((g) => g.kind === 'point')).toHaveLength(150);
  expect(scenes.filter((g) => g.kind === 'box').length).toBeGreaterThan(140);
  expect(data.grounding.val.some((g) => g.episodeId < 0)).toBe(false);
  expect(new Set(scenes.map((g) => g.episodeId))).toEqual(new Set([-1, -2]));
  expect(manifest.scenes).toEqual({ count: 150, seed: 5, samples: scenes.length });
  expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);

  // Each scene's point sits inside its box, and the query names the scene's own instruction.
  const boxes = new Map(scenes.filter((g) => g.kind === 'box').map((g) => [g.source, g.target]));
  for (const point of scenes.filter((g) => g.kind === 'point')) {
    const box = boxes.get(point.source);
    if (!box) continue;
    expect(point.target[0]).toBeGreaterThanOrEqual(box[0]!);
    expect(point.target[0]).toBeLessThanOrEqual(box[2]!);
    expect(point.target[1]).toBeGreaterThanOrEqual(box[1]!);
    expect(point.target[1]).toBeLessThanOrEqual(box[3]!);
  }
  expect(new Set(scenes.map((g) => g.query)).size).toBeGreaterThan(50);

  // Both views list the corpus beside the dataset's cache; its frames are real, different images.
  expect(data.views.map((v) => v.caches.map((c) => c.datasetId))).toEqual([[datasetId, 0], [datasetId, 0]]);
  for (const view of data.views) {
    const dir = view.caches.find((c) => c.datasetId === 0)!.dir;
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as FrameCacheIndex;
    expect(index).toMatchObject({ camera: view.camera, size: 64, datasetId: 0 });
    expect(index.episodes.map((e) => [e.episodeId, e.frames])).toEqual([[-1, SCENES_PER_FILE], [-2, 50]]);
    const bytes = readFileSync(join(dir, index.episodes[0]!.file));
    expect(bytes.length).toBe(SCENES_PER_FILE * 64 * 64 * 3);
    const frame = (k: number) => bytes.subarray(k * 64 * 64 * 3, (k + 1) * 64 * 64 * 3);
    expect(Buffer.compare(frame(0), frame(1))).not.toBe(0);
    expect(new Set(frame(0)).size).toBeGreaterThan(20);
  }

  // A second run asking the same finds the corpus and renders nothing.
  const file = join(data.views[0]!.caches.find((c) => c.datasetId === 0)!.dir, 'scenes-0000.u8');
  const before = statSync(file).mtimeMs;
  const again = await prepareTrainingData(project, config(), join(tempDir(), 'run'));
  expect(statSync(file).mtimeMs).toBe(before);
  expect(again.data.grounding.train.filter((g) => g.episodeId < 0)).toEqual(scenes);
  // Another seed is another corpus.
  const other = await prepareTrainingData(project, config({ seed: 6 }), join(tempDir(), 'run'));
  expect(other.data.grounding.train.find((g) => g.episodeId < 0)!.query === scenes[0]!.query && other.data.grounding.train.find((g) => g.episodeId < 0)!.target.join() === scenes[0]!.target.join()).toBe(false);
}, 120_000);

it('refuses scenes for data the environment did not make, before rendering anything', async () => {
  const { project: gr1, datasetId: id } = await gr1Project();
  const camera = gr1.repos.episodes.camerasOf(gr1.repos.episodes.list({ datasetId: id }).rows[0]!.id)[0]!.name;
  await expect(checkTrainingData(gr1, { stage: 'grounding', datasetIds: [id], camera, scenes: 10 })).rejects.toThrow(/^scenes: rendered scenes come from the built-in environment, whose cameras are front, side/);
  await expect(checkTrainingData(project, config({ scenes: -1 }))).rejects.toThrow(/scenes/);
  await expect(checkTrainingData(project, config({ scenes: 20_001 }))).rejects.toThrow(/scenes/);
}, 60_000);
