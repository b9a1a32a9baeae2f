/**
 * bench/annotate/canvas: the annotation canvas while panning and zooming, in Debian's Chromium.
 *   npx tsx bench/annotate/canvas.ts [--quick] [--seconds=5]
 * A 1280×720 stage and frame with 1,000 and 5,000 annotations (points, boxes, 12-vertex trajectories,
 * all labelled); a requestAnimationFrame loop moves the viewport every frame. Headless Chromium runs
 * with --disable-gpu, so Skia rasterises in software: a GPU-backed desktop does better than this.
 * The annotations layer blits its last raster while the view moves and repaints when the view settles
 * or outgrows it ("repaints"; "fresh frame ms" is a frame that repaints everything, as an edit does).
 * Prints one table and saves a screenshot of 1,000 annotations at 2× zoom with the crosshair.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/e2e/chromium';
import { percentile, printTable } from '../table';
import { buildCanvasPage, serveCanvasPage } from './page/bundle';

const quick = process.argv.includes('--quick');
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? (quick ? 2 : 5));
const COUNTS = [1000, 5000];
const TARGET_FPS: Record<number, number> = { 1000: 60, 5000: 30 };
export const SCREENSHOT = resolve(import.meta.dirname, '../results/annotate-canvas-1000.png');

interface RunResult {
  frameMs: number[];
  /** Every draw of the annotations layer, and those that painted afresh (edits, settled or far views). */
  drawMs: number[];
  repaintMs: number[];
  ops: number;
}

/** Calls the page's bench API; the function is sent as source, so it may use only its argument. */
const call = <T>(page: Page, source: string, arg?: unknown): Promise<T> =>
  page.evaluate(([body, value]) => new Function('bench', 'arg', `return (${body})(bench, arg)`)((globalThis as Record<string, unknown>).canvasBench, value), [source, arg] as const) as Promise<T>;

async function main() {
  const dir = await buildCanvasPage();
  const server = await serveCanvasPage(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  const rows: string[][] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => 'canvasBench' in globalThis);
    for (const count of COUNTS) {
      process.stderr.write(`${count} annotations: ${seconds}s of pan + zoom…\n`);
      const loaded = await call<{ ops: number; compileMs: number }>(page, '(b, n) => b.load(n)', count);
      await call(page, '(b, ms) => b.run(ms)', 500); // warm-up: JIT, font cache, layer canvases
      const run = await call<RunResult>(page, '(b, ms) => b.run(ms)', seconds * 1000);
      const fresh = await freshPaintMs(page);
      const total = run.frameMs.reduce((a, b) => a + b, 0);
      const fps = (run.frameMs.length / total) * 1000;
      rows.push([
        String(count),
        String(loaded.ops),
        loaded.compileMs.toFixed(1),
        String(run.frameMs.length),
        `${run.drawMs.length} / ${run.repaintMs.length}`,
        percentile(run.frameMs, 50).toFixed(1),
        percentile(run.frameMs, 95).toFixed(1),
        Math.max(...run.frameMs).toFixed(1),
        fps.toFixed(1),
        percentile(run.drawMs, 50).toFixed(2),
        run.repaintMs.length ? percentile(run.repaintMs, 50).toFixed(1) : '-',
        fresh.toFixed(1),
        `${TARGET_FPS[count]}`,
        fps >= TARGET_FPS[count]! * 0.95 ? 'yes' : 'NO',
      ]);
    }
    await screenshot(page);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    `bench/annotate/canvas: 1280×720 stage, continuous pan + zoom for ${seconds}s, headless Chromium (software raster)`,
    ['annotations', 'draw ops', 'render+compile ms', 'frames', 'draws / repaints', 'frame p50 ms', 'frame p95 ms', 'frame max ms', 'fps', 'draw p50 ms', 'repaint p50 ms', 'fresh frame ms', 'target fps', 'met'],
    rows,
  );
  console.log(`screenshot: ${SCREENSHOT}`);
  if (errors.length > 0) {
    console.error(`page errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
}

/**
 * What a frame costs when everything is painted afresh (an edit of a static annotation, a settled
 * view): the median interval of frames in which the layer repaints every time, measured by loading a
 * new (equal) draw list per frame so no raster can be reused.
 */
async function freshPaintMs(page: Page): Promise<number> {
  const times = await call<number[]>(page, '(b) => b.repaintEveryFrame(20)');
  return percentile(times, 50);
}

/** 1,000 annotations at 2× around the frame's centre, one selected box with handles, the crosshair on. */
async function screenshot(page: Page): Promise<void> {
  await call(page, '(b, n) => b.load(n)', 1000);
  await call(page, '(b) => b.setViewport({ scale: 2, x: 640 - 640 * 2, y: 360 - 400 * 2 })');
  await call(page, '(b) => b.setAdjust({ brightness: 1.3, contrast: 1.2 })');
  const box = { x1: 600, y1: 380, x2: 680, y2: 440 };
  await call(
    page,
    `(b, g) => b.select([{ type: 'rect', x: g.x1, y: g.y1, width: g.x2 - g.x1, height: g.y2 - g.y1, stroke: '#fff', strokeWidth: 2 }],
      [{ id: 'nw', x: g.x1, y: g.y1 }, { id: 'ne', x: g.x2, y: g.y1 }, { id: 'se', x: g.x2, y: g.y2 }, { id: 'sw', x: g.x1, y: g.y2 }])`,
    box,
  );
  await page.mouse.move(500, 300);
  await page.mouse.move(521, 311);
  await page.waitForTimeout(200);
  mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
}

await main();
