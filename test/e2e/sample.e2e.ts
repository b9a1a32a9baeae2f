import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { screenshot } from './ui';

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
});
