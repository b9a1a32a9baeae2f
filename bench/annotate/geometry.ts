/**
 * bench/annotate/geometry: the annotation geometry measured on the sample data.
 *   npx tsx bench/annotate/geometry.ts
 * Interpolation speed (sampleTrack over 10,000 frames; the budget is 50 ms), the state's projection
 * against the ground-truth gripper point and trace (budget 1 px), and a DLT fitted from 8 clicks with
 * 1 px noise, scored on every other frame (budget 3 px). Prints one table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTrack, type Keyframe } from '../../src/shared/geometry/interpolate';
import { CAMERAS, dltErrors, projectionErrors, readAllEpisodes } from '../../test/integration/annotate/geometryEval';
import { generateSample } from '../../test/integration/annotate/sampleData';
import { median, printTable } from '../table';

const FRAMES = 10_000;
const RUNS = 20;
const DLT_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function interpolationMs(kind: 'point' | 'box'): number {
  const keyframes: Keyframe[] = Array.from({ length: 200 }, (_, k) => ({
    frame: k * 50,
    value: k % 7 === 6 ? null : kind === 'point' ? { x: k, y: (k * 37) % 100, role: 'other' } : { x1: k, y1: k, x2: k + 20, y2: k + 10 },
    source: 'manual',
  }));
  const times: number[] = [];
  for (let run = 0; run < RUNS + 3; run++) {
    const started = performance.now();
    sampleTrack({ keyframes }, 0, FRAMES - 1);
    if (run >= 3) times.push(performance.now() - started);
  }
  return median(times);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'st4vla-bench-geometry-'));
  try {
    const dir = await generateSample(join(work, 'sample'));
    const episodes = await readAllEpisodes(dir);
    const frames = episodes.reduce((n, e) => n + e.length, 0);
    const px = (v: number) => (v > 0 && v < 0.001 ? v.toExponential(1) : v.toFixed(3));
    const rows: string[][] = [
      ['sampleTrack points, 10,000 frames', '-', `${interpolationMs('point').toFixed(2)} ms`, '-', '< 50 ms'],
      ['sampleTrack boxes, 10,000 frames', '-', `${interpolationMs('box').toFixed(2)} ms`, '-', '< 50 ms'],
    ];
    for (const camera of CAMERAS) {
      const { gripper, trace } = projectionErrors(dir, episodes, camera);
      rows.push([`projected state vs GT gripper (${frames} frames)`, camera, `${px(gripper.mean)} px`, `${px(gripper.max)} px`, '< 1 px']);
      rows.push([`projected future path vs GT trace (${trace.count} pts)`, camera, `${px(trace.mean)} px`, `${px(trace.max)} px`, '< 1 px']);
    }
    for (const camera of CAMERAS) {
      const scores = DLT_SEEDS.map((seed) => dltErrors(episodes, camera, 8, 1, seed));
      const mean = (f: (s: (typeof scores)[number]) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
      const worst = Math.max(...scores.map((s) => s.others.max));
      rows.push([`DLT 8 clicks, 1 px noise: clicked (${DLT_SEEDS.length} seeds)`, camera, `${px(mean((s) => s.clicked.mean))} px`, `${px(Math.max(...scores.map((s) => s.clicked.max)))} px`, '-']);
      rows.push([`DLT 8 clicks, 1 px noise: other ${frames - 8} frames`, camera, `${px(mean((s) => s.others.mean))} px`, `${px(worst)} px`, '< 3 px']);
    }
    printTable(`annotation geometry on ${episodes.length} sample episodes at 320x240 (${frames} frames)`, ['measure', 'camera', 'mean', 'max', 'budget'], rows);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
