import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../../sim/camera';
import type { CameraSpec, Vec3 } from '../../../sim/types';
import { probeFrameCount } from '../../media/ffmpeg';
import type { SimBackend } from './backend';
import { parseDefinition } from './definition';
import { groundTruthPath, videoPath } from './layout';
import { syntheticBackend, syntheticEpisode } from './syntheticBackend';
import { readParquetRows, verifySimDataset } from './verify';
import { writeSimDataset, type GenerationProgress } from './writer';

const root = mkdtempSync(join(tmpdir(), 'st4vla-simgen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const definition = parseDefinition(
  { seed: 7, episodes: 4, families: ['pick', 'place', 'near', 'push'], resolution: { width: 128, height: 96 } },
  'tiny.json',
);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const lines = (dir: string, file: string) => read(dir, file).trim().split('\n').map((l) => JSON.parse(l));

describe('writeSimDataset on a synthetic world', () => {
  const out = join(root, 'tiny');
  const progress: GenerationProgress[] = [];

  beforeAll(async () => {
    await writeSimDataset(definition, out, { backend: syntheticBackend, onProgress: (p) => progress.push(p) });
  });

  it('reads back consistently: rows = lengths = video frames, contiguous index, projections', async () => {
    expect(await verifySimDataset(out)).toEqual([]);
  });

  it('writes the LeRobot v2.1 metadata', () => {
    const info = JSON.parse(read(out, 'meta/info.json'));
    const episodes = lines(out, 'meta/episodes.jsonl');
    expect(info).toMatchObject({ codebase_version: 'v2.1', fps: 10, chunks_size: 1000, total_episodes: 4, total_videos: 8, total_chunks: 1 });
    expect(info.splits).toEqual({ train: '0:4' });
    expect(info.features['observation.state'].names).toEqual(['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_opening']);
    expect(info.features['observation.images.side']).toMatchObject({ dtype: 'video', shape: [96, 128, 3], names: ['height', 'width', 'channels'] });
    expect(info.features['observation.images.front'].info).toMatchObject({ 'video.fps': 10, 'video.codec': 'h264', 'video.pix_fmt': 'yuv420p' });
    expect(episodes.map((e) => e.tasks[0])).toEqual(['pick the red cube', 'place the red cube', 'near the red cube', 'push the red cube']);
    expect(lines(out, 'meta/tasks.jsonl')).toEqual(episodes.map((e, i) => ({ task_index: i, task: e.tasks[0] })));
    const modality = JSON.parse(read(out, 'meta/modality.json'));
    expect(modality.action.gripper).toEqual({ start: 6, end: 7 });
    expect(modality.video.front).toEqual({ original_key: 'observation.images.front' });
    expect(modality.annotation).toEqual({ 'human.action.task_description': { original_key: 'task_index' } });
  });

  it('writes per-episode stats the way LeRobot does', async () => {
    const first = lines(out, 'meta/episodes_stats.jsonl')[0];
    const rows = await readParquetRows(join(out, 'data/chunk-000/episode_000000.parquet'));
    const xs = rows.map((r) => (r['observation.state'] as number[])[0]!);
    expect(first.stats['observation.state'].count).toEqual([rows.length]);
    expect(first.stats['observation.state'].mean[0]).toBeCloseTo(xs.reduce((a, b) => a + b) / xs.length, 6);
    expect(first.stats['observation.state'].min[0]).toBeCloseTo(Math.min(...xs), 6);
    const image = first.stats['observation.images.front'];
    expect(image.mean).toHaveLength(3);
    expect(image.mean[0]).toEqual([[expect.any(Number)]]);
    expect(image.max[0][0][0]).toBeCloseTo(1, 6);
    expect(image.min[0][0][0]).toBeCloseTo(150 / 255, 6);
    expect(first.stats.index.count).toEqual([rows.length]);
  });

  it('writes ground truth that matches the calibration file and the sim side files', async () => {
    const calibration = JSON.parse(read(out, 'meta/calibration.json'));
    const front = calibration.cameras.find((c: CameraSpec) => c.name === 'front') as CameraSpec;
    const truth = await readParquetRows(join(out, groundTruthPath(1)));
    const episode = syntheticEpisode({ seed: lines(out, 'meta/sim_episodes.jsonl')[1].seed, variant: 'in_distribution', family: 'place' });
    expect(truth).toHaveLength(episode.actions.length);
    const last = truth.at(-1)!;
    const [u, v] = project(front, [0.1, 0.1, 0] as Vec3);
    expect((last['front.place'] as number[])[0]).toBeCloseTo(u, 3);
    expect((last['front.place'] as number[])[1]).toBeCloseTo(v, 3);
    expect(truth[0]!['front.trace']).toHaveLength(2 * truth.length);
    expect(JSON.parse(truth[0]!['side.boxes'] as string)[0].id).toBe('obj0');
    expect(truth[0]!['gripper.pose']).toHaveLength(7);
    expect(JSON.parse(truth[0]!['objects.poses'] as string)).toHaveLength(2);
    const pick = await readParquetRows(join(out, groundTruthPath(0)));
    expect(pick[0]!['front.place'] ?? null).toBeNull();
    const sim = lines(out, 'meta/sim_episodes.jsonl');
    expect(sim.map((s) => s.family)).toEqual(['pick', 'place', 'near', 'push']);
    expect(sim[0]).toMatchObject({ episode_index: 0, variant: 'in_distribution', target_id: 'obj0', success: true, reason: 'success' });
    expect(sim[0].objects[1]).toEqual({ id: 'obj1', kind: 'bowl', colour: 'blue', size: { sx: 0.15, sy: 0.15, sz: 0.05 } });
  });

  it('reports progress per episode and finishes with done', () => {
    expect(progress[0]).toMatchObject({ phase: 'episodes', episodesDone: 0, episodesTotal: 4 });
    expect(progress.filter((p) => p.phase === 'episodes').map((p) => p.episodesDone)).toEqual([0, 1, 2, 3, 4]);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', episodesDone: 4 });
  });

  it('is deterministic for the tables', async () => {
    const again = join(root, 'tiny-again');
    await writeSimDataset(definition, again, { backend: syntheticBackend });
    for (const file of ['meta/info.json', 'meta/episodes_stats.jsonl', 'meta/sim_episodes.jsonl', 'data/chunk-000/episode_000003.parquet']) {
      expect(readFileSync(join(again, file))).toEqual(readFileSync(join(out, file)));
    }
    expect(await probeFrameCount(join(again, videoPath(3, 'side')))).toBe(lines(out, 'meta/episodes.jsonl')[3].length);
  });
});

describe('writeSimDataset failures leave nothing behind', () => {
  const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.includes('.partial-'));

  it('a sim error names the episode and removes the partial output', async () => {
    const failing: SimBackend = {
      ...syntheticBackend,
      recordEpisode: (input) => {
        if (input.family === 'near') throw new Error('the expert got stuck');
        return syntheticEpisode(input);
      },
    };
    const out = join(root, 'failing');
    await expect(writeSimDataset(definition, out, { backend: failing })).rejects.toThrow(/episode 2 \(seed \d+, near, in_distribution\): the expert got stuck/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
  });

  it('an encoder error is reported with the episode and cleaned up', async () => {
    const badFrames: SimBackend = {
      ...syntheticBackend,
      createRenderer: (camera) => ({ width: 128, height: 96, render: () => new Uint8Array(12) }),
    };
    const out = join(root, 'bad-frames');
    await expect(writeSimDataset(definition, out, { backend: badFrames })).rejects.toThrow(/episode 0 .*12 \+ 12 bytes, expected 2 x 36864/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
    const wrongSize: SimBackend = { ...syntheticBackend, createRenderer: () => ({ width: 10, height: 10, render: () => new Uint8Array(300) }) };
    await expect(writeSimDataset(definition, out, { backend: wrongSize })).rejects.toThrow("the front camera's renderer draws 10x10, not 128x96");
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const out = join(root, 'aborted');
    const run = writeSimDataset(definition, out, {
      backend: syntheticBackend,
      signal: controller.signal,
      onProgress: (p) => p.episodesDone === 1 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(root)).toEqual([]);
  });
});

describe('output folder rules', () => {
  it('refuses a non-empty folder without force, naming it', async () => {
    const out = join(root, 'occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(writeSimDataset(definition, out, { backend: syntheticBackend })).rejects.toThrow(`output directory ${out} is not empty; pass --force`);
    await expect(writeSimDataset(definition, out, { backend: syntheticBackend, force: true })).rejects.toThrow(/refusing to replace .*occupied/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('replaces a previous dataset with force and fills an empty folder', async () => {
    const out = join(root, 'replace');
    mkdirSync(out);
    await writeSimDataset(definition, out, { backend: syntheticBackend });
    const smaller = { ...definition, episodes: 2 };
    await writeSimDataset(smaller, out, { backend: syntheticBackend, force: true });
    expect(JSON.parse(read(out, 'meta/info.json')).total_episodes).toBe(2);
    expect(existsSync(join(out, 'data/chunk-000/episode_000003.parquet'))).toBe(false);
  });

  it('names a path it cannot write', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(writeSimDataset(definition, join(file, 'out'), { backend: syntheticBackend })).rejects.toThrow(/a-file.*not writable|not writable.*a-file/);
    await expect(writeSimDataset(definition, file, { backend: syntheticBackend })).rejects.toThrow(`output path ${file} exists and is not a directory`);
  });
});
