import { appendFile, cp, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeRobotFixtures, TASKS } from '../../../../test/fixtures/make-lerobot-fixtures';
import { DatasetImportError } from './errors';
import { readLeRobotDataset } from './read';

let base: string;
let fixtures: { v21: string; v30: string };
let copies = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lerobot-errors-'));
  fixtures = await makeLeRobotFixtures(path.join(base, 'pristine'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** A private copy of a fixture to break. */
async function copyOf(which: 'v21' | 'v30'): Promise<string> {
  const dir = path.join(base, `case-${++copies}`);
  await cp(fixtures[which], dir, { recursive: true });
  return dir;
}

async function editInfo(dir: string, edit: (info: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(dir, 'meta/info.json');
  const info = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(info);
  await writeFile(file, JSON.stringify(info));
}

async function importError(dir: string): Promise<DatasetImportError> {
  const err = await readLeRobotDataset(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetImportError);
  return err as DatasetImportError;
}

const EP0 = 'data/chunk-000/episode_000000.parquet';

describe('inputs that cannot be imported throw a DatasetImportError naming file and field', () => {
  it('a folder that does not exist', async () => {
    const err = await importError(path.join(base, 'nope'));
    expect(err.file).toBe(path.join(base, 'nope'));
  });

  it('missing meta/info.json', async () => {
    const dir = await copyOf('v21');
    await rm(path.join(dir, 'meta/info.json'));
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([path.join(dir, 'meta/info.json'), '$']);
    expect(err.message).toMatch(/file is missing/);
  });

  it('meta/info.json that is not JSON', async () => {
    const dir = await copyOf('v21');
    await appendFile(path.join(dir, 'meta/info.json'), '\n}{');
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([path.join(dir, 'meta/info.json'), '$']);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('meta/info.json with a field of the wrong type', async () => {
    const dir = await copyOf('v21');
    await editInfo(dir, (info) => (info.fps = 'ten'));
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([path.join(dir, 'meta/info.json'), 'fps']);
  });

  it('an unsupported codebase_version', async () => {
    const dir = await copyOf('v21');
    await editInfo(dir, (info) => (info.codebase_version = 'v1.6'));
    expect((await importError(dir)).field).toBe('codebase_version');
  });

  it('a truncated parquet file', async () => {
    const dir = await copyOf('v21');
    await truncate(path.join(dir, EP0), 300);
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([path.join(dir, EP0), 'footer']);
  });

  it('a parquet file with corrupt pages names the column', async () => {
    const dir = await copyOf('v21');
    const bytes = await readFile(path.join(dir, EP0));
    for (let i = 8; i < 600; i++) bytes[i] = (i * 37) & 0xff;
    await writeFile(path.join(dir, EP0), bytes);
    const err = await importError(dir);
    expect(err.file).toBe(path.join(dir, EP0));
    expect(err.field).toBe('observation.state');
  });

  it('a data_path template pointing nowhere', async () => {
    const dir = await copyOf('v21');
    await editInfo(dir, (info) => (info.data_path = 'parquet/{episode_index}.parquet'));
    await rename(path.join(dir, 'data'), path.join(dir, 'elsewhere'));
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([path.join(dir, 'meta/info.json'), 'data_path']);
    expect(err.message).toContain('parquet/0.parquet');
  });

  it('an episodes.jsonl without episodes', async () => {
    const dir = await copyOf('v21');
    await writeFile(path.join(dir, 'meta/episodes.jsonl'), '\n');
    const err = await importError(dir);
    expect(err.file).toBe(path.join(dir, 'meta/episodes.jsonl'));
  });

  it('a v3.0 dataset without episode metadata', async () => {
    const dir = await copyOf('v30');
    await rm(path.join(dir, 'meta/episodes'), { recursive: true });
    expect((await importError(dir)).file).toBe(path.join(dir, 'meta/episodes'));
  });

  it('a truncated v3.0 episode table', async () => {
    const dir = await copyOf('v30');
    const file = path.join(dir, 'meta/episodes/chunk-000/file-000.parquet');
    await truncate(file, 100);
    const err = await importError(dir);
    expect([err.file, err.field]).toEqual([file, 'footer']);
  });
});

describe('what is missing but survivable becomes a warning', () => {
  it('a camera missing in one episode keeps the camera', async () => {
    const dir = await copyOf('v21');
    await rm(path.join(dir, 'videos/chunk-000/observation.images.wrist/episode_000001.mp4'));
    const plan = await readLeRobotDataset(dir);
    expect(plan.cameras.map((c) => c.name)).toEqual(['front', 'wrist']);
    expect(plan.episodes[0]?.videos).toHaveLength(2);
    expect(plan.episodes[1]?.videos.map((v) => v.cameraKey)).toEqual(['observation.images.front']);
    expect(plan.warnings).toContainEqual(expect.stringMatching(/features\["observation\.images\.wrist"\]: no video for episode\(s\) 1 /));
  });

  it('an unreadable video counts as missing', async () => {
    const dir = await copyOf('v21');
    const file = path.join(dir, 'videos/chunk-000/observation.images.front/episode_000000.mp4');
    await writeFile(file, 'not a video');
    const plan = await readLeRobotDataset(dir);
    expect(plan.episodes[0]?.videos.map((v) => v.cameraKey)).toEqual(['observation.images.wrist']);
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^videos\/chunk-000\/observation\.images\.front\/episode_000000\.mp4: video stream: ffprobe cannot read it/));
  });

  it('a declared length that disagrees with the rows, and a missing data file', async () => {
    const dir = await copyOf('v21');
    const lines = (await readFile(path.join(dir, 'meta/episodes.jsonl'), 'utf8')).replace('"length":12', '"length":13');
    await writeFile(path.join(dir, 'meta/episodes.jsonl'), lines);
    await rm(path.join(dir, 'data/chunk-000/episode_000001.parquet'));
    const plan = await readLeRobotDataset(dir);
    expect(plan.episodes.map((e) => [e.index, e.length])).toEqual([[0, 12]]);
    expect(plan.warnings).toContainEqual('meta/episodes.jsonl: length: episode 0 declares 13 frames, its data has 12 rows; using 12');
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^meta\/info\.json: data_path: 1 data file\(s\) missing.*episode_000001\.parquet/));
    expect(plan.warnings).toContainEqual('meta/info.json: total_episodes: declares 2, 1 were read');
  });

  it('v3.0 without meta/tasks.parquet takes instructions from the episode table', async () => {
    const dir = await copyOf('v30');
    await rm(path.join(dir, 'meta/tasks.parquet'));
    const plan = await readLeRobotDataset(dir);
    expect(plan.episodes.map((e) => e.instruction)).toEqual([TASKS[0], TASKS[1], TASKS[0]]);
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^meta\/tasks\.parquet: \$: missing/));
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readLeRobotDataset(fixtures.v21, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});
