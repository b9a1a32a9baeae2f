/**
 * Keyframing in Chromium: a box made a track by two keyframes and drawn interpolated (dashed, marked)
 * between them, an absence toggled on and off, keyframe stepping and the midpoint by key, every-Nth-frame
 * stepping, the Checks panel's jump, and a customised shortcut that survives a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract/domain';
import { startHarness, type Harness } from './harness';
import { click, drag, openAnnotate, saved, storedAnnotations, waitForFrame, type ImageSize } from './annotateUi';
import { GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let camera = '';
let image: ImageSize = { width: 0, height: 0 };

interface Keyframe {
  frame: number;
  value: { x1: number; y1: number; x2: number; y2: number } | null;
  source: string;
}

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-keyframes' });
  await h.call('labels.create', { name: 'cup', color: '#4dabf7' });
});
afterAll(async () => h?.close());

/** What the workspace drew on the frame on screen, and how each value came to be. */
async function drawn(page: Page): Promise<Array<{ id: string; mark: string; keyframe: boolean | null }>> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
  return JSON.parse((await page.getAttribute('.annotate', 'data-drawn')) ?? '[]');
}

const stored = () => storedAnnotations(h, episodeId);
const trackOf = async (id: string): Promise<Keyframe[]> => {
  const a = (await stored()).find((x: Annotation) => x.id === id);
  return (a?.geometry as { keyframes?: Keyframe[] }).keyframes ?? [];
};

let boxId = '';
let trackedId = '';

