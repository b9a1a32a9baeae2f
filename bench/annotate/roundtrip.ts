/**
 * bench/annotate/roundtrip: an edit's round trip in the real UI, web mode, Debian's Chromium.
 *   npx tsx bench/annotate/roundtrip.ts [--quick] [--edits=300]
 * The GR1 fixture with episodes of 0, 1,000 and 10,000 annotations (bench/annotate/webStudio's mix, kept
 * out of the bottom-right corner) and one box in that corner. The select tool moves the box with a small
 * mouse drag (press, two moves, release), left and right in turn; each edit is timed from the release's
 * pointerup event in the page to the studio's marks (session.ts):
 *   UI → sent      pointerup → annotations.apply handed to the WebSocket (tool, editor commit, flush, queue)
 *   ack            pointerup → the apply's answer back in the page (the bar: p99 < 10 ms)
 *   settled        pointerup → the session idle again (the ack, then history.state for the undo button)
 *   apply in-proc  the backend's dispatch of annotations.apply (validation, SQLite transaction, edit log)
 * Each count runs twice. "mouse": every event comes from Chromium's input pipeline (Playwright's mouse),
 * as a person's does; Chromium then runs the rendering of the frame after the input before it delivers
 * the WebSocket's answer, so the ack includes the wait for that frame and its paint. "dispatched up": the
 * press and the moves are the mouse's, the release a PointerEvent dispatched on the canvas (the same React
 * handler, tool, editor and session code, without the input scheduling): what the studio's own code and
 * the wire cost. Prints one table.
 */
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { percentile, printTable } from '../table';
import { clearMarks, fillEpisode, mixedCreates, selectEpisode, startBenchStudio, waitForMarks, type BenchStudio, type Mark } from './webStudio';

const quick = process.argv.includes('--quick');
const EDITS = Number(process.argv.find((a) => a.startsWith('--edits='))?.slice(8) ?? (quick ? 60 : 300));
const WARMUP = 10;
const COUNTS = [0, 1000, 10_000];
const BUDGET_MS = 10;
/** The box every edit moves, in image pixels; the other annotations stay inside [0, FILL_AREA]². */
const TARGET = { x1: 190, y1: 190, x2: 230, y2: 230 };
const FILL_AREA = 170;
const STEP_PX = 6;

type Mode = 'mouse' | 'dispatched up';
const MODES: Mode[] = ['mouse', 'dispatched up'];

interface EditTimes {
  sent: number[];
  ack: number[];
  settled: number[];
  apply: number[];
  history: number[];
}

async function main() {
  const bench = await startBenchStudio(async (call, episodes, camera) => {
    const labels = [(await call('labels.create', { name: 'pear', color: '#ff6b6b' })).id, (await call('labels.create', { name: 'plate', color: '#4dabf7' })).id];
    for (const [i, count] of COUNTS.entries()) {
      const e = episodes[i]!;
      await fillEpisode(call, e.id, mixedCreates(count, camera, e.length, FILL_AREA, labels, i + 11));
      await fillEpisode(call, e.id, [{ op: 'create', camera, kind: 'box', frame: 0, isTrack: false, geometry: TARGET, labelId: labels[0]!, query: null, confidence: null }]);
    }
  });
  const { page } = bench;
  const loadBefore = loadavg()[0]!;
  const results = new Map<string, EditTimes>();
  try {
    for (const [i, count] of COUNTS.entries()) {
      const episode = bench.episodes[i]!;
      process.stderr.write(`${count} annotations: ${WARMUP} + ${EDITS} edits per mode…\n`);
      await selectEpisode(page, episode.id);
      await page.keyboard.press('e');
      await page.waitForSelector('.annotate[data-status=ready][data-saving=false] .annotation-canvas');
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('.player')?.getAttribute('data-frame') === '0');
      await page.keyboard.press('v');
      for (const mode of MODES) {
        process.stderr.write(`  ${mode}\n`);
        results.set(`${count}|${mode}`, await runEdits(page, bench, mode));
      }
      await page.keyboard.press('e');
      await page.waitForSelector('.annotate', { state: 'detached' });
    }
    // An even number of moves brings each box back: proof that every drag moved it and none was lost.
    for (const [i] of COUNTS.entries()) {
      const list = await bench.harness.call('annotations.list', { episodeId: bench.episodes[i]!.id });
      const box = list.find((a) => a.kind === 'box' && !a.isTrack && (a.geometry as typeof TARGET).y1 === TARGET.y1)?.geometry as typeof TARGET | undefined;
      if (!box || Math.abs(box.x1 - TARGET.x1) > 0.01 || Math.abs(box.x2 - TARGET.x2) > 0.01) {
        throw new Error(`episode ${i}: the box is at ${JSON.stringify(box)} after an even number of moves; expected ${JSON.stringify(TARGET)}`);
      }
    }
  } finally {
    await bench.close();
  }
  const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
  const three = (v: number[]) => `${percentile(v, 50).toFixed(2)} / ${percentile(v, 95).toFixed(2)} / ${percentile(v, 99).toFixed(2)}`;
  const rows = COUNTS.flatMap((count) => MODES.map((mode) => {
    const t = results.get(`${count}|${mode}`)!;
    return [
      count.toLocaleString('en'),
      mode,
      String(t.ack.length),
      three(t.sent),
      three(t.ack),
      three(t.settled),
      three(t.apply),
      percentile(t.history, 50).toFixed(2),
      percentile(t.ack, 99) < BUDGET_MS ? 'yes' : 'NO',
    ];
  }));
  printTable(
    `bench/annotate/roundtrip: move a box by mouse drag, pointerup → answer in the page, web mode, headless Chromium (ms, p50 / p95 / p99); ${load}`,
    ['annotations', 'release', 'edits', 'UI → sent', 'ack (round trip)', 'settled (+ history.state)', 'apply in-process', 'history.state in-process p50', `ack p99 < ${BUDGET_MS} ms`],
    rows,
  );
  if (bench.harness.pageErrors.length > 0) {
    console.error(`page errors:\n${bench.harness.pageErrors.join('\n')}`);
    process.exitCode = 1;
  }
}

