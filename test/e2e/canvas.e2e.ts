/**
 * The annotation canvas in Chromium, on the canvas bench page (bench/annotate/page): navigation
 * stays with the canvas, everything else reaches tools as pointer events in image pixels.
 */
import { rmSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCanvasPage, serveCanvasPage, type PageServer } from '../../bench/annotate/page/bundle';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

interface Viewport {
  scale: number;
  x: number;
  y: number;
}
interface Event {
  type: string;
  x?: number;
  y?: number;
  button?: number;
  key?: string;
}

let dir = '';
let server: PageServer;
let browser: Browser;
let page: Page;

/** Runs `source` (a function of the page's bench API) in the page; sent as text so nothing is closed over. */
const call = <T>(source: string, arg?: unknown): Promise<T> =>
  page.evaluate(([body, value]) => new Function('bench', 'arg', `return (${body})(bench, arg)`)((globalThis as Record<string, unknown>).canvasBench, value), [source, arg] as const) as Promise<T>;
const viewport = () => call<Viewport>('(b) => b.viewport()');
const events = () => call<Event[]>('(b) => b.takeEvents()');
const toImage = (v: Viewport, x: number, y: number) => ({ x: (x - v.x) / v.scale, y: (y - v.y) / v.scale });

beforeAll(async () => {
  dir = await buildCanvasPage();
  server = await serveCanvasPage(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => 'canvasBench' in globalThis, undefined, { timeout: 10_000 }).catch(() => {
    throw new Error(`the canvas page did not start: ${errors.join('; ') || 'no page error'}`);
  });
  await page.waitForFunction(() => 'canvasBench' in globalThis);
  await call('(b) => b.load(200)');
  await page.locator('.annotation-canvas').focus();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the annotation canvas', () => {
  it('passes clicks to tools in image pixels', async () => {
    await call('(b) => b.setViewport({ scale: 4, x: -100, y: -60 })');
    await events();
    await page.mouse.move(302, 198);
    await page.mouse.down();
    await page.mouse.up();
    const down = (await events()).find((e) => e.type === 'down')!;
    expect(down.button).toBe(0);
    expect(down.x).toBeCloseTo(100.5, 5);
    expect(down.y).toBeCloseTo(64.5, 5);
  });

  it('zooms with the wheel around the cursor', async () => {
    const before = await viewport();
    await page.mouse.move(640, 300);
    const anchor = toImage(before, 640, 300);
    await page.mouse.wheel(0, -240);
    await page.waitForFunction((scale) => Number(document.querySelector('.annotation-canvas')?.getAttribute('data-scale')) > scale + 0.001, before.scale);
    const after = await viewport();
    expect(after.scale).toBeGreaterThan(before.scale);
    const still = toImage(after, 640, 300);
    expect(still.x).toBeCloseTo(anchor.x, 3);
    expect(still.y).toBeCloseTo(anchor.y, 3);
  });

  it('pans with Space+drag and the middle button without telling tools', async () => {
    const start = await viewport();
    await events();
    await page.keyboard.down(' ');
    await page.mouse.move(400, 400);
    await page.mouse.down();
    await page.mouse.move(450, 380, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    let v = await viewport();
    expect(v.x - start.x).toBeCloseTo(50, 5);
    expect(v.y - start.y).toBeCloseTo(-20, 5);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(430, 390, { steps: 3 });
    await page.mouse.up({ button: 'middle' });
    v = await viewport();
    expect(v.x - start.x).toBeCloseTo(30, 5);
    const told = (await events()).filter((e) => e.type === 'down' || e.type === 'up' || e.type === 'space-tap');
    expect(told).toEqual([]);
  });

  it('hands a Space tap on to the player and other keys to tools', async () => {
    await events();
    await page.keyboard.press(' ');
    await page.keyboard.press('b');
    expect((await events()).filter((e) => e.type !== 'move')).toEqual([{ type: 'space-tap' }, { type: 'key', key: 'b' }]);
  });

  it('fits with F and shows 1:1 with =', async () => {
    await page.keyboard.press('=');
    expect((await viewport()).scale).toBe(1);
    await page.keyboard.press('f');
    const fitted = await viewport();
    // The 720-pixel height is what limits a 1280×720 frame in a 1280×720 view with an 8-pixel margin.
    expect(fitted.scale).toBeCloseTo((720 - 16) / 720, 5);
    expect(await events()).toEqual([]);
  });

  it('shows the crosshair with the integer pixel under the cursor', async () => {
    await call('(b) => b.setViewport({ scale: 8, x: 0, y: 0 })');
    await page.mouse.move(8 * 10 + 3, 8 * 20 + 7);
    await page.waitForTimeout(100);
    const label = await page.evaluate(() => {
      const stage = (globalThis as { Konva?: { stages: Array<{ find(selector: string): Array<{ getClassName(): string; text?(): string }> }> } }).Konva?.stages[0];
      return stage?.find('Text').map((t) => t.text?.() ?? '') ?? [];
    });
    expect(label).toContain('10, 20');
  });
});
