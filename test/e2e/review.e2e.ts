/**
 * Reviewing in Chromium: the five statuses set by key and by the review bar, the list filtered by
 * them, an episode starting work by itself with its first annotation, and a comment written in the
 * annotation workspace's Comments panel, found again after a reload and used to jump to its frame.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { openAnnotate, waitForFrame } from './annotateUi';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let ids: number[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-review' });
  ids = (await h.call('episodes.list', {})).rows.map((r) => r.id);
});
afterAll(async () => h?.close());

const badge = (page: Page, row: number) => page.locator(`.episode-row >> nth=${row}`).locator('[data-status]');
const statuses = async () => (await h.call('episodes.list', {})).rows.map((r) => r.reviewStatus);

/** Episode `row` in annotate mode, with the Comments panel open and loaded. */
async function openComments(row: number): Promise<void> {
  await openAnnotate(h, row);
  await h.page.click('.annotate-side__tab:has-text("Comments")');
  await h.page.waitForSelector('.comments__head:not(:has-text("Loading"))');
}

describe('review', () => {
  it('sets the five statuses by key and by the bar, and Shift moves on', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    await page.click('.episode-row >> nth=0');
    await page.waitForSelector('.review-bar__btn[data-status=todo][aria-pressed=true]');
    expect(await badge(page, 0).count()).toBe(0);

    await focusWorkspace(page);
    await page.keyboard.press('w');
    await page.waitForSelector('.review-bar__btn[data-status=in_progress][aria-pressed=true]');
    await badge(page, 0).and(page.locator('[data-status=in_progress]')).waitFor();

    await page.click('.review-bar__btn[aria-label="Needs review"]');
    await badge(page, 0).and(page.locator('[data-status=needs_review]')).waitFor();
    expect(await page.getAttribute('.review-bar__btn[data-status=needs_review]', 'aria-pressed')).toBe('true');

    // Shift+D: done, and the next episode opens.
    await focusWorkspace(page);
    await page.keyboard.press('Shift+D');
    await page.waitForSelector(`.episode-view[data-episode-id="${ids[1]}"]`);
    await badge(page, 0).and(page.locator('[data-status=done]')).waitFor();
    await page.keyboard.press('r');
    await badge(page, 1).and(page.locator('[data-status=rejected]')).waitFor();
    await page.keyboard.press('u');
    await page.waitForSelector('.review-bar__btn[data-status=todo][aria-pressed=true]');
    await page.keyboard.press('n');
    await badge(page, 1).and(page.locator('[data-status=needs_review]')).waitFor();
    expect(await statuses()).toEqual(['done', 'needs_review', 'todo', 'todo', 'todo']);
  });

  it('filters the list by status', async () => {
    const { page } = h;
    const filter = 'select[aria-label="Review status"]';
    expect(await page.locator(`${filter} option`).allTextContents()).toEqual([
      'Any status', 'To do', 'In progress', 'Done', 'Needs review', 'Rejected',
    ]);
    await page.selectOption(filter, 'todo');
    await waitForEpisodeCount(page, 3);
    await page.selectOption(filter, 'done');
    await waitForEpisodeCount(page, 1);
    expect(await page.getAttribute('.episode-row >> nth=0', 'data-episode-id')).toBe(String(ids[0]));
    await page.selectOption(filter, '');
    await waitForEpisodeCount(page, 5);
  });

  it('moves a todo episode to in progress when its first annotation is stored, in the list at once', async () => {
    const { page } = h;
    const detail = await h.call('episodes.get', { id: ids[2]! });
    const camera = detail.cameras[0]!.name;
    await h.call('annotations.apply', {
      episodeId: ids[2]!,
      command: { name: 'createAnnotation', undoable: true },
      changes: [{ op: 'create', camera, kind: 'point', frame: 0, geometry: { x: 20, y: 20 } }],
      frame: 0,
      camera,
      clientId: 'another-window',
    });
    await badge(page, 2).and(page.locator('[data-status=in_progress]')).waitFor();
    expect((await statuses())[2]).toBe('in_progress');
  });

  it('adds a comment at the current frame in the workspace panel', async () => {
    const { page } = h;
    await openComments(0);
    await page.waitForSelector('.comments__empty');
    await waitForFrame(page, 0);
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 6);
    const camera = (await page.textContent('.annotate-toolbar__status'))!.split(' · ')[0]!;
    await page.fill('textarea[aria-label="New comment"]', 'gripper closes early here');
    await page.check('.comments__actions input[type=checkbox]');
    await page.click('.comments__actions button:has-text("Add at frame 6")');
    await page.waitForSelector('.comment--here:has-text("gripper closes early here")');
    expect(await page.inputValue('textarea[aria-label="New comment"]')).toBe('');
    const stored = await h.call('comments.list', { episodeId: ids[0]! });
    expect(stored.map((c) => [c.frame, c.camera, c.text])).toEqual([[6, camera, 'gripper closes early here']]);

    // Another window's comment shows up without a reload, in frame order.
    await h.call('comments.add', { episodeId: ids[0]!, frame: 2, text: 'hand enters the view', author: 'ana', clientId: 'another-window' });
    await page.waitForSelector('.comments[data-count="2"]');
    expect(await page.locator('.comment').evaluateAll((els) => els.map((e) => e.getAttribute('data-frame')))).toEqual(['2', '6']);
    expect(h.pageErrors).toEqual([]);
  });

  it('finds the comments after a reload and jumps to a comment\'s frame', async () => {
    const { page } = h;
    await page.reload();
    await waitForEpisodeCount(page, 5);
    await openComments(0);
    await page.waitForSelector('.comments[data-count="2"]');
    await waitForFrame(page, 0);
    expect(await page.locator('.comment--here').count()).toBe(0);
    await page.click('.comment[data-frame="6"] .comment__body');
    await waitForFrame(page, 6);
    await page.waitForSelector('.comment--here[data-frame="6"]');
    await page.click('.comment[data-frame="2"] .comment__body');
    await waitForFrame(page, 2);
    await page.waitForSelector('.comment--here[data-frame="2"]');
    expect(await page.textContent('.comment[data-frame="2"]')).toContain('ana');
    // A half-written comment stays in the box while the picture settles for the screenshot.
    await page.fill('textarea[aria-label="New comment"]', 'cup slips out of');
    await page.waitForTimeout(400);
    await screenshot(page, 'review-comments');
    expect(h.pageErrors).toEqual([]);
  });

  it('deletes a comment after a second click', async () => {
    const { page } = h;
    await page.click('.comment[data-frame="2"] .comment__delete');
    expect(await page.locator('.comment').count()).toBe(2);
    await page.click('.comment[data-frame="2"] button:has-text("Delete")');
    await page.waitForSelector('.comments[data-count="1"]');
    expect((await h.call('comments.list', { episodeId: ids[0]! })).map((c) => c.frame)).toEqual([6]);
    expect(await page.inputValue('textarea[aria-label="New comment"]')).toBe('cup slips out of');
    expect(h.pageErrors).toEqual([]);
  });
});
