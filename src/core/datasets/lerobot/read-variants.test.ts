import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../../test/fixtures/make-lerobot-fixtures';
import { readLeRobotDataset } from './read';

/** Layouts seen in the wild that the generated fixtures do not cover; built without any video. */
let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lerobot-variants-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
}

describe('GR00T-style sub-columns, no timestamp column, messy JSON Lines', () => {
  it('assembles the action from sub-columns and names ranges from modality.json', async () => {
    const dir = path.join(base, 'groot-sub');
    await writeJson(path.join(dir, 'meta/info.json'), {
      codebase_version: 'v2.1',
      fps: 5,
      features: {
        'observation.state': { dtype: 'float32', shape: [2], names: null },
        'action.delta_eef_position': { dtype: 'float32', shape: [3] },
        'action.gripper_close': { dtype: 'float32', shape: [1] },
      },
    });
    await writeJson(path.join(dir, 'meta/modality.json'), { state: { arm: { start: 0, end: 2 } } });
    await writeJson(path.join(dir, 'meta/tasks.jsonl'), '{"task_index": 0, "task": "stack"}\nnot json\n');
    await writeJson(path.join(dir, 'meta/episodes.jsonl'), '{"episode_index": 0, "length": 3, "tasks": "stack"}\n{"episode_index": "x"}\n');
    await writeParquet(path.join(dir, 'data/chunk-000/episode_000000.parquet'), [
      { name: 'observation.state', kind: 'float-list', data: [[1, 2], [3, 4], [5, 6]] },
      { name: 'action.delta_eef_position', kind: 'float-list', data: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]] },
      { name: 'action.gripper_close', kind: 'float', data: [0, 1, 1] },
      { name: 'frame_index', kind: 'int64', data: [0, 1, 2] },
    ]);

    const plan = await readLeRobotDataset(dir);
    expect(plan.actionColumns).toEqual(['action.delta_eef_position', 'action.gripper_close']);
    expect(plan.modality.action).toEqual([
      { name: 'delta_eef_position', start: 0, end: 3 },
      { name: 'gripper_close', start: 3, end: 4 },
    ]);
    expect(plan.stateNames).toEqual(['arm_0', 'arm_1']);
    const episode = plan.episodes[0]!;
    expect(Array.from(episode.action.slice(4, 8))).toEqual([0.4, 0.5, 0.6, 1].map(Math.fround));
    expect(Array.from(episode.timestamps)).toEqual([0, 0.2, 0.4]);
    expect(episode.instruction).toBe('stack');
    expect(plan.cameras).toEqual([]);
    const has = (re: RegExp) => plan.warnings.some((w) => re.test(w));
    expect(has(/^meta\/tasks\.jsonl: line 2: not valid JSON/)).toBe(true);
    expect(has(/^meta\/episodes\.jsonl: line 2 episode_index:/)).toBe(true);
    expect(has(/^data\/chunk-000\/episode_000000\.parquet: timestamp: column missing; timestamps are frame_index \/ fps/)).toBe(true);
  });
});

describe('v3.0 data without episode_index', () => {
  it('splits rows by the global index and dataset_from_index..dataset_to_index', async () => {
    const dir = path.join(base, 'v3-index');
    await writeJson(path.join(dir, 'meta/info.json'), {
      codebase_version: 'v3.0',
      fps: 10,
      features: { 'observation.state': { dtype: 'float32', shape: [1], names: ['q'] } },
    });
    await writeParquet(path.join(dir, 'data/chunk-000/file-000.parquet'), [
      { name: 'observation.state', kind: 'float-list', data: [[10], [11], [20], [21], [22]] },
      { name: 'timestamp', kind: 'float', data: [0, 0.1, 0, 0.1, 0.2] },
      { name: 'index', kind: 'int64', data: [100, 101, 102, 103, 104] },
    ]);
    await writeParquet(path.join(dir, 'meta/episodes/chunk-000/file-000.parquet'), [
      { name: 'episode_index', kind: 'int64', data: [7, 8] },
      { name: 'tasks', kind: 'string-list', data: [['a'], ['b']] },
      { name: 'length', kind: 'int64', data: [2, 3] },
      { name: 'data/chunk_index', kind: 'int64', data: [0, 0] },
      { name: 'data/file_index', kind: 'int64', data: [0, 0] },
      { name: 'dataset_from_index', kind: 'int64', data: [100, 102] },
      { name: 'dataset_to_index', kind: 'int64', data: [102, 105] },
    ]);

    const plan = await readLeRobotDataset(dir);
    expect(plan.episodes.map((e) => [e.index, e.length, Array.from(e.state), e.instruction])).toEqual([
      [7, 2, [10, 11], 'a'],
      [8, 3, [20, 21, 22], 'b'],
    ]);
    expect(plan.actionNames).toEqual([]);
    expect(plan.warnings).toContainEqual('meta/info.json: features.action: not declared; episodes have no action');
  });
});
