/**
 * Annotating an episode in Chromium with the mouse: the annotation mode over the player, a point, a
 * box and a trajectory stored through annotations.apply, a move undone and redone on the backend's
 * history, and everything still there after a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract/domain';
import { startHarness, type Harness } from './harness';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let image = { width: 0, height: 0 };
let pear = 0;

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-annotate' });
  pear = (await h.call('labels.create', { name: 'pear', color: '#ff6b6b' })).id;
});
afterAll(async () => h?.close());

/** Page coordinates of an image pixel, with the canvas fitted (centred, as large as it fits). */
async function at(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator('.annotate .annotation-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the annotation canvas is not on screen');
  const scale = Number(await canvas.getAttribute('data-scale'));
  return {
    x: box.x + (box.width - image.width * scale) / 2 + x * scale,
    y: box.y + (box.height - image.height * scale) / 2 + y * scale,
  };
}

async function click(page: Page, x: number, y: number): Promise<void> {
  const p = await at(page, x, y);
  await page.mouse.click(p.x, p.y);
}

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await at(page, ...from);
  const b = await at(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** Every call the workspace queued has been answered. */
async function saved(page: Page): Promise<void> {
  // One frame first, so the render that marks the new call as pending has happened.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
  await page.waitForSelector('.annotate[data-status=ready][data-saving=false]');
}

const stored = () => h.call('annotations.list', { episodeId });
const byKind = (list: Annotation[], kind: string) => list.find((a) => a.kind === kind);
const boxOf = async () => byKind(await stored(), 'box')?.geometry as { x1: number; y1: number; x2: number; y2: number };

async function waitForFrame(page: Page, frame: number): Promise<void> {
  await page.waitForFunction((f) => document.querySelector('.player')?.getAttribute('data-frame') === String(f), frame);
}

describe('the annotation workspace', () => {
  it('draws a point, a box and a trajectory with the mouse and stores them', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    await page.click('.episode-row >> nth=0');
    await page.waitForSelector('.episode-view[data-episode-id]');
    episodeId = Number(await page.getAttribute('.episode-view', 'data-episode-id'));
    await focusWorkspace(page);
    await page.keyboard.press('e');
    await page.waitForSelector('.annotate[data-status=ready] .annotation-canvas');
    const camera = (await page.textContent('.annotate-toolbar__status'))!.split(' · ')[0]!;
    const info = (await h.call('episodes.get', { id: episodeId })).cameras.find((c) => c.name === camera)!;
    image = { width: info.width, height: info.height };
    await waitForFrame(page, 0);
    // With nothing selected, 1 picks the first class for the shapes drawn next.
    await page.waitForSelector('select[aria-label="Class of new shapes"]');
    await page.keyboard.press('1');
    expect(await page.inputValue('select[aria-label="Class of new shapes"]')).toBe(String(pear));

    await page.keyboard.press('p');
    await click(page, 40, 50);
    await saved(page);
    await page.keyboard.press('b');
    await drag(page, [100, 100], [180, 160]);
    await saved(page);
    await page.keyboard.press('t');
    await click(page, 30, 200);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 5);
    await click(page, 120, 220);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 10);
    await click(page, 210, 180);
    const pointer = await at(page, 240, 120);
    await page.mouse.move(pointer.x, pointer.y);
    await screenshot(page, 'annotate-drawing');
    await page.keyboard.press('Enter');
    await saved(page);

    const list = await stored();
    expect(list.map((a) => a.kind).sort()).toEqual(['box', 'point', 'trajectory']);
    expect(list.map((a) => a.labelId)).toEqual([pear, pear, pear]);
    const point = byKind(list, 'point')!;
    expect(point.frameStart).toBe(0);
    expect(point.geometry).toMatchObject({ x: expect.closeTo(40, 0), y: expect.closeTo(50, 0) });
    const box = (await boxOf())!;
    expect(box.x1).toBeCloseTo(100, 0);
    expect(box.y1).toBeCloseTo(100, 0);
    expect(box.x2).toBeCloseTo(180, 0);
    expect(box.y2).toBeCloseTo(160, 0);
    const trajectory = byKind(list, 'trajectory')!.geometry as { points: { x: number; y: number; frame: number }[] };
    expect(trajectory.points.map((p) => p.frame)).toEqual([0, 5, 10]);
    expect(trajectory.points[2]!.x).toBeCloseTo(210, 0);
  });

  it('moves the box, and undoes and redoes the move on the backend', async () => {
    const { page } = h;
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    const before = await boxOf();
    await page.keyboard.press('v');
    await drag(page, [140, 130], [170, 150]);
    await saved(page);
    const moved = await boxOf();
    expect(moved.x1).toBeCloseTo(before.x1 + 30, 0);
    expect(moved.y1).toBeCloseTo(before.y1 + 20, 0);

    // Undo from another frame: the player comes back to the frame of the move.
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 1);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(await boxOf()).toEqual(before);
    await waitForFrame(page, 0);
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(await boxOf()).toEqual(moved);
    expect(await page.getAttribute('.annotate-toolbar__history button:has-text("Undo")', 'title')).toBe('Undo move annotation');
    expect(await page.textContent('.annotate-toolbar__status')).toContain('3 annotations');
  });

  it('shows everything again after a reload', async () => {
    const { page } = h;
    const ids = (await stored()).map((a) => a.id).sort();
    await page.reload();
    await page.click('.episode-row >> nth=0');
    await page.waitForSelector('.episode-view[data-episode-id]');
    await focusWorkspace(page);
    await page.keyboard.press('e');
    await page.waitForSelector('.annotate[data-status=ready] .annotation-canvas');
    await page.waitForFunction(() => document.querySelector('.annotate-toolbar__status')?.textContent?.includes('3 annotations'));
    expect((await stored()).map((a) => a.id).sort()).toEqual(ids);
    // Select the box so its handles show in the picture, and give the frame a moment to decode.
    await page.keyboard.press('v');
    await click(page, 175, 155);
    await saved(page);
    await page.waitForTimeout(500);
    await screenshot(page, 'annotate');
    expect(h.pageErrors).toEqual([]);
  });

  it("shows another window's edit without a reload", async () => {
    const { page } = h;
    const camera = (await page.textContent('.annotate-toolbar__status'))!.split(' · ')[0]!;
    await h.call('annotations.apply', {
      episodeId,
      command: { name: 'createAnnotation', undoable: true },
      changes: [{ op: 'create', camera, kind: 'point', frame: 0, geometry: { x: 200, y: 40 } }],
      frame: 0,
      camera,
      clientId: 'another-window',
    });
    await page.waitForFunction(() => document.querySelector('.annotate-toolbar__status')?.textContent?.includes('4 annotations'));
    expect(h.pageErrors).toEqual([]);
  });
});
