/** Helpers for the db tests: real SQLite files in temp folders, and a small dataset to work on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from './connection';
import { createRepositories, type Repositories } from './repositories/index';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'st4vla-db-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated database in a temp folder, closed after the test. */
export function freshDb(): { db: Db; repos: Repositories; file: string } {
  const file = join(tempDir(), 'project.sqlite');
  const db = openDatabase(file, { create: true });
  cleanups.push(() => db.open && db.close());
  return { db, repos: createRepositories(db), file };
}

export interface SeededEpisode {
  episodeId: number;
  cameraIds: number[];
}

/** One episode with cameras, a frame index on each camera, and state/action signals. */
export function seedEpisode(
  repos: Repositories,
  datasetId: number,
  index: number,
  options: { instruction?: string; tasks?: string[]; length?: number; cameras?: string[] } = {},
): SeededEpisode {
  const length = options.length ?? 10;
  const episodeId = repos.episodes.insert({
    datasetId,
    index,
    instruction: options.instruction ?? `episode ${index}`,
    tasks: options.tasks ?? [],
    length,
    fps: 10,
  });
  const cameraIds = (options.cameras ?? ['front']).map((name) => {
    const mediaFileId = repos.datasets.insertMediaFile({ datasetId, path: `/data/${index}/${name}.mp4`, kind: 'video' });
    const cameraId = repos.episodes.insertCamera({
      episodeId,
      name,
      width: 64,
      height: 48,
      fps: 10,
      frameCount: length,
      mediaFileId,
    });
    repos.frames.insertMany(
      cameraId,
      Array.from({ length }, (_, i) => ({ frameIndex: i, timestamp: i / 10, mediaFileId, pts: i / 10 })),
    );
    return cameraId;
  });
  for (const name of ['state', 'action']) {
    repos.signals.put({ episodeId, name, dimNames: ['x', 'y'], values: new Float32Array(length * 2).fill(index) });
  }
  return { episodeId, cameraIds };
}

export function seedDataset(repos: Repositories, name = 'ds'): number {
  return repos.datasets.insert({ name, sourceFormat: 'lerobot', sourceVersion: 'v2.1', sourcePath: `/data/${name}`, fps: 10 });
}
