/**
 * `npm run bench:replay`: the rollout player's replay in Debian's Chromium (headless, --disable-gpu, the
 * e2e harness's flags), with all four overlays on and with them off. Real sim rollouts at 320×240 with two
 * cameras and the policy's point, box and trajectory every step (recorded by the worker's recording path,
 * test/e2e/rolloutPlayer/recordFailure.ts), stored in a project with storeRolloutFolders, served by the web
 * shell to the player's page (its dev page, bundled as the e2e test does).
 * Every repeat opens each condition afresh (a new engine and an empty frame cache) and measures:
 *   seek   a click at a random spot of the timeline, and Home / End, from the input event to the first
 *          paint after the new step and its overlays are committed; these come first, before any play,
 *          and the table counts those whose frame had to be decoded (the rest were in the frame cache);
 *   play   from step 0 to the end at 1×, 2× and the fastest speed the player offers: steps presented per
 *          second (a new step on screen at an animation frame), against the rollout's fps × speed, steps
 *          skipped on the way, and the share of the time the page's main thread was busy (Chromium's
 *          TaskDuration over the play: the headroom left when every step is shown).
 * Medians over the repeats (seeks: median and p95 of all of them). Then a screenshot mid-playback with all
 * overlays on: test-results/screenshots/replay-overlays.png.
 * Options: --rollouts 3 --repeat 3 --seeks 8 --seconds 3 (of playback per speed) --keep
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { closeProject, createProject } from '../../src/core/project/project';
import { storeRolloutFolders } from '../../src/core/rollouts/store';
import { createStudio } from '../../src/core/studio';
import { SPEEDS } from '../../src/renderer/playback/store';
import { startHarness } from '../../test/e2e/harness';
import { buildRolloutPlayerPage } from '../../test/e2e/rolloutPlayer/bundle';
import { recordRollout, SIZE } from '../../test/e2e/rolloutPlayer/recordFailure';
import { median, percentile, printTable } from '../table';
import { random } from '../annotate/webStudio';
import { installReplayProbe, playerStatus, playThrough, timeSeek, waitForPlayer, type Painted, type PlayerStatus, type SeekTiming } from './replayPage';

const { values } = parseArgs({
  options: {
    rollouts: { type: 'string', default: '3' },
    repeat: { type: 'string', default: '3' },
    seeks: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});

const LAYERS = ['predicted', 'future', 'truth', 'path'] as const;
const FASTEST = Math.max(...SPEEDS);
const PLAY_SPEEDS = [...new Set([1, 2, FASTEST])];
const SCREENSHOT = resolve(import.meta.dirname, '../../test-results/screenshots/replay-overlays.png');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-bench-replay-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Play {
  /** Steps on screen per second, from the first step after the start to the last. */
  rate: number;
  shown: number;
  skipped: number;
  /** Mean overlay shapes on screen per presented step (0 with overlays off). */
  shapes: number;
  /** Share of the time the page's main thread was busy while playing (all its tasks: React, overlays, plots, canvas). */
  busy: number;
  /** Animation frames per second meanwhile. */
  display: number;
}

interface Run {
  seekClick: SeekTiming[];
  seekKey: SeekTiming[];
  play: Map<number, Play>;
}

async function recordProject(): Promise<{ projectDir: string; ids: number[] }> {
  const count = Number(values.rollouts);
  const folders: string[] = [];
  // The place task, the longest of the scripted expert's (30-odd steps): every step has a predicted point,
  // box and path (drifting off the target after step 6), the target's truth and the gripper's path, so all
  // four overlays draw all the way through.
  for (let seed = 1; seed <= count; seed++) {
    log(`recording rollout ${seed}/${count}...`);
    folders.push(await recordRollout(join(temp, `rec-${seed}`), seed, { letGo: false, driftFrom: 6, policy: 'scripted, drifting grounding', family: 'place' }));
  }
  const projectDir = join(temp, 'project');
  const project = createProject(projectDir, { name: 'replay bench' });
  try {
    const evaluation = project.repos.rollouts.createEvaluation({ name: 'replay bench', source: 'sim' });
    return { projectDir, ids: await storeRolloutFolders(project, evaluation, folders) };
  } finally {
    closeProject(project);
  }
}

let opens = 0;
/** Opens a rollout in a new player (a new engine: nothing decoded) and sets the overlays. */
async function open(page: Page, id: number, overlays: boolean): Promise<PlayerStatus> {
  await page.evaluate((hash) => void ((globalThis as unknown as { location: { hash: string } }).location.hash = hash), `rollout=${id}&open=${++opens}`);
  await waitForPlayer(page, id);
  for (const layer of LAYERS) {
    const box = page.locator(`input[data-layer="${layer}"]`);
    if ((await box.isChecked()) !== overlays) await box.click();
  }
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const status = await playerStatus(page);
  if (overlays !== status.shapes > 0) throw new Error(`overlays ${overlays ? 'on' : 'off'}, yet ${status.shapes} shapes are drawn at step ${status.step}`);
  return status;
}

