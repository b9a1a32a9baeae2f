/**
 * `npx tsx bench/import/index.ts [repeats]`: LeRobot import speed, reading only (parquet + video
 * headers) and the whole import (read, then one SQLite transaction with the frame index and signals),
 * on the real GR00T v2.0 fixture and generated v2.1 / v3.0 datasets. Medians over repeats.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLeRobot } from '../../src/core/datasets/import/importDataset';
import { closeProject, createProject } from '../../src/core/project/project';
import { makeV21Fixture, makeV30Fixture } from '../../test/fixtures/make-lerobot-fixtures';
import { median, printTable } from '../table';
import { measureRead } from './read';

const GR00T = fileURLToPath(new URL('../../../shared/fixtures/lerobot-v2.0-gr1-picknplace', import.meta.url));
const repeats = Number(process.argv[2] ?? 5);
const dir = await mkdtemp(path.join(tmpdir(), 'st4vla-bench-import-'));

async function importMs(dataset: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const project = createProject(path.join(dir, `project-${Math.random().toString(36).slice(2)}`), { name: 'bench' });
    const start = performance.now();
    await importLeRobot(project, dataset);
    times.push(performance.now() - start);
    closeProject(project);
  }
  return median(times);
}

try {
  process.stderr.write('generating fixtures...\n');
  const v21 = await makeV21Fixture(path.join(dir, 'v21'), Array.from({ length: 20 }, () => 100));
  const v30 = await makeV30Fixture(path.join(dir, 'v30'), Array.from({ length: 50 }, (_, i) => 30 + (i % 3) * 10));
  const rows: string[][] = [];
  for (const [name, folder] of [['GR00T v2.0 (real)', GR00T], ['generated v2.1', v21], ['generated v3.0', v30]] as const) {
    const read = await measureRead(name, folder, repeats);
    const whole = await importMs(folder, repeats);
    rows.push([
      name, String(read.episodes), String(read.rows), String(read.videoFiles),
      read.medianMs.toFixed(0), read.rowsPerSecond.toFixed(0),
      whole.toFixed(0), ((read.rows / whole) * 1000).toFixed(0), ((read.episodes / whole) * 1000).toFixed(1),
    ]);
  }
  printTable(`bench/import: LeRobot import, median of ${repeats}`, [
    'dataset', 'episodes', 'rows', 'videos', 'read ms', 'read rows/s', 'import ms', 'import rows/s', 'import episodes/s',
  ], rows);
} finally {
  await rm(dir, { recursive: true, force: true });
}
