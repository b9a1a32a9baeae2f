/**
 * Phase segments in Chromium with the mouse: a span dragged on the Segments lane under the canvas,
 * its phase and text set, an edge dragged, the resize undone and redone on the backend's history, and
 * the segment still there after a reload. The lane must sit on the player timeline's scale.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract/domain';
import { startHarness, type Harness } from './harness';
import { dragBetween, openAnnotate, saved, storedAnnotations, waitForFrame } from './annotateUi';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let length = 0;

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-segments' });
});
afterAll(async () => h?.close());

const LANE = '.segments-lane__strip';

/** Page x of a frame on the player's timeline track, and the y of the lane's first row. */
async function atFrame(page: Page, frame: number): Promise<{ x: number; y: number }> {
  const track = await page.locator('.player-timeline__track').boundingBox();
  const lane = await page.locator(LANE).boundingBox();
  if (!track || !lane) throw new Error('the timeline or the segments lane is not on screen');
  return { x: track.x + (frame / (length - 1)) * track.width, y: lane.y + 11 };
}

async function dragFrames(page: Page, from: number, to: number): Promise<void> {
  await dragBetween(page, await atFrame(page, from), await atFrame(page, to), 10);
}

const segments = () => storedAnnotations(h, episodeId, 'segment');
const spanOf = (a: Annotation | undefined) => a && [a.frameStart, a.frameEnd];

/** The episode in annotate mode, with its Segments lane on screen. */
async function openAnnotation(): Promise<number> {
  const { episodeId: id } = await openAnnotate(h);
  await h.page.waitForSelector(LANE);
  return id;
}

describe('the segments lane', () => {
  it('makes a segment by dragging on the lane, right where the timeline has those frames', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    episodeId = await openAnnotation();
    length = (await h.call('episodes.get', { id: episodeId })).length;
    expect(await page.textContent(LANE)).toContain('Drag here to add a segment (approach)');
    await screenshot(page, 'annotate-segments-empty');

    await dragFrames(page, 40, 160);
    await saved(page);
    const [made] = await segments();
    expect(spanOf(made)).toEqual([40, 160]);
    expect(made!.geometry).toEqual({ phase: 'approach', text: '' });

    // Drawn on the timeline's scale: its left edge over frame 40, its right edge over frame 160.
    const span = await page.locator('.segments-lane__span').boundingBox();
    expect(span!.x).toBeCloseTo((await atFrame(page, 40)).x, 0);
    expect(span!.x + span!.width).toBeCloseTo((await atFrame(page, 160)).x, 0);
    // The lane's playhead follows the player's.
    await page.keyboard.press('End');
    await waitForFrame(page, length - 1);
    const playhead = await page.locator(`${LANE} .timeline-lane__playhead`).boundingBox();
    const timelinePlayhead = await page.locator('.player-timeline__playhead').boundingBox();
    expect(playhead!.x).toBeCloseTo(timelinePlayhead!.x, 0);
  });

  it('sets the phase and the text of the selected segment, each saved at once', async () => {
    const { page } = h;
    await page.selectOption('select[aria-label="Segment phase"]', 'grasp');
    await saved(page);
    expect((await segments())[0]!.geometry).toEqual({ phase: 'grasp', text: '' });

    await page.fill('input[aria-label="Segment text"]', 'close the hand on the pear');
    await page.keyboard.press('Enter');
    await saved(page);
    expect((await segments())[0]!.geometry).toEqual({ phase: 'grasp', text: 'close the hand on the pear' });
    expect(await page.getAttribute('.segments-lane__span', 'data-phase')).toBe('grasp');
    // Escape leaves the field and drops what was typed.
    await page.fill('input[aria-label="Segment text"]', 'never mind');
    await page.keyboard.press('Escape');
    await saved(page);
    expect(await page.inputValue('input[aria-label="Segment text"]')).toBe('close the hand on the pear');
    expect((await segments())[0]!.geometry).toEqual({ phase: 'grasp', text: 'close the hand on the pear' });
  });

  it('resizes by an edge, moves by the body, and undoes and redoes the resize on the backend', async () => {
    const { page } = h;
    await dragFrames(page, 160, 240);
    await saved(page);
    expect(spanOf((await segments())[0])).toEqual([40, 240]);

    await dragFrames(page, 100, 120);
    await saved(page);
    expect(spanOf((await segments())[0])).toEqual([60, 260]);

    await focusWorkspace(page);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(spanOf((await segments())[0])).toEqual([40, 240]);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(spanOf((await segments())[0])).toEqual([40, 160]);
    await page.waitForFunction(() => document.querySelector('.segments-lane__span')?.getAttribute('data-end') === '160');
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(spanOf((await segments())[0])).toEqual([40, 240]);
    expect(await page.getAttribute('.annotate-toolbar__history button:has-text("Undo")', 'title')).toBe('Undo resize segment');

    // A second phase after it, so the picture shows two colours.
    await page.selectOption('select[aria-label="Segment phase"]', 'grasp');
    await dragFrames(page, 270, 380);
    await saved(page);
    const two = await segments();
    expect(two.map((a: Annotation) => [a.frameStart, a.frameEnd, (a.geometry as { phase: string }).phase])).toEqual([
      [40, 240, 'grasp'],
      [270, 380, 'grasp'],
    ]);
    await page.selectOption('select[aria-label="Segment phase"]', 'lift');
    await saved(page);
    await page.keyboard.press('Home');
    await page.waitForTimeout(500);
    await screenshot(page, 'annotate-segments');
    expect(h.pageErrors).toEqual([]);
  });

  it('finds the segments again after a reload, and double-click jumps to one', async () => {
    const { page } = h;
    await page.reload();
    await openAnnotation();
    await page.waitForSelector('.segments-lane__span[data-phase=lift]');
    const spans = await page.$$eval('.segments-lane__span', (els) => els.map((e) => [e.getAttribute('data-phase'), e.getAttribute('data-start'), e.getAttribute('data-end')]));
    expect(spans).toEqual([
      ['grasp', '40', '240'],
      ['lift', '270', '380'],
    ]);
    expect(await page.getAttribute('.segments-lane__span[data-phase=grasp]', 'aria-label')).toBe('grasp segment, frames 40 to 240: close the hand on the pear');
    const { x, y } = await atFrame(page, 300);
    await page.mouse.dblclick(x, y);
    await waitForFrame(page, 270);

    // The double-click selected it: Delete removes it, as one step that undo takes back.
    expect(await page.textContent('.segments-lane__frames')).toContain('270–380');
    await page.click('.segments-lane__delete');
    await saved(page);
    expect((await segments()).map((a: Annotation) => a.frameStart)).toEqual([40]);
    await focusWorkspace(page);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect((await segments()).map((a: Annotation) => a.frameStart)).toEqual([40, 270]);
    expect(h.pageErrors).toEqual([]);
  });
});
