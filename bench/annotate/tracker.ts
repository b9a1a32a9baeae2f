/**
 * bench/annotate/tracker: the local tracker (pyramidal Lucas-Kanade, forward-backward checked) on the
 * sample videos, against the ground truth. Frames are decoded by the backend's own decoder (one ffmpeg run
 * per episode and camera, as tracking.propagate does), so these are the numbers a user gets.
 *   npx tsx bench/annotate/tracker.ts
 * For the gripper point (moves every frame, up to ~16 px) and the target object's box (moves only while
 * held), over each episode's first 30 frames: the drift when never stopped, and the annotator's loop
 * (track until a frame is flagged, correct it, go on): corrections, error of accepted frames, speed.
 * Prints one table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FPS } from '../../src/core/datasets/sim/layout';
import { decodeGreyRun } from '../../src/core/tracking/decode';
import { CAMERAS, episodeCount, generateSample, readEpisode, ANNOTATE_SAMPLE } from '../../test/integration/annotate/sampleData';
import { max, mean, scoreTracking, type Truth } from '../../test/integration/annotate/trackerEval';
import { printTable } from '../table';

const FRAMES = 30;
const THRESHOLDS = [0.5, 0.7];

interface Totals {
  frames: number;
  raw: number[];
  accepted: Record<number, { errors: number[]; corrections: number; firstRuns: number[] }>;
  ms: number[];
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'st4vla-bench-tracker-'));
  const { width, height } = ANNOTATE_SAMPLE.resolution;
  try {
    const dir = await generateSample(join(work, 'sample'));
    const totals = new Map<string, Totals>();
    for (let e = 0; e < episodeCount(dir); e++) {
      const episode = await readEpisode(dir, e);
      for (const camera of CAMERAS) {
        const file = join(dir, `videos/chunk-000/observation.images.${camera}/episode_${String(e).padStart(6, '0')}.mp4`);
        const images = await decodeGreyRun({ file, start: 0, fps: FPS, count: episode.length, width, height });
        const targets: [string, (Truth | null)[]][] = [
          ['gripper point', episode.gripper[camera].map(([x, y]) => ({ x, y }))],
          ['target box', episode.targetBox[camera].map((b) => (b ? { x1: b[0], y1: b[1], x2: b[2], y2: b[3] } : null))],
        ];
        for (const [what, truth] of targets) {
          const key = `${what}|${camera}`;
          const t = totals.get(key) ?? { frames: 0, raw: [], accepted: {}, ms: [] };
          totals.set(key, t);
          const raw = scoreTracking(images, truth, FRAMES, { minConfidence: 0 });
          t.frames += raw.frames;
          t.raw.push(...raw.errors);
          t.ms.push(raw.msPerFrame);
          for (const threshold of THRESHOLDS) {
            const s = scoreTracking(images, truth, FRAMES, { minConfidence: threshold });
            const a = (t.accepted[threshold] ??= { errors: [], corrections: 0, firstRuns: [] });
            a.errors.push(...s.errors);
            a.corrections += s.corrections;
            a.firstRuns.push(s.firstRun);
          }
        }
      }
    }
    const f = (v: number) => v.toFixed(2);
    const rows: string[][] = [];
    for (const [key, t] of totals) {
      const [what, camera] = key.split('|') as [string, string];
      for (const threshold of THRESHOLDS) {
        const a = t.accepted[threshold]!;
        rows.push([
          what,
          camera,
          String(t.frames),
          `${f(mean(t.raw))} / ${f(max(t.raw))}`,
          String(threshold),
          `${a.corrections} (${f((30 * a.corrections) / t.frames)})`,
          f(mean(a.firstRuns)),
          `${f(mean(a.errors))} / ${f(max(a.errors))}`,
          f(mean(t.ms)),
        ]);
      }
    }
    printTable(
      `tracker on ${episodeCount(dir)} sample episodes at ${width}x${height}, up to ${FRAMES} frames each (errors in px vs ground truth)`,
      ['target', 'camera', 'frames', 'never stopped: mean / max', 'min conf', 'corrections (per 30 fr)', 'frames to 1st flag', 'accepted: mean / max', 'ms/frame'],
      rows,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