describe('keyframes in the annotation workspace', () => {
  it('sets two keyframes and draws the interpolated box, marked, on a middle frame', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    ({ episodeId, camera, image } = await openAnnotate(h));
    await waitForFrame(page, 0);

    // Class 1 for the shapes drawn next.
    await page.keyboard.press('1');
    await page.keyboard.press('b');
    await drag(page, image, [60, 60], [120, 110]);
    await saved(page);
    boxId = (await stored()).find((a) => a.kind === 'box')!.id;
    await page.keyboard.press('v');
    await click(page, image, 90, 85);

    // Every 10th frame: the frame key moves by ten, and the status says so.
    await page.fill('input[aria-label="Step frames by"]', '10');
    await page.locator('.annotation-canvas').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 20);
    expect(await page.textContent('.annotate-toolbar__status')).toContain('every 10th frame');

    await page.keyboard.press('f');
    await saved(page);
    await drag(page, image, [90, 85], [130, 85]);
    await saved(page);
    const keys = await trackOf(boxId);
    expect(keys.map((k) => k.frame)).toEqual([0, 20]);
    expect(keys[1]!.value!.x1 - keys[0]!.value!.x1).toBeCloseTo(40, 0);

    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 10);
    expect((await drawn(page)).find((d) => d.id === boxId)).toEqual({ id: boxId, mark: 'interpolated', keyframe: false });
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 20);
    expect((await drawn(page)).find((d) => d.id === boxId)).toEqual({ id: boxId, mark: 'manual', keyframe: true });
    // The lane shows both keyframes as a person's, on the timeline's scale.
    expect(await page.$$eval('.keyframes-lane__tick', (ts) => ts.map((t) => [t.getAttribute('data-frame'), t.getAttribute('data-source')]))).toEqual([
      ['0', 'manual'],
      ['20', 'manual'],
    ]);
    // Each tick sits over its frame on the player's timeline, and a click on it goes there.
    const length = (await h.call('episodes.get', { id: episodeId })).length;
    const timeline = (await page.locator('.player-timeline__track').boundingBox())!;
    const tick = (await page.locator('.keyframes-lane__tick[data-frame="20"]').boundingBox())!;
    expect(tick.x + tick.width / 2).toBeCloseTo(timeline.x + (20 / (length - 1)) * timeline.width, 0);
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await page.click('.keyframes-lane__tick[data-frame="20"]');
    await waitForFrame(page, 20);
  });

  it('plays and pauses with Space on the canvas, and steps between keyframes and to the midpoint by key', async () => {
    const { page } = h;
    await page.locator('.annotation-canvas').focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('.player[data-state=playing]');
    await page.keyboard.press('Space');
    await page.waitForSelector('.player:not([data-state=playing])');
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await page.keyboard.press('.');
    await waitForFrame(page, 20);
    await page.keyboard.press(',');
    await waitForFrame(page, 0);
    await page.keyboard.press('m');
    await waitForFrame(page, 10);
  });

  it('marks the box absent from a frame on and brings it back', async () => {
    const { page } = h;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 30);
    await page.keyboard.press('o');
    await saved(page);
    expect((await trackOf(boxId)).map((k) => [k.frame, k.value === null])).toEqual([
      [0, false],
      [20, false],
      [30, true],
    ]);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 40);
    expect((await drawn(page)).map((d) => d.id)).not.toContain(boxId);
    expect(await page.locator('.keyframes-lane__absent').count()).toBe(1);

    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 30);
    await page.keyboard.press('o');
    await saved(page);
    expect((await trackOf(boxId)).find((k) => k.frame === 30)!.value).not.toBeNull();
    expect(await page.locator('.keyframes-lane__absent').count()).toBe(0);
  });

  it('draws keyframes only when asked, and every kind with its marks', async () => {
    const { page } = h;
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 10);
    await page.click('button:has-text("Interp. shown")');
    expect((await drawn(page)).map((d) => d.id)).not.toContain(boxId);
    await page.click('button:has-text("Keyframes only")');
    expect((await drawn(page)).map((d) => d.id)).toContain(boxId);

    // A point here, and a trajectory through frames 0, 10 and 20, for the picture of every kind.
    await page.keyboard.press('p');
    await click(page, image, 200, 60);
    await saved(page);
    await page.keyboard.press('t');
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 0);
    await click(page, image, 30, 200);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 10);
    await click(page, image, 110, 215);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 20);
    await click(page, image, 200, 190);
    await page.keyboard.press('Enter');
    await saved(page);
    await page.keyboard.press('v');
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, 10);
    expect((await drawn(page)).map((d) => d.mark).sort()).toEqual(['interpolated', 'manual', 'manual']);
    await page.waitForTimeout(400);
    await screenshot(page, 'annotate-kinds');
  });

  it('lists a tracked box with keyframes far apart under Checks and jumps to it', async () => {
    const { page } = h;
    // A tracker's output from another window: two tracked keyframes 60 frames apart, nothing between.
    const box = (x: number) => ({ x1: x, y1: 150, x2: x + 40, y2: 190 });
    const created = await h.call('annotations.apply', {
      episodeId,
      command: { name: 'trackBox', undoable: true },
      changes: [
        {
          op: 'create',
          camera,
          kind: 'box',
          frame: 40,
          isTrack: true,
          source: 'tracked',
          geometry: { keyframes: [{ frame: 40, value: box(150), source: 'tracked' }, { frame: 100, value: box(190), source: 'tracked' }] },
        },
      ],
      frame: 40,
      camera,
      clientId: 'another-window',
    });
    trackedId = created.annotations[0]!.id;
    await page.click('.annotate-side__tab:has-text("Checks")');
    const row = page.locator(`.ws-checks [data-check="sparse-keyframes"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-frame')).toBe('70');
    await row.locator('button:has-text("Jump to")').click();
    await waitForFrame(page, 70);
    await page.waitForTimeout(400);
    await screenshot(page, 'annotate-checks');
    expect((await drawn(page)).find((d) => d.id === trackedId)).toEqual({ id: trackedId, mark: 'interpolated', keyframe: false });
    await page.click('.annotate-side__tab:has-text("Annotations")');
    await page.waitForSelector(`.ws-annotations [data-id="${trackedId}"][aria-selected=true]`);
    expect(await page.getAttribute(`.ws-annotations [data-id="${trackedId}"]`, 'data-source')).toBe('tracked ×2 · interp.');
    expect(h.pageErrors).toEqual([]);
  });

  it('selects from the Annotations list, seeking to it, and deletes there as one undo step', async () => {
    const { page } = h;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await page.click(`.ws-annotations [data-id="${trackedId}"]`);
    await waitForFrame(page, 40);
    await page.waitForSelector(`.ws-annotations [data-id="${trackedId}"][aria-selected=true]`);
    // Who stored it and when, once the store has answered.
    await page.waitForFunction((id) => document.querySelector(`.ws-annotations [data-id="${id}"] .ws-row__sub`)?.textContent?.includes('frames 40–'), trackedId);
    await page.click(`.ws-annotations [data-id="${trackedId}"] button[aria-label^="Delete"]`);
    await saved(page);
    expect((await stored()).map((a) => a.id)).not.toContain(trackedId);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect((await stored()).map((a) => a.id)).toContain(trackedId);
  });

  it('keeps a customised shortcut after a reload', async () => {
    const { page } = h;
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const row = page.locator('.shortcut-edit[data-action="keyframe.set"]');
    await row.waitFor();
    // A chord another action has is named as a conflict...
    await row.locator('.shortcut-edit__keys').click();
    await page.keyboard.press('b');
    await page.waitForSelector('.shortcuts-editor__conflicts');
    expect(await page.textContent('.shortcuts-editor__conflicts')).toContain('New box and Make this frame a keyframe');
    await screenshot(page, 'shortcuts-edit');
    // ...and resolved by choosing another.
    await row.locator('.shortcut-edit__keys').click();
    await page.keyboard.press('g');
    expect(await row.locator('kbd').textContent()).toBe('G');
    expect(await page.locator('.shortcuts-editor__conflicts').count()).toBe(0);
    await page.keyboard.press('Escape');

    await page.reload();
    await openAnnotate(h);
    await waitForFrame(page, 0);
    await page.keyboard.press('v');
    await click(page, image, 90, 85);
    const last = (await h.call('episodes.get', { id: episodeId })).length - 1;
    await page.keyboard.press('End');
    await waitForFrame(page, last);
    await page.keyboard.press('f');
    await page.keyboard.press('g');
    await saved(page);
    const frames = (await trackOf(boxId)).map((k) => k.frame);
    expect(frames).toContain(last);
    expect(frames).toEqual([0, 20, 30, last]);
    expect(h.pageErrors).toEqual([]);
  });
});
