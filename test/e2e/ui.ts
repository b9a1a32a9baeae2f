import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** The GR00T fixture, read in place (never copied). */
export const GR1_FIXTURE = resolve(import.meta.dirname, '../../../shared/fixtures/lerobot-v2.0-gr1-picknplace');

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Saves a full-window screenshot for a human to judge; the tests never compare pixels. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Give cameras a moment to show their first frame; a slow decode must not fail the test, only the picture.
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'), undefined, { timeout: 5_000 }).catch(() => {});
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/** The number the episode list shows above its rows. */
export async function episodeCount(page: Page): Promise<number> {
  const text = await page.textContent('[data-testid=episode-count]');
  return Number((text ?? '').replace(/\D/g, ''));
}

export async function waitForEpisodeCount(page: Page, n: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=episode-count]')?.textContent?.replace(/\D/g, '') === String(expected),
    n,
    { timeout },
  );
}

/** The horizontal offset (px) of the playhead line in the first signal plot. */
export async function playheadX(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.signal-plot__playhead');
    const match = /translateX\((-?[\d.]+)px\)/.exec(el?.style.transform ?? '');
    return match ? Number(match[1]) : Number.NaN;
  });
}

/** Moves focus off any field so the studio's plain-key shortcuts apply. */
export async function focusWorkspace(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
