/**
 * Driving the annotation workspace in the e2e tests: opening an episode in annotate mode, image pixels
 * to page points on the fitted canvas, clicks and drags there, and waiting for the player's frame and for
 * the workspace's calls to be answered.
 */
import type { Locator, Page } from 'playwright-core';
import type { Annotation } from '../../src/shared/contract/domain';
import type { Harness } from './harness';
import { focusWorkspace } from './ui';

export interface ImageSize {
  width: number;
  height: number;
}

export interface OpenedEpisode {
  episodeId: number;
  /** The camera the workspace annotates (the first one the toolbar names). */
  camera: string;
  /** That camera's frame size, which the canvas is fitted to. */
  image: ImageSize;
}

/**
 * Opens an episode (a loaded row of the list by position, or a row locator) and switches to annotate mode,
 * waiting until the episode on screen is that row's and the workspace is ready.
 */
export async function openAnnotate(h: Harness, row: number | Locator = 0): Promise<OpenedEpisode> {
  const { page } = h;
  const rowLocator = typeof row === 'number' ? page.locator('.episode-row[data-episode-id]').nth(row) : row;
  // The row's own id: an episode that was already open must not count as the one asked for.
  const episodeId = Number(await rowLocator.getAttribute('data-episode-id'));
  await rowLocator.click();
  await page.waitForSelector(`.episode-view[data-episode-id="${episodeId}"]`);
  // A camera has its first frame, as a person would see before pressing the key.
  await page.waitForSelector('.player-camera[data-status=ready]');
  await focusWorkspace(page);
  await page.keyboard.press('e');
  await page.waitForSelector('.annotate[data-status=ready] .annotation-canvas');
  const camera = (await page.textContent('.annotate-toolbar__status'))!.split(' · ')[0]!.trim();
  const info = (await h.call('episodes.get', { id: episodeId })).cameras.find((c) => c.name === camera);
  if (!info) throw new Error(`the toolbar names camera "${camera}", which episode ${episodeId} does not have`);
  return { episodeId, camera, image: { width: info.width, height: info.height } };
}

/** Page coordinates of an image pixel, with the canvas fitted (centred, as large as it fits). */
export async function at(page: Page, image: ImageSize, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator('.annotate .annotate__active .annotation-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the annotation canvas is not on screen');
  const scale = Number(await canvas.getAttribute('data-scale'));
  return {
    x: box.x + (box.width - image.width * scale) / 2 + x * scale,
    y: box.y + (box.height - image.height * scale) / 2 + y * scale,
  };
}

export async function click(page: Page, image: ImageSize, x: number, y: number): Promise<void> {
  const p = await at(page, image, x, y);
  await page.mouse.click(p.x, p.y);
}

/** A press at one image pixel, moved in steps to another, and released there. */
export async function drag(page: Page, image: ImageSize, from: [number, number], to: [number, number]): Promise<void> {
  await dragBetween(page, await at(page, image, ...from), await at(page, image, ...to));
}

/** A press at one page point, moved in steps (so every move event fires) to another, and released there. */
export async function dragBetween(page: Page, a: { x: number; y: number }, b: { x: number; y: number }, steps = 8): Promise<void> {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps });
  await page.mouse.up();
}

/** Every call the workspace queued has been answered. */
export async function saved(page: Page): Promise<void> {
  // One frame first, so the render that marks the new call as pending has happened.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
  await page.waitForSelector('.annotate[data-status=ready][data-saving=false]');
}

export async function waitForFrame(page: Page, frame: number): Promise<void> {
  await page.waitForFunction((f) => document.querySelector('.player')?.getAttribute('data-frame') === String(f), frame);
}

/** What the backend stores for an episode, of one kind if given. */
export async function storedAnnotations(h: Harness, episodeId: number, kind?: string): Promise<Annotation[]> {
  const list = await h.call('annotations.list', { episodeId });
  return kind ? list.filter((a) => a.kind === kind) : list;
}
