import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  FIXTURE_FPS,
  makeLeRobotFixtures,
  STATE_NAMES,
  TASKS,
  V21_LENGTHS,
  V30_LENGTHS,
} from '../../../../test/fixtures/make-lerobot-fixtures';
import { readLeRobotDataset } from './read';
import type { LeRobotDatasetPlan, ReadProgress } from './types';

/** The shared real dataset, read in place (see ../shared/fixtures/README.md). */
const GR00T = fileURLToPath(new URL('../../../../../shared/fixtures/lerobot-v2.0-gr1-picknplace', import.meta.url));

describe('readLeRobotDataset on the real GR00T v2.0 dataset', () => {
  let plan: LeRobotDatasetPlan;
  const progress: ReadProgress[] = [];
  beforeAll(async () => {
    plan = await readLeRobotDataset(GR00T, { onProgress: (p) => progress.push(p) });
  });

  it('reads 5 episodes, 2,096 frames at 20 fps', () => {
    expect(plan.version).toBe('v2.0');
    expect(plan.layout).toBe('v2');
    expect(plan.fps).toBe(20);
    expect(plan.robotType).toBe('GR1ArmsOnly');
    expect(plan.episodes.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.episodes.map((e) => e.length)).toEqual([416, 470, 470, 412, 328]);
    expect(plan.totalFrames).toBe(2096);
  });

  it('has 44-dim state and action with names and modality ranges', () => {
    expect(plan.stateNames).toHaveLength(44);
    expect(plan.actionNames).toHaveLength(44);
    expect(plan.stateNames[0]).toBe('motor_0');
    for (const e of plan.episodes) {
      expect(e.state).toBeInstanceOf(Float32Array);
      expect(e.state.length).toBe(e.length * 44);
      expect(e.action.length).toBe(e.length * 44);
      expect(e.state.every(Number.isFinite)).toBe(true);
    }
    expect(plan.modality.state.map((r) => r.name)).toEqual([
      'left_arm', 'left_hand', 'left_leg', 'neck', 'right_arm', 'right_hand', 'right_leg', 'waist',
    ]);
    expect(plan.modality.action.at(-1)).toEqual({ name: 'waist', start: 41, end: 44 });
  });

  it('keeps the camera with files and warns about the declared one without', () => {
    expect(plan.cameras).toEqual([
      { key: 'observation.images.ego_view', name: 'ego_view', width: 256, height: 256, codec: 'h264', pixFmt: 'yuv420p', fps: 20 },
    ]);
    for (const e of plan.episodes) {
      expect(e.videos).toHaveLength(1);
      expect(e.videos[0]?.frameCount).toBe(e.length);
      expect(e.videos[0]?.file).toMatch(/videos\/chunk-000\/observation\.images\.ego_view\/episode_00000\d\.mp4$/);
    }
    expect(plan.warnings.some((w) => w.includes('features["observation.images.egoview"]') && w.includes('no video files'))).toBe(true);
  });

  it('warns about total_chunks 0, the splits range and the broken path templates', () => {
    const has = (re: RegExp) => plan.warnings.some((w) => re.test(w));
    expect(has(/^meta\/info\.json: total_chunks: is 0/)).toBe(true);
    expect(has(/^meta\/info\.json: splits\.train: range 0:100/)).toBe(true);
    expect(has(/^meta\/info\.json: data_path: template/)).toBe(true);
    expect(has(/^meta\/info\.json: video_path: template/)).toBe(true);
  });

  it('takes the instruction, never the "valid" label', () => {
    expect(plan.episodes[0]?.instruction).toBe('pick the pear from the counter and place it in the plate');
    for (const e of plan.episodes) {
      expect(e.instruction).not.toBe('valid');
      expect(e.instruction).toMatch(/^pick the .* and place it in the plate$/);
      expect(e.tasks).not.toContain('valid');
    }
  });

  it('keeps the timestamp column as written and reports progress', () => {
    const first = plan.episodes[0] as LeRobotDatasetPlan['episodes'][number];
    expect(first.timestamps[0]).toBeCloseTo(0.05, 5);
    expect(first.timestamps[415]).toBeCloseTo(20.8, 4);
    expect(progress.filter((p) => p.stage === 'data').at(-1)).toEqual({ stage: 'data', done: 5, total: 5 });
    expect(progress.filter((p) => p.stage === 'video').at(-1)).toEqual({ stage: 'video', done: 5, total: 5 });
  });
});