const latency = (s: SeekTiming) => {
  if (s.input === null) throw new Error('the seek happened without an input event');
  return s.painted - s.input;
};

async function seeks(page: Page, count: number, overlays: boolean, seed: number): Promise<{ click: SeekTiming[]; key: SeekTiming[] }> {
  const r = random(seed);
  const timeline = page.locator('.rollout-player > .player-timeline');
  const box = (await timeline.boundingBox())!;
  const click: SeekTiming[] = [];
  const key: SeekTiming[] = [];
  const check = (s: SeekTiming) => {
    if (overlays !== s.shapes > 0) throw new Error(`step ${s.step} was committed with ${s.shapes} overlay shapes, overlays ${overlays ? 'on' : 'off'}`);
  };
  for (let i = 0; i < count; i++) {
    const { step } = await playerStatus(page);
    // Alternate halves so every click lands far from the step shown.
    const at = (i % 2 === 0 ? 0.55 + 0.4 * r() : 0.05 + 0.4 * r()) * box.width;
    const s = await timeSeek(page, step, () => page.mouse.click(box.x + at, box.y + box.height / 2));
    check(s);
    click.push(s);
    await page.waitForTimeout(150);
    if (i % 2 === 1) {
      const k = await timeSeek(page, s.step, () => page.keyboard.press(i % 4 === 1 ? 'End' : 'Home'));
      check(k);
      key.push(k);
      await page.waitForTimeout(150);
    }
  }
  return { click, key };
}

/** Chromium's count of the renderer main thread's task time and the time it was read at, in seconds. */
interface Busy {
  task: number;
  at: number;
}

/**
 * Plays from step 0 to the end at `speed`, again and again until --seconds of playback are measured
 * (a rollout of 30 steps lasts under a second at 4×).
 */
async function play(page: Page, busy: () => Promise<Busy>, speed: number, length: number, fps: number): Promise<Play> {
  await page.locator('select[aria-label="Playback speed"]').selectOption(String(speed));
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const total = { seconds: 0, intervals: 0, frames: 0, shown: 0, skipped: 0, shapes: 0, busy: 0, wall: 0 };
  while (total.seconds < Number(values.seconds)) {
    const { step } = await playerStatus(page);
    if (step !== 0) await timeSeek(page, step, () => page.keyboard.press('Home'));
    const busyBefore = await busy();
    const painted: Painted[] = await playThrough(page, (4 * 1000 * length) / (fps * speed) + 10_000);
    const busyAfter = await busy();
    total.busy += busyAfter.task - busyBefore.task;
    total.wall += busyAfter.at - busyBefore.at;
    const moving = painted.filter((p) => p.step > 0);
    const last = moving.at(-1)!;
    if (last.step !== length - 1) throw new Error(`playback at ${speed}× stopped at step ${last.step} of ${length - 1}`);
    total.seconds += (last.t - moving[0]!.t) / 1000;
    total.intervals += moving.length - 1;
    total.frames += last.frame - moving[0]!.frame;
    total.shown += moving.length;
    total.skipped += length - 1 - moving.length;
    total.shapes += moving.reduce((n, p) => n + p.shapes, 0);
  }
  return { rate: total.intervals / total.seconds, shown: total.shown, skipped: total.skipped, shapes: total.shapes / total.shown, busy: total.busy / total.wall, display: total.frames / total.seconds };
}