/** EDITS timed moves of the box (after WARMUP untimed ones), the release as `mode` says. */
async function runEdits(page: Page, bench: BenchStudio, mode: Mode): Promise<EditTimes> {
  const { serverMs } = bench;
  const times: EditTimes = { sent: [], ack: [], settled: [], apply: [], history: [] };
  const centre = await pageAt(page, bench.image, (TARGET.x1 + TARGET.x2) / 2, (TARGET.y1 + TARGET.y2) / 2);
  const scale = Number(await page.getAttribute('.annotate .annotation-canvas', 'data-scale'));
  for (let edit = 0; edit < WARMUP + EDITS; edit++) {
    // Right on even edits, back on odd ones: the press is always inside the box.
    const dx = (edit % 2 === 0 ? STEP_PX : -STEP_PX) * scale;
    const from = { x: centre.x + (edit % 2 === 0 ? 0 : STEP_PX * scale), y: centre.y };
    await clearMarks(page);
    const applies = serverMs['annotations.apply']?.length ?? 0;
    const histories = serverMs['history.state']?.length ?? 0;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + dx / 2, from.y);
    await page.mouse.move(from.x + dx, from.y);
    if (mode === 'mouse') await page.mouse.up();
    else await dispatchPointerUp(page, from.x + dx, from.y);
    const log = await waitForMarks(
      page,
      () => {
        const log = (globalThis as unknown as { benchMarks: Mark[] }).benchMarks;
        const acked = log.findIndex((m) => m.name === 'annotate:apply-acked');
        return acked >= 0 && log.some((m, k) => k > acked && m.name === 'annotate:settled');
      },
      null,
    );
    if (mode !== 'mouse') {
      // Chromium still holds the button down: let it go (the tool has nothing to do with it) and let that frame pass.
      await page.mouse.up();
      await page.evaluate(() => new Promise((done) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => done(null))));
    }
    if (edit < WARMUP) continue;
    const at = (name: string) => {
      const m = log.find((x) => x.name === name);
      if (!m) throw new Error(`edit ${edit}: no "${name}" mark`);
      return m.t;
    };
    const up = at('pointerup');
    times.sent.push(at('annotate:apply-sent') - up);
    times.ack.push(at('annotate:apply-acked') - up);
    times.settled.push(log.findLast((m) => m.name === 'annotate:settled')!.t - up);
    times.apply.push(...(serverMs['annotations.apply'] ?? []).slice(applies));
    times.history.push(...(serverMs['history.state'] ?? []).slice(histories));
  }
  return times;
}

/** A pointerup of the left button at page point (x, y), dispatched on the canvas rather than input by Chromium. */
async function dispatchPointerUp(page: Page, x: number, y: number): Promise<void> {
  await page.evaluate(([px, py]) => {
    const page = globalThis as unknown as {
      document: { querySelector(s: string): { dispatchEvent(e: unknown): boolean } | null };
      PointerEvent: new (type: string, init: Record<string, unknown>) => unknown;
    };
    const canvas = page.document.querySelector('.annotate .annotation-canvas');
    canvas?.dispatchEvent(new page.PointerEvent('pointerup', { bubbles: true, cancelable: true, clientX: px, clientY: py, pointerId: 1, pointerType: 'mouse', button: 0, buttons: 0, isPrimary: true }));
  }, [x, y] as const);
}

/** Page coordinates of an image pixel, with the canvas fitted (centred, as large as it fits). */
async function pageAt(page: Page, image: { width: number; height: number }, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator('.annotate .annotation-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the annotation canvas is not on screen');
  const scale = Number(await canvas.getAttribute('data-scale'));
  return { x: box.x + (box.width - image.width * scale) / 2 + x * scale, y: box.y + (box.height - image.height * scale) / 2 + y * scale };
}

await main();
