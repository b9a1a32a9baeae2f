import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TARGET_SIZE } from '../../../shared/training/samples';
import { createTokenizer } from '../../../shared/training/tokenizer';
import type { Project } from '../../project/project';
import { recordBackend } from './manifest';
import { checkTrainingData, prepareTrainingData } from './prepare';
import { gr1Project, sampleProject, setParquetListValue, tempDir } from './testing';

let project: Project;
let datasetId: number;
let episodeIds: number[];
beforeAll(async () => {
  ({ project, datasetId } = await sampleProject());
  episodeIds = project.repos.episodes.list({ datasetId }).rows.map((r) => r.id);
}, 60_000);

function cameraId(episodeId: number, name = 'front'): number {
  return project.repos.episodes.camerasOf(episodeId).find((c) => c.name === name)!.id;
}

describe('prepareTrainingData on the tiny sample', () => {
  it('writes statistics, tokenizer, manifest and samples split by episode', async () => {
    const runDir = join(tempDir(), 'run');
    const progress: number[] = [];
    const { data, manifest } = await prepareTrainingData(
      project,
      { stage: 'action', datasetIds: [datasetId], camera: 'front', secondCamera: 'side', size: 64, valFraction: 0.25, seed: 3, groundTruth: true },
      runDir,
      { onProgress: (p) => progress.push(p.done / p.total) },
    );
    expect(progress.at(-1)).toBe(1);
    for (const file of ['training-data.json', 'tokenizer.json', 'manifest.json', 'actions.f32', 'dataset_statistics.json']) expect(existsSync(join(runDir, file))).toBe(true);

    // Split by episode: 3 train, 1 val, and no episode on both sides.
    expect(manifest.episodes.filter((e) => e.split === 'val')).toHaveLength(1);
    const valIds = new Set(manifest.episodes.filter((e) => e.split === 'val').map((e) => e.id));
    expect(data.actions.val.every((s) => valIds.has(s.episodeId))).toBe(true);
    expect(data.actions.train.some((s) => valIds.has(s.episodeId))).toBe(false);
    const frames = manifest.episodes.reduce((sum, e) => sum + e.frames, 0);
    expect(data.actions.train.length + data.actions.val.length).toBe(frames);
    expect(manifest).toMatchObject({ seed: 3, stage: 'action', backend: null, groundTruthEpisodes: episodeIds });
    expect(manifest.codeVersion).toMatch(/^st4vla-studio@0\.1\.0/);

    // InternVLA-M1's statistics: the gripper dim last and unmasked.
    const stats = JSON.parse(readFileSync(join(runDir, 'dataset_statistics.json'), 'utf8')).new_embodiment;
    expect(stats.action.mask).toEqual([true, true, true, true, true, true, false]);
    expect(stats.action_names.at(-1)).toBe('gripper');
    expect(stats).toMatchObject({ num_transitions: frames, num_trajectories: 4 });
    // The sample's gripper command is 0/1, so the 0.5 threshold keeps it as it is.
    expect([stats.action.min.at(-1), stats.action.max.at(-1)]).toEqual([0, 1]);

    // Ground truth gives every kind on every frame, normalised inside the image.
    const kinds = new Set(data.grounding.train.map((g) => g.kind));
    expect(kinds).toEqual(new Set(['point', 'box', 'trajectory']));
    for (const g of [...data.grounding.train, ...data.grounding.val]) {
      expect(g.target).toHaveLength(TARGET_SIZE[g.kind]);
      if (g.kind === 'trajectory') continue;
      for (const v of g.target) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }

    // Every instruction is in the vocabulary: no known word falls into a hash bucket.
    const tokenizer = createTokenizer(data.tokenizer);
    const first = tokenizer.encode(data.actions.train[0]!.instruction);
    for (const id of first.ids.slice(0, first.length)) expect(id).toBeLessThanOrEqual(data.tokenizer.vocab.length);
    expect(data.tokenizer.vocab).toContain('trajectory');

    const withBackend = recordBackend(runDir, 'tfjs-node');
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'))).toMatchObject({ backend: 'tfjs-node', contentHash: manifest.contentHash });
    expect(withBackend.episodes).toEqual(manifest.episodes);
  }, 60_000);

  it('grounds annotation tracks on keyframes and interpolated frames, and hashes what it used', async () => {
    const [episodeId] = episodeIds;
    const labelClassId = project.repos.labels.insert({ name: 'carrot', color: '#f80' });
    const trackId = project.repos.annotations.insert({
      episodeId: episodeId!, cameraId: cameraId(episodeId!), kind: 'point', frameStart: 2, frameEnd: 6, isTrack: true, labelClassId,
      geometry: { keyframes: [{ frame: 2, value: { x: 10, y: 20, role: 'other' }, source: 'manual' }, { frame: 6, value: { x: 30, y: 20, role: 'other' }, source: 'manual' }] },
      source: 'manual', author: 'test',
    });
    project.repos.annotations.insert({
      episodeId: episodeId!, cameraId: cameraId(episodeId!), kind: 'box', frameStart: 4, geometry: { x1: 8, y1: 8, x2: 24, y2: 40 },
      query: 'Where is the black carrot?', source: 'manual', author: 'test',
    });
    const config = { stage: 'grounding', datasetIds: [datasetId], camera: 'front', size: 64, seed: 1 };
    const runDir = join(tempDir(), 'run');
    const { data, manifest } = await prepareTrainingData(project, config, runDir);
    const all = [...data.grounding.train, ...data.grounding.val];
    const track = all.filter((s) => s.source === trackId);
    expect(track.map((s) => s.frame)).toEqual([2, 3, 4, 5, 6]);
    expect(track[0]!.target).toEqual([10 / 64, 20 / 64]);
    expect(track[2]!.target[0]).toBeCloseTo(20 / 64, 5);
    expect(track[0]!.query).toMatch(/carrot/);
    expect(all.find((s) => s.kind === 'box')).toMatchObject({ frame: 4, query: 'Where is the black carrot?', target: [0.125, 0.125, 0.375, 0.625] });
    expect(manifest.annotations.map((a) => a.id)).toContain(trackId);
    expect(manifest.annotations).toHaveLength(2);
    expect(data.statistics).toBeNull();
    expect(existsSync(join(runDir, 'dataset_statistics.json'))).toBe(false);

    // An edit to a used annotation changes the hashes; an unchanged project gives the same content hash.
    const again = await prepareTrainingData(project, config, join(tempDir(), 'run'));
    expect(again.manifest.contentHash).toBe(manifest.contentHash);
    project.repos.annotations.update(trackId, { frameEnd: 5 }, Date.now() + 1000);
    const edited = await prepareTrainingData(project, config, join(tempDir(), 'run'));
    expect(edited.manifest.annotationsHash).not.toBe(manifest.annotationsHash);
    expect(edited.manifest.contentHash).not.toBe(manifest.contentHash);
  }, 60_000);

  it('refuses bad input with a message naming the field, before any decoding', async () => {
    const fresh = await sampleProject();
    const run = (config: unknown) => checkTrainingData(fresh.project, config);
    const base = { stage: 'grounding', datasetIds: [fresh.datasetId], camera: 'front' };
    await expect(run(base)).rejects.toThrow(/no grounding data for stage 1 in the 4 selected episodes: .*turn on groundTruth/);
    await expect(run({ ...base, datasetIds: [] })).rejects.toThrow(/training data config: datasetIds: /);
    await expect(run({ ...base, episodeIds: [9999] })).rejects.toThrow(/episodeIds: 9999 not in datasets/);
    await expect(run({ ...base, size: 32 })).rejects.toThrow(/size: /);
    await expect(run({ ...base, camera: 'wrist', groundTruth: true })).rejects.toThrow(/no camera "wrist"/);
    await expect(run({ ...base, groundTruth: true })).resolves.toMatchObject({ config: { groundTruth: true } });
    expect(existsSync(join(fresh.project.paths.media, 'training-cache'))).toBe(false);
  }, 60_000);
});

