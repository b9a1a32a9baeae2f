import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { focusWorkspace, playheadX, screenshot } from './ui';

let h: Harness;

beforeAll(async () => {
  // No project opened by the test: the studio starts the way a new user's does, building its sample.
  h = await startHarness({ openProject: false });
});
afterAll(async () => h?.close());

describe('first start', () => {
  it('shows progress while the sample project builds, then its episodes within a minute', async () => {
    const { page } = h;
    const started = Date.now();
    await page.waitForSelector('.welcome [role=progressbar], .episode-row', { timeout: 20_000 });
    if (await page.locator('.welcome').count()) {
      expect(await page.textContent('.welcome')).toContain('Building your sample project');
      await screenshot(page, 'first-start-progress');
    }
    await page.waitForSelector('.episode-row', { timeout: 60_000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    await page.waitForSelector('.signal-plot');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.episode-row__thumb img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    expect(h.pageErrors).toEqual([]);
    await screenshot(page, 'sample-project');
  });

  it('plays a sample episode with both cameras and the plots on one clock, and steps frame by frame', async () => {
    const { page } = h;
    // The longest episode of the sample, so that playing has room to move; found by its instruction.
    const { rows } = await h.call('episodes.list', { sort: 'length', descending: true, limit: 1 });
    const longest = rows[0]!;
    await page.getByLabel('Search instructions').fill(longest.instruction);
    await page.locator('.episode-row', { hasText: `#${longest.index}` }).first().click();
    await page.waitForFunction((n) => document.querySelector('.player-transport')?.textContent?.includes(`/ ${n - 1}`), longest.length);
    await page.waitForSelector('[data-camera=front][data-status=ready]');
    await page.waitForSelector('[data-camera=side][data-status=ready]');
    const frameField = page.getByLabel('Go to frame');
    expect(await frameField.inputValue()).toBe('0');
    const before = await playheadX(page);

    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLInputElement>('[aria-label="Go to frame"]')?.value) >= 5);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await playheadX(page)).toBeGreaterThan(before);

    const paused = Number(await frameField.inputValue());
    await focusWorkspace(page);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((f) => document.querySelector<HTMLInputElement>('[aria-label="Go to frame"]')?.value === String(f), paused - 2);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((f) => document.querySelector<HTMLInputElement>('[aria-label="Go to frame"]')?.value === String(f), paused - 1);
    expect(h.pageErrors).toEqual([]);
    await screenshot(page, 'sample-playing');
  });
});
