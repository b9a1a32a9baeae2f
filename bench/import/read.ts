/**
 * Read speed of the LeRobot reader (parquet decode + ffprobe of every referenced video, no
 * decoding of frames): the real GR00T v2.0 fixture and generated v2.1 / v3.0 datasets of similar
 * size. Prints one table of medians over repeats, after one warm-up read. The "no ffprobe" column
 * re-reads with memoised probe results, to separate the reader's own cost from process starts.
 * Run: npx tsx bench/import/read.ts [repeats]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { probeVideoHeader, readLeRobotDataset, type VideoProbe } from '../../src/core/datasets/lerobot';
import { makeV21Fixture, makeV30Fixture } from '../../test/fixtures/make-lerobot-fixtures';

const GR00T = fileURLToPath(new URL('../../../shared/fixtures/lerobot-v2.0-gr1-picknplace', import.meta.url));

export interface ReadMeasurement {
  dataset: string;
  episodes: number;
  rows: number;
  videoFiles: number;
  medianMs: number;
  rowsPerSecond: number;
  episodesPerSecond: number;
  /** Median with probe results served from memory: parquet, metadata and checks only. */
  medianMsWithoutProbe: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function medianMs(repeats: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function measureRead(dataset: string, dir: string, repeats: number): Promise<ReadMeasurement> {
  const probes = new Map<string, VideoProbe>();
  const remember = async (file: string) => probes.get(file) ?? probes.set(file, await probeVideoHeader(file)).get(file)!;
  const first = await readLeRobotDataset(dir, { probe: remember });
  const ms = await medianMs(repeats, () => readLeRobotDataset(dir));
  const withoutProbe = await medianMs(repeats, () => readLeRobotDataset(dir, { probe: remember }));
  return {
    dataset,
    episodes: first.episodes.length,
    rows: first.totalFrames,
    videoFiles: new Set(first.episodes.flatMap((e) => e.videos.map((v) => v.file))).size,
    medianMs: ms,
    rowsPerSecond: (first.totalFrames / ms) * 1000,
    episodesPerSecond: (first.episodes.length / ms) * 1000,
    medianMsWithoutProbe: withoutProbe,
  };
}

async function runDirectly(): Promise<void> {
  const repeats = Number(process.argv[2] ?? 7);
  const dir = await mkdtemp(path.join(tmpdir(), 'st4vla-bench-read-'));
  try {
    process.stderr.write('generating fixtures...\n');
    const v21 = await makeV21Fixture(path.join(dir, 'v21'), Array.from({ length: 20 }, () => 100));
    const v30 = await makeV30Fixture(path.join(dir, 'v30'), Array.from({ length: 50 }, (_, i) => 30 + (i % 3) * 10));
    const results = [
      await measureRead('GR00T v2.0 (real)', GR00T, repeats),
      await measureRead('generated v2.1', v21, repeats),
      await measureRead('generated v3.0', v30, repeats),
    ];
    const rows = [
      ['dataset', 'episodes', 'rows', 'video files', `median ms (${repeats}x)`, 'rows/s', 'episodes/s', 'ms no ffprobe', 'rows/s no ffprobe'],
      ...results.map((r) => [
        r.dataset, String(r.episodes), String(r.rows), String(r.videoFiles),
        r.medianMs.toFixed(1), r.rowsPerSecond.toFixed(0), r.episodesPerSecond.toFixed(1),
        r.medianMsWithoutProbe.toFixed(1), ((r.rows / r.medianMsWithoutProbe) * 1000).toFixed(0),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDirectly().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
