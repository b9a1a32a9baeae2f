/**
 * Tracking in Chromium: draw a box around the robot's right hand on the GR1 fixture, track it forward
 * from the Track panel, and find the tracked keyframes stored (source 'tracked'), drawn where the hand
 * went on later frames, the flagged frame one click away, and all of it gone after one undo.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackGeometry } from '../../src/shared/contract/annotations';
import { startHarness, type Harness } from './harness';
import { at, drag, openAnnotate, saved, storedAnnotations, waitForFrame, type ImageSize } from './annotateUi';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let image: ImageSize = { width: 0, height: 0 };

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-tracking' });
});
afterAll(async () => h?.close());

/** Whether any layer above the video has paint at an image pixel (the box's outline there). */
async function paintedAt(page: Page, x: number, y: number): Promise<boolean> {
  const p = await at(page, image, x, y);
  return page.evaluate(({ px, py }) => {
    const layers = [...document.querySelectorAll<HTMLCanvasElement>('.annotate .annotation-canvas canvas')].slice(1);
    return layers.some((c) => {
      const r = c.getBoundingClientRect();
      const ratio = c.width / r.width;
      const ctx = c.getContext('2d');
      if (!ctx) return false;
      // A 5 x 5 neighbourhood: the outline is a couple of pixels wide.
      const data = ctx.getImageData(Math.round((px - r.left) * ratio) - 2, Math.round((py - r.top) * ratio) - 2, 5, 5).data;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
      return false;
    });
  }, { px: p.x, py: p.y });
}

const stored = () => storedAnnotations(h, episodeId, 'box');

describe('tracking from the Track panel', () => {
  it('tracks a drawn box forward, stores tracked keyframes, draws them and flags where it stopped', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    ({ episodeId, image } = await openAnnotate(h));
    await waitForFrame(page, 0);

    // The robot's right hand, which moves right over the first frames.
    await page.keyboard.press('b');
    await drag(page, image, [195, 125], [245, 185]);
    await saved(page);
    await page.click('.annotate-side__tab:has-text("Track")');
    await page.waitForSelector('.track-panel__target:has-text("Box on frame 0")');
    await page.fill('input[aria-label="Frames to track"]', '20');
    await page.click('button:has-text("Track forward")');
    await page.waitForSelector('.track-panel__outcome');
    await saved(page);

    const [box] = await stored();
    const keyframes = (box!.geometry as TrackGeometry).keyframes;
    expect(box!.isTrack).toBe(true);
    expect(keyframes[0]).toMatchObject({ frame: 0, source: 'manual' });
    const tracked = keyframes.slice(1);
    expect(tracked.length).toBeGreaterThanOrEqual(3);
    tracked.forEach((k, i) => {
      expect(k).toMatchObject({ frame: i + 1, source: 'tracked' });
      // The panel's default threshold: anything less confident was flagged, not stored.
      expect(k.confidence).toBeGreaterThanOrEqual(0.7);
    });
    // The hand moved: the last tracked box is several pixels right of the drawn one.
    const last = tracked.at(-1)!;
    const lastBox = last.value as { x1: number; y1: number; x2: number; y2: number };
    expect(lastBox.x1 - (keyframes[0]!.value as { x1: number }).x1).toBeGreaterThan(3);

    // The tracker stopped on the frame after the last tracked one and says why; one click goes there.
    const flag = Number(await page.getAttribute('.track-panel__outcome', 'data-stopped'));
    expect(flag).toBe(last.frame + 1);
    expect(await page.textContent('.track-panel__flag')).toMatch(new RegExp(`Flagged frame ${flag}: (low confidence|target lost|left the image)`));
    await page.click(`button:has-text("Jump to frame ${flag}")`);
    await waitForFrame(page, flag);

    // On the last tracked frame the box is drawn where the tracker put it, and the panel says it was tracked.
    await focusWorkspace(page);
    await page.keyboard.press('ArrowLeft');
    await waitForFrame(page, last.frame);
    await page.waitForSelector(`.track-panel__origin:has-text("tracked keyframe, confidence")`);
    await page.waitForTimeout(300);
    expect(await paintedAt(page, lastBox.x1, (lastBox.y1 + lastBox.y2) / 2)).toBe(true);
    await screenshot(page, 'annotate-tracking');
    expect(h.pageErrors).toEqual([]);
  });

  it("makes a tracked keyframe manual once a person moves it, and leaves the others tracked", async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 2);
    const before = (await stored())[0]!.geometry as TrackGeometry;
    const at2 = before.keyframes.find((k) => k.frame === 2)!.value as { x1: number; y1: number; x2: number; y2: number };
    await page.keyboard.press('v');
    const mid: [number, number] = [(at2.x1 + at2.x2) / 2, (at2.y1 + at2.y2) / 2];
    await drag(page, image, mid, [mid[0] - 10, mid[1]]);
    await saved(page);
    const after = (await stored())[0]!.geometry as TrackGeometry;
    expect(after.keyframes.find((k) => k.frame === 2)).toMatchObject({ source: 'manual', value: { x1: expect.closeTo(at2.x1 - 10, 0) } });
    expect(after.keyframes.filter((k) => k.source === 'tracked').length).toBe(before.keyframes.filter((k) => k.source === 'tracked').length - 1);
    await page.waitForSelector('.track-panel__origin:has-text("manual keyframe")');
  });

  it('undoes the whole tracking in one step', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('Control+z');
    await saved(page);
    // First the move, then the tracking.
    expect(((await stored())[0]!.geometry as TrackGeometry).keyframes.find((k) => k.frame === 2)!.source).toBe('tracked');
    await page.keyboard.press('Control+z');
    await saved(page);
    const [box] = await stored();
    expect(box!.isTrack).toBe(false);
    expect(box!.geometry).toMatchObject({ x1: expect.closeTo(195, 0), x2: expect.closeTo(245, 0) });
    // Back on frame 0, where the edit was made; the box shows nowhere else.
    await waitForFrame(page, 0);
    expect(h.pageErrors).toEqual([]);
  });
});