describe('prepareTrainingData on the GR1 fixture', () => {
  it('names the episode and frame of a NaN action before building any cache', async () => {
    const { project: gr1, datasetId: id } = await gr1Project((copy) =>
      setParquetListValue(join(copy, 'data/chunk-000/episode_000002.parquet'), 'action', 37, 5, Number.NaN),
    );
    const run = prepareTrainingData(gr1, { stage: 'action', datasetIds: [id], camera: 'ego_view', size: 64 }, join(tempDir(), 'run'));
    await expect(run).rejects.toThrow(/action of episode 2 of dataset "gr1" \(id \d+\) at frame 37 is NaN in dimension "motor_5"/);
    expect(existsSync(join(gr1.paths.media, 'training-cache'))).toBe(false);
  }, 60_000);

  it('prepares the clean fixture: 44 motor dims with no gripper, all q01/q99 mapped', async () => {
    const { project: gr1, datasetId: id } = await gr1Project();
    const checked = await checkTrainingData(gr1, { stage: 'action', datasetIds: [id], camera: 'ego_view' });
    expect(checked.actions!.dimNames).toHaveLength(44);
    expect(checked.actions!.statistics.mask.every(Boolean)).toBe(true);
    expect(checked.warnings.join('\n')).toMatch(/no grounding data: stage 2 trains on actions alone/);
  }, 60_000);
});