async function main() {
  const repeat = Number(values.repeat);
  const seekCount = Number(values.seeks);
  const [{ projectDir, ids }, pageDir] = await Promise.all([recordProject(), buildRolloutPlayerPage(join(temp, 'page'))]);
  const lengths = new Map<number, number>();
  let fps = 0;
  const studio = await createStudio({ shell: 'web', dataDir: join(temp, 'data'), projectDir });
  const harness = await startHarness({ studio, rendererDir: pageDir });
  const { page } = harness;
  // Chromium's own count of the renderer main thread's task time (seconds, since the page started).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async (): Promise<Busy> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { task: value('TaskDuration'), at: value('Timestamp') };
  };
  const runs: Record<'on' | 'off', Run[]> = { on: [], off: [] };
  const loadBefore = loadavg()[0]!;
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await installReplayProbe(page);
    for (let r = 0; r < repeat; r++) {
      const which = r % ids.length;
      // Alternate which condition goes first, so a drift of the machine's load falls on both.
      for (const overlays of r % 2 === 0 ? [true, false] : [false, true]) {
        log(`repeat ${r + 1}/${repeat}, rollout #${ids[which]}, overlays ${overlays ? 'on' : 'off'}...`);
        const opened = await open(page, ids[which]!, overlays);
        lengths.set(opened.rollout, opened.length);
        fps = opened.fps;
        const seek = await seeks(page, seekCount, overlays, 100 + r);
        const played = new Map<number, Play>();
        for (const speed of PLAY_SPEEDS) played.set(speed, await play(page, busy, speed, opened.length, fps));
        runs[overlays ? 'on' : 'off'].push({ seekClick: seek.click, seekKey: seek.key, play: played });
      }
    }
    await screenshotMidPlayback(page, ids[0]!);
    if (harness.pageErrors.length) throw new Error(`the page reported errors: ${harness.pageErrors.join('; ')}`);
  } finally {
    await harness.close();
    await studio.close();
    if (!values.keep) rmSync(temp, { recursive: true, force: true });
    else log(`kept ${temp}`);
  }

  const rows: string[][] = [];
  const display: number[] = [];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const ratio = (on: number, off: number) => `${(on / off).toFixed(2)}`;
  for (const speed of PLAY_SPEEDS) {
    const of = (c: 'on' | 'off', pick: (p: Play) => number) => median(runs[c].map((run) => pick(run.play.get(speed)!)));
    const on = of('on', (p) => p.rate);
    const off = of('off', (p) => p.rate);
    rows.push([
      `play ${speed}× (target ${fps * speed}/s)`,
      `${on.toFixed(1)}/s, ${of('on', (p) => p.skipped)} of ${of('on', (p) => p.shown + p.skipped)} skipped, ${of('on', (p) => p.shapes).toFixed(1)} shapes`,
      `${off.toFixed(1)}/s, ${of('off', (p) => p.skipped)} of ${of('off', (p) => p.shown + p.skipped)} skipped`,
      ratio(on, off),
    ]);
    const busyOn = of('on', (p) => p.busy);
    const busyOff = of('off', (p) => p.busy);
    const pct = (v: number) => `${(100 * v).toFixed(0)} %`;
    rows.push([`  main thread busy at ${speed}×`, pct(busyOn), pct(busyOff), ratio(busyOn, busyOff)]);
    display.push(...runs.on.map((run) => run.play.get(speed)!.display), ...runs.off.map((run) => run.play.get(speed)!.display));
  }
  const seekRows: [string, (run: Run) => SeekTiming[]][] = [
    ['seek: timeline click', (run) => run.seekClick],
    ['seek: Home / End', (run) => run.seekKey],
    // Most targets of a 30-step rollout are in the frame cache by the first seek: these are the others.
    ['  of both, those decoded', (run) => [...run.seekClick, ...run.seekKey].filter((s) => s.decoded)],
  ];
  for (const [name, pick] of seekRows) {
    const on = runs.on.flatMap(pick);
    const off = runs.off.flatMap(pick);
    if (on.length === 0 || off.length === 0) continue;
    const cell = (seeks: SeekTiming[]) => {
      const t = seeks.map(latency);
      return `${ms(median(t))} / p95 ${ms(percentile(t, 95))}, ${seeks.filter((s) => s.decoded).length} of ${seeks.length} decoded`;
    };
    const [a, b] = [on.map(latency), off.map(latency)];
    rows.push([name, cell(on), cell(off), `${ratio(median(a), median(b))} / ${ratio(percentile(a, 95), percentile(b, 95))}`]);
  }
  const loadAfter = loadavg()[0]!;
  printTable(
    `Rollout replay in Chromium (${SIZE.width}×${SIZE.height}, 2 cameras, ${fps} fps, ${[...lengths.values()].join('/')} steps; display ${median(display).toFixed(0)} animation frames/s; ${repeat} repeats, medians; load ${loadBefore.toFixed(1)}→${loadAfter.toFixed(1)} on ${cpus().length} cores)`,
    ['measure', 'all 4 overlays on', 'overlays off', 'on / off'],
    rows,
  );
  log(`screenshot: ${SCREENSHOT}`);
}

/** All overlays on, playing at 1×, a third of the way in. */
async function screenshotMidPlayback(page: Page, id: number): Promise<void> {
  const { length } = await open(page, id, true);
  await page.locator('.rollout-player > .player-transport button[aria-label="Play"]').click();
  await page.waitForFunction(
    (at) => Number((globalThis as unknown as { replayBench: { status(): { step: number } } }).replayBench.status().step) >= at,
    Math.floor(length / 3),
    { timeout: 30_000 },
  );
  mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  await page.keyboard.press('Space');
}

await main();
