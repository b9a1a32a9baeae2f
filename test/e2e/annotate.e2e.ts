/**
 * Annotating an episode in Chromium with the mouse: the annotation mode over the player, a point, a
 * box and a trajectory stored through annotations.apply, a move undone and redone on the backend's
 * history, and everything still there after a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract/domain';
import { startHarness, type Harness } from './harness';
import { at, click, drag, openAnnotate, saved, storedAnnotations, waitForFrame, type ImageSize } from './annotateUi';
import { GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let image: ImageSize = { width: 0, height: 0 };
let pear = 0;

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-annotate' });
  pear = (await h.call('labels.create', { name: 'pear', color: '#ff6b6b' })).id;
});
afterAll(async () => h?.close());

const stored = () => storedAnnotations(h, episodeId);
const byKind = (list: Annotation[], kind: string) => list.find((a) => a.kind === kind);
const boxOf = async () => byKind(await stored(), 'box')?.geometry as { x1: number; y1: number; x2: number; y2: number };

describe('the annotation workspace', () => {
  it('draws a point, a box and a trajectory with the mouse and stores them', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    ({ episodeId, image } = await openAnnotate(h));
    await waitForFrame(page, 0);
    // With nothing selected, 1 picks the first class for the shapes drawn next.
    await page.waitForSelector('select[aria-label="Class of new shapes"]');
    await page.keyboard.press('1');
    expect(await page.inputValue('select[aria-label="Class of new shapes"]')).toBe(String(pear));

    await page.keyboard.press('p');
    await click(page, image, 40, 50);
    await saved(page);
    await page.keyboard.press('b');
    await drag(page, image, [100, 100], [180, 160]);
    await saved(page);
    await page.keyboard.press('t');
    await click(page, image, 30, 200);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 5);
    await click(page, image, 120, 220);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 10);
    await click(page, image, 210, 180);
    const pointer = await at(page, image, 240, 120);
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
    await drag(page, image, [140, 130], [170, 150]);
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
    await openAnnotate(h);
    await page.waitForFunction(() => document.querySelector('.annotate-toolbar__status')?.textContent?.includes('3 annotations'));
    expect((await stored()).map((a) => a.id).sort()).toEqual(ids);
    // Select the box so its handles show in the picture, and give the frame a moment to decode.
    await page.keyboard.press('v');
    await click(page, image, 175, 155);
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
