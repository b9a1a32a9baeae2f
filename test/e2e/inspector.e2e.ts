/**
 * The Selection panel in Chromium: a point's role, a trajectory's owner and a vertex's frame, and the
 * grounding query, each set in the panel and stored; a refused vertex frame shown and not stored; undo
 * taking back the last edit on the backend; and everything shown again after a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract/domain';
import { startHarness, type Harness } from './harness';
import { click, openAnnotate, saved, storedAnnotations, waitForFrame, type ImageSize } from './annotateUi';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let episodeId = 0;
let image: ImageSize = { width: 0, height: 0 };
let pear = 0;

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-inspector' });
  pear = (await h.call('labels.create', { name: 'pear', color: '#ff6b6b' })).id;
});
afterAll(async () => h?.close());

const PANEL = '.annotate-side__body .inspector';
const stored = async (kind: string): Promise<Annotation> => {
  const found = (await storedAnnotations(h, episodeId, kind))[0];
  if (!found) throw new Error(`no ${kind} is stored`);
  return found;
};
type Trajectory = { of: string; points: { x: number; y: number; frame: number }[] };

/** The select tool, a click on an image pixel, and the Selection panel showing that kind. */
async function select(x: number, y: number, kind: string): Promise<void> {
  const { page } = h;
  await focusWorkspace(page);
  await page.keyboard.press('v');
  await click(page, image, x, y);
  await page.click('.annotate-side__tab:has-text("Selection")');
  await page.waitForSelector(`${PANEL}[data-count="1"][data-kind="${kind}"]`);
}