describe('readLeRobotDataset on generated v2.1 and v3.0 datasets', () => {
  let dir: string;
  let v21: LeRobotDatasetPlan;
  let v30: LeRobotDatasetPlan;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lerobot-read-'));
    const fixtures = await makeLeRobotFixtures(dir);
    [v21, v30] = await Promise.all([readLeRobotDataset(fixtures.v21), readLeRobotDataset(fixtures.v30)]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads both without warnings other than the missing modality.json', () => {
    for (const plan of [v21, v30]) {
      expect(plan.warnings).toEqual(['meta/modality.json: $: missing; state and action have no named sub-ranges']);
    }
    expect([v21.version, v21.layout, v30.version, v30.layout]).toEqual(['v2.1', 'v2', 'v3.0', 'v3']);
  });

  it('probes H.264 and AV1 cameras', () => {
    for (const plan of [v21, v30]) {
      expect(plan.cameras.map((c) => [c.name, c.codec, c.width, c.height, c.fps])).toEqual([
        ['front', 'h264', 64, 48, FIXTURE_FPS],
        ['wrist', 'av1', 64, 64, FIXTURE_FPS],
      ]);
    }
  });

  it('normalises flat, {motors} and {axes} names', () => {
    for (const plan of [v21, v30]) {
      expect(plan.stateNames).toEqual(STATE_NAMES);
      expect(plan.actionNames).toEqual(ACTION_NAMES);
    }
  });

  it('cuts episodes at the right rows (v2.1: one file each)', () => {
    expect(v21.episodes.map((e) => e.length)).toEqual(V21_LENGTHS);
    for (const e of v21.episodes) expectEpisodeValues(e, e.index);
    expect(v21.episodes.map((e) => e.instruction)).toEqual([TASKS[0], TASKS[1]]);
    for (const e of v21.episodes) {
      expect(e.videos.map((v) => [v.probe.codec, v.fromTimestamp, v.frameCount])).toEqual([
        ['h264', 0, e.length],
        ['av1', 0, e.length],
      ]);
      expect(e.videos[0]?.toTimestamp).toBeCloseTo(e.length / FIXTURE_FPS, 6);
    }
  });

  it('cuts episodes at the right rows and video ranges (v3.0: one shared file)', () => {
    expect(v30.episodes.map((e) => e.length)).toEqual(V30_LENGTHS);
    for (const e of v30.episodes) expectEpisodeValues(e, e.index);
    expect(v30.episodes.map((e) => e.instruction)).toEqual([TASKS[0], TASKS[1], TASKS[0]]);
    const files = new Set(v30.episodes.flatMap((e) => e.videos.map((v) => v.file)));
    expect(files.size).toBe(2);
    let start = 0;
    for (const e of v30.episodes) {
      for (const v of e.videos) {
        expect(v.fromTimestamp).toBeCloseTo(start / FIXTURE_FPS, 6);
        expect(v.toTimestamp).toBeCloseTo((start + e.length) / FIXTURE_FPS, 6);
        expect(v.frameCount).toBe(e.length);
        expect(v.probe.frameCount).toBe(36);
      }
      start += e.length;
    }
    expect(v30.tasks).toEqual(TASKS.map((text, index) => ({ index, text })));
  });
});

/** The generator writes state[t][j] = 100*episode + t + j/10, action the negation. */
function expectEpisodeValues(e: LeRobotDatasetPlan['episodes'][number], episode: number): void {
  const dim = STATE_NAMES.length;
  expect(e.state.length).toBe(e.length * dim);
  expect(e.state[0]).toBeCloseTo(100 * episode, 4);
  expect(e.state[(e.length - 1) * dim + 2]).toBeCloseTo(100 * episode + e.length - 1 + 0.2, 4);
  expect(e.action[ACTION_NAMES.length]).toBeCloseTo(-(100 * episode + 1), 4);
  expect(e.timestamps[0]).toBe(0);
  expect(e.timestamps[e.length - 1]).toBeCloseTo((e.length - 1) / FIXTURE_FPS, 5);
}
