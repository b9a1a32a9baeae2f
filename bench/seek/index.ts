/**
 * bench/seek: frame-exact playback in Debian's Chromium (headless, software decoding).
 *   npx tsx bench/seek/index.ts [--quick] [--only=h264-2,av1-30]
 * For 640x480 H.264 and AV1 episodes of three cameras, with LeRobot's GOP of 2 and a GOP of 30, it
 * measures random seek and frame step latency (command → frame drawn on every canvas) and playback
 * at 30 fps; and, for the decision renderer-vs-backend, one ffmpeg frame extraction per seek.
 * Prints one table; the raw numbers go to bench/results/seek.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildProbePage } from '../../test/e2e/playback/bundle';
import { callProbe, openProbePage } from '../../test/e2e/playback/chromium';
import { startProbeServer } from '../../test/e2e/playback/server';
import { av1Encoder, cameraOf, encodeTestVideo, episodeOf, type TestCodec, type TestVideo } from '../../test/e2e/playback/videos';
import { extractFrame } from './backend';
import { percentile, randomFarFrames, seededRandom } from './stats';

const quick = process.argv.includes('--quick');
const FRAMES = 300;
const CAMERAS = 3;
const SEEKS = quick ? 12 : 40;
const STEP_RUNS = quick ? 3 : 8;
const STEPS_PER_RUN = 10;
const PLAY_MS = 5000;

interface Row {
  codec: TestCodec;
  gop: number;
  seek: number[];
  seekOne: number[];
  step: number[];
  play: { presented: number; dropped: number; late: number; inStep: boolean; worstGapMs: number };
  backend: number[];
  mediaMB: number;
}

function videoFor(codec: TestCodec, gop: number, camera: number): TestVideo {
  return { codec, gop, bframes: codec === 'h264' ? 2 : undefined, frames: FRAMES, fps: 30, width: 640, height: 480, hue: camera * 120 };
}

async function main() {
  if (!av1Encoder()) throw new Error('this ffmpeg cannot encode AV1');
  const work = mkdtempSync(join(tmpdir(), 'st4vla-bench-seek-'));
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const configs = ([['h264', 2], ['h264', 30], ['av1', 2], ['av1', 30]] as Array<[TestCodec, number]>).filter(
    ([codec, gop]) => !only || only.includes(`${codec}-${gop}`),
  );
  process.stderr.write(`encoding ${configs.length * CAMERAS} videos of ${FRAMES} frames…\n`);
  for (const [codec, gop] of configs) for (let c = 0; c < CAMERAS; c++) encodeTestVideo(join(work, `${codec}-g${gop}-c${c}.mp4`), videoFor(codec, gop, c));
  const server = await startProbeServer(await buildProbePage(join(work, 'page')), work);
  const browser = await openProbePage(server.url);
  const rows: Row[] = [];
  try {
    for (const [codec, gop] of configs) {
      process.stderr.write(`measuring ${codec} GOP ${gop}…\n`);
      const random = seededRandom(gop * 7 + codec.length);
      const cameras = Array.from({ length: CAMERAS }, (_, c) => cameraOf(`cam${c}`, `${codec}-g${gop}-c${c}.mp4`, videoFor(codec, gop, c), FRAMES));
      const page = browser.page;
      const load = (n: number) => callProbe(page, (api, episode) => api.load(episode), episodeOf(1, cameras.slice(0, n), FRAMES, 30));
      const show = (frame: number) => callProbe(page, (api, f: number) => api.show(f), frame);
      const idle = (ms: number) => page.waitForTimeout(ms);
      const cached = (frame: number) => callProbe(page, (api, f: number) => api.cached(f), frame);
      /** Seeks to far frames that are not decoded yet: the cost of a seek the cache cannot hide. */
      const coldSeeks = async (count: number) => {
        const times: number[] = [];
        let previous = 0;
        for (let tries = 0; times.length < count && tries < count * 50; tries++) {
          const frame = Math.floor(random() * FRAMES);
          if (Math.abs(frame - previous) < FRAMES / 10 || (await cached(frame))) continue;
          times.push((await show(frame)).ms);
          previous = frame;
          await idle(150);
        }
        return times;
      };

      const bytesBefore = server.stats.mediaBytes;
      await load(CAMERAS);
      await idle(300);
      const seek = await coldSeeks(SEEKS);

      const step: number[] = [];
      for (let run = 0; run < STEP_RUNS; run++) {
        await show(Math.floor(random() * (FRAMES - STEPS_PER_RUN - 1)));
        await idle(300);
        for (let i = 0; i < STEPS_PER_RUN; i++) {
          step.push((await callProbe(page, (api) => api.step(1))).ms);
          await idle(40); // a held arrow key repeats about 25 times a second
        }
      }

      await show(0);
      await idle(500);
      const play = await callProbe(page, (api, ms: number) => api.play(ms, 1), PLAY_MS);
      const mediaMB = (server.stats.mediaBytes - bytesBefore) / 2 ** 20;

      await load(1);
      await idle(300);
      const seekOne = await coldSeeks(SEEKS);

      const backend: number[] = [];
      for (const frame of randomFarFrames(Math.min(SEEKS, 20), FRAMES, random)) backend.push(await extractFrame(join(work, `${codec}-g${gop}-c0.mp4`), frame, 30));
      rows.push({ codec, gop, seek, seekOne, step, play, backend, mediaMB });
    }
    if (browser.errors.length > 0) process.stderr.write(`page errors:\n${browser.errors.join('\n')}\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
  print(rows);
  const results = resolve(import.meta.dirname, '../results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'seek.json'), JSON.stringify(rows, null, 2));
}

function print(rows: Row[]) {
  const ms = (v: number) => v.toFixed(1).padStart(6);
  const mark = (ok: boolean) => (ok ? ' ok ' : 'MISS');
  console.log(
    `\nbench/seek — 640x480, ${FRAMES} frames at 30 fps, ${CAMERAS} cameras, Chromium ${'headless --disable-gpu'} (software decode)\n` +
      'targets: seek p95 < 50 ms, step p95 < 16 ms, playback at 30 fps with 0 dropped/late\n',
  );
  const header = 'codec | GOP | seek 3 cams p50/p95 ms     | seek 1 cam p50/p95 | step p50/p95 ms          | play 5 s: shown/dropped/late | backend ffmpeg seek p50/p95 (1 cam) | MB fetched';
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of rows) {
    const seek95 = percentile(r.seek, 95);
    const step95 = percentile(r.step, 95);
    const playOk = r.play.dropped === 0 && r.play.late === 0 && r.play.inStep;
    console.log(
      [
        r.codec.padEnd(5),
        String(r.gop).padStart(3),
        `${ms(percentile(r.seek, 50))} /${ms(seek95)} ${mark(seek95 < 50)}`.padEnd(26),
        `${ms(percentile(r.seekOne, 50))} /${ms(percentile(r.seekOne, 95))}`.padEnd(18),
        `${ms(percentile(r.step, 50))} /${ms(step95)} ${mark(step95 < 16)}`.padEnd(24),
        `${String(r.play.presented).padStart(4)} / ${r.play.dropped} / ${r.play.late} ${mark(playOk)}`.padEnd(28),
        `${ms(percentile(r.backend, 50))} /${ms(percentile(r.backend, 95))}`.padEnd(35),
        r.mediaMB.toFixed(1).padStart(6),
      ].join(' | '),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