describe('the Selection panel', () => {
  it('says what to do with nothing selected, then sets a point’s role and class', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    ({ episodeId, image } = await openAnnotate(h));
    await waitForFrame(page, 0);
    // The first tab, shown without a choice.
    expect(await page.textContent('.annotate-side__tab[aria-selected=true]')).toBe('Selection');
    expect(await page.textContent(`${PANEL}`)).toContain('Nothing selected');

    await page.keyboard.press('p');
    await click(page, image, 40, 50);
    await saved(page);
    await select(40, 50, 'point');
    expect(await page.inputValue(`${PANEL} select[aria-label="Role"]`)).toBe('other');
    await page.selectOption(`${PANEL} select[aria-label="Role"]`, 'grasp');
    await saved(page);
    expect((await stored('point')).geometry).toMatchObject({ role: 'grasp' });
    await page.selectOption(`${PANEL} select[aria-label="Class"]`, String(pear));
    await saved(page);
    expect((await stored('point')).labelId).toBe(pear);
    // The role stayed: the class edit sent only the class.
    expect((await stored('point')).geometry).toMatchObject({ role: 'grasp' });
  });

  it('sets a trajectory’s owner and a vertex’s frame, and shows a refused frame without storing it', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('t');
    await click(page, image, 30, 200);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 5);
    await click(page, image, 120, 220);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 10);
    await click(page, image, 210, 180);
    await page.keyboard.press('Enter');
    await saved(page);
    await select(75, 210, 'trajectory');

    await page.selectOption(`${PANEL} select[aria-label="Owner"]`, 'object');
    await saved(page);
    expect(((await stored('trajectory')).geometry as Trajectory).of).toBe('object');

    // Frame 12 would put vertex 1 after vertex 2 (frame 10): refused, marked, and nothing sent.
    const vertex1 = `${PANEL} input[aria-label="Frame of vertex 1"]`;
    await page.fill(vertex1, '12');
    await page.press(vertex1, 'Enter');
    await page.waitForSelector(`${vertex1}[aria-invalid=true]`);
    expect(await page.textContent(`${PANEL} .inspector__error`)).toMatch(/must not go backwards/);
    expect(((await stored('trajectory')).geometry as Trajectory).points.map((p) => p.frame)).toEqual([0, 5, 10]);

    await page.fill(vertex1, '7');
    await page.press(vertex1, 'Enter');
    await saved(page);
    expect(await page.getAttribute(vertex1, 'aria-invalid')).toBe('false');
    expect(((await stored('trajectory')).geometry as Trajectory).points.map((p) => p.frame)).toEqual([0, 7, 10]);
    expect(((await stored('trajectory')).geometry as Trajectory).of).toBe('object');

    // Jump to a vertex: the player goes to its frame.
    await page.click(`${PANEL} button[aria-label="Go to vertex 1 (frame 7)"]`);
    await waitForFrame(page, 7);
  });

  it('saves a query on Enter, reverts a draft on Escape, and undo takes the query back', async () => {
    const { page } = h;
    const query = `${PANEL} textarea[aria-label="Grounding query"]`;
    // The refusal shown and cleared above must not leave the panel with stale copies of its fields.
    expect(await page.locator(query).count()).toBe(1);
    await page.fill(query, 'Where should the gripper grasp the pear?');
    await page.press(query, 'Enter');
    await saved(page);
    expect((await stored('trajectory')).query).toBe('Where should the gripper grasp the pear?');

    // Escape drops a draft: nothing is sent and the stored text shows again.
    await page.click(query);
    await page.fill(query, 'a draft nobody keeps');
    await page.press(query, 'Escape');
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value === 'Where should the gripper grasp the pear?', query);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    await saved(page);
    expect((await stored('trajectory')).query).toBe('Where should the gripper grasp the pear?');

    await focusWorkspace(page);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect((await stored('trajectory')).query).toBeNull();
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value === '', query);
    // Only the last edit was undone.
    expect(((await stored('trajectory')).geometry as Trajectory).points.map((p) => p.frame)).toEqual([0, 7, 10]);

    await page.fill(query, 'Where is the pear going?');
    await page.press(query, 'Enter');
    await saved(page);
    expect((await stored('trajectory')).query).toBe('Where is the pear going?');
  });

  it('shows the stored properties again after a reload', async () => {
    const { page } = h;
    await page.reload();
    await openAnnotate(h);
    await page.waitForFunction(() => document.querySelector('.annotate-toolbar__status')?.textContent?.includes('2 annotations'));
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await select(40, 50, 'point');
    expect(await page.inputValue(`${PANEL} select[aria-label="Role"]`)).toBe('grasp');
    expect(await page.inputValue(`${PANEL} select[aria-label="Class"]`)).toBe(String(pear));

    await select(30, 200, 'trajectory');
    expect(await page.inputValue(`${PANEL} select[aria-label="Owner"]`)).toBe('object');
    expect(await page.inputValue(`${PANEL} input[aria-label="Frame of vertex 1"]`)).toBe('7');
    expect(await page.inputValue(`${PANEL} textarea[aria-label="Grounding query"]`)).toBe('Where is the pear going?');
    await page.locator(`${PANEL} .inspector__vertices`).scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await screenshot(page, 'annotate-inspector');
    expect(h.pageErrors).toEqual([]);
  });

  it('shows the values several selected points share, and sets the role of all of them as one undo step', async () => {
    const { page } = h;
    await page.keyboard.press('Home');
    await waitForFrame(page, 0);
    await focusWorkspace(page);
    await page.keyboard.press('p');
    await click(page, image, 90, 120);
    await saved(page);
    await select(90, 120, 'point');
    await page.keyboard.down('Shift');
    await click(page, image, 40, 50);
    await page.keyboard.up('Shift');
    await page.waitForSelector(`${PANEL}[data-count="2"][data-kind="point"]`);
    // One is 'grasp', the other 'other': the role shows as mixed until one is chosen for both.
    expect(await page.inputValue(`${PANEL} select[aria-label="Role"]`)).toBe('');
    await page.selectOption(`${PANEL} select[aria-label="Role"]`, 'contact');
    await saved(page);
    const roles = async () => (await storedAnnotations(h, episodeId, 'point')).map((a) => (a.geometry as { role: string }).role).sort();
    expect(await roles()).toEqual(['contact', 'contact']);
    await focusWorkspace(page);
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(await roles()).toEqual(['grasp', 'other']);
    expect(h.pageErrors).toEqual([]);
  });
});
