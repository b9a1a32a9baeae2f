import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { episodeCount, focusWorkspace, GR1_FIXTURE, playheadX, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // Imported behind the page's back: the list must follow the backend's project.changed event.
  await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-setup' });
});
afterAll(async () => h?.close());

describe('the episode browser', () => {
  it('lists the imported episodes with instructions and thumbnails', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    await page.waitForSelector('.episode-row');
    expect(await page.locator('.episode-row').count()).toBe(5);
    expect(await page.textContent('.episode-row >> nth=1')).toContain('pick the sweet potato');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.episode-row__thumb img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
  });

  it('filters by instruction text and clears with Escape', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('/');
    await page.keyboard.type('sweet potato');
    await waitForEpisodeCount(page, 1);
    expect(await page.textContent('.episode-row')).toContain('sweet potato');
    await screenshot(page, 'episodes-search');
    await page.keyboard.press('Escape');
    await waitForEpisodeCount(page, 5);
  });

  it('opens an episode with a named plot line or value for every state and action dim', async () => {
    const { page } = h;
    await page.click('.episode-row >> nth=0');
    await page.waitForSelector('.episode-header__instruction:has-text("pick the pear")');
    await page.waitForSelector('.signal-plot');
    const named = await page.evaluate(() =>
      [...document.querySelectorAll('.signal-plot__label, .signals__flat-values')].map((el) => el.textContent ?? '').join(' '),
    );
    for (let i = 0; i < 44; i++) expect(named).toMatch(new RegExp(`\\bmotor_${i}\\b`));
    expect(await page.textContent('.signals__summary')).toContain('44 state · 44 action');
  });

  it('moves the plot cursor with the player, and seeks the player from a plot', async () => {
    const { page } = h;
    await page.waitForFunction(() => /translateX/.test(document.querySelector<HTMLElement>('.signal-plot__playhead')?.style.transform ?? ''));
    const start = await playheadX(page);
    expect(start).toBeGreaterThanOrEqual(0);
    await focusWorkspace(page);
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction((x0) => {
      const m = /translateX\((-?[\d.]+)px\)/.exec(document.querySelector<HTMLElement>('.signal-plot__playhead')?.style.transform ?? '');
      return m !== null && Number(m[1]) > x0 + 5;
    }, start);
    await screenshot(page, 'episode-view');

    const chart = page.locator('.signal-plot__chart .u-over').first();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the first plot has no box');
    await chart.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
    await page.waitForFunction(
      (target) => {
        const m = /translateX\((-?[\d.]+)px\)/.exec(document.querySelector<HTMLElement>('.signal-plot__playhead')?.style.transform ?? '');
        return m !== null && Math.abs(Number(m[1]) - target) <= 3;
      },
      box.width * 0.75,
    );
  });

  it('sets review statuses from the keyboard and keeps them in the project', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('d');
    await page.waitForSelector('.review-bar__btn[data-status=done][aria-pressed=true]');
    await page.waitForSelector('.episode-row.is-selected [data-status=done]');
    // Shift+R rejects and moves on to the next episode.
    await page.keyboard.press('Shift+R');
    await page.waitForSelector('.episode-header__instruction:has-text("sweet potato")');
    await page.waitForSelector('.episode-row >> nth=0 >> [data-status=rejected]');
    const done = await h.call('episodes.list', { reviewStatus: 'done' });
    const rejected = await h.call('episodes.list', { reviewStatus: 'rejected' });
    expect(done.total).toBe(0);
    expect(rejected.rows.map((r) => r.index)).toEqual([0]);
  });

  it('moves between episodes with J and K, and lists its shortcuts on ?', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('j');
    await page.waitForSelector('.episode-header__instruction:has-text("pick the meat")');
    await page.keyboard.press('k');
    await page.waitForSelector('.episode-header__instruction:has-text("sweet potato")');
    await page.keyboard.press('?');
    await page.waitForSelector('dialog[open] .shortcuts');
    await screenshot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    expect(await page.locator('dialog[open]').count()).toBe(0);
  });

  it('filters by review status', async () => {
    const { page } = h;
    await page.selectOption('select[aria-label="Review status"]', 'rejected');
    await waitForEpisodeCount(page, 1);
    expect(await episodeCount(page)).toBe(1);
    await page.selectOption('select[aria-label="Review status"]', '');
    await waitForEpisodeCount(page, 5);
    expect(h.pageErrors).toEqual([]);
  });
});
