import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { focusWorkspace, GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.waitForSelector('.workbench');
});
afterAll(async () => h?.close());

describe('importing a dataset through the UI', () => {
  it('finds the dataset with the server-side folder browser', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 0);
    await focusWorkspace(page);
    await page.keyboard.press('i');
    const field = page.getByLabel('Dataset folder');
    // The browser follows what is typed; then a click on the dataset's folder picks it.
    await field.fill(GR1_FIXTURE.replace(/\/[^/]+$/, ''));
    await page.getByRole('button', { name: 'lerobot-v2.0-gr1-picknplace' }).click();
    expect(await field.inputValue()).toBe(GR1_FIXTURE);
    await page.waitForSelector('.folder-browser .badge:has-text("LeRobot dataset")');
    await screenshot(page, 'import-dialog');
  });

  it('imports it, shows its warnings, then its episodes', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForSelector('[data-testid=import-result]', { timeout: 60_000 });
    const result = (await page.textContent('[data-testid=import-result]')) ?? '';
    expect(result).toContain('lerobot-v2.0-gr1-picknplace');
    expect(result).toMatch(/\d+ warnings?/);
    expect(result).toContain('egoview');
    await screenshot(page, 'import-result');

    await page.getByRole('button', { name: 'Show episodes' }).click();
    await waitForEpisodeCount(page, 5);
    const warn = page.locator('.dataset-row__warn');
    expect(await warn.textContent()).toMatch(/⚠ \d+/);
    await page.waitForSelector('.signal-plot');
    await warn.click();
    await page.waitForSelector('dialog[open] .warning-list li');
    expect(await page.textContent('dialog[open] .warning-list')).toContain('meta/info.json');
    await screenshot(page, 'dataset-warnings');
    await page.keyboard.press('Escape');
    expect(await page.locator('dialog[open]').count()).toBe(0);
  });

  it('shows a failed import with its code and message, and keeps what was typed', async () => {
    const { page } = h;
    await focusWorkspace(page);
    await page.keyboard.press('i');
    const field = page.getByLabel('Dataset folder');
    await field.fill(h.dataDir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const notice = page.locator('.dialog .notice--danger');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Import failed/);
    expect(await page.textContent('.dialog .notice--danger .notice__code')).toMatch(/\w+/);
    expect(await field.inputValue()).toBe(h.dataDir);
    expect(await page.getByRole('button', { name: 'Retry import' }).isEnabled()).toBe(true);
    await screenshot(page, 'import-error');
    await page.keyboard.press('Escape');
    expect(await page.locator('dialog[open]').count()).toBe(0);
  });
});
