/**
 * The Train page in Chromium on the tiny sample project: a bad field is named next to it; a quick run
 * started from the form draws its loss curve, stops with a checkpoint, resumes and finishes; a clone of it
 * runs too, and the two runs' loss curves are overlaid; a run on a chosen subset of episodes with a
 * validation split draws validation curves, lists their latest values and shows the worker's log.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { screenshot, waitForEpisodeCount } from './ui';

const STEPS = 300;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ openProject: false, sampleDefinition: resolve(import.meta.dirname, '../fixtures/sample-tiny.json') });
  await h.ready;
  await waitForEpisodeCount(h.page, 4, 30_000);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const lossPoints = () => h.page.locator('[data-chart="Losses"]').getAttribute('data-points').then(Number);

describe('training page', () => {
  it('names a bad field next to it and starts nothing', async () => {
    const { page } = h;
    await page.getByTestId('open-training').click();
    await page.waitForSelector('#train-form');
    await page.getByLabel('steps').fill('0');
    await page.getByRole('button', { name: 'Start training' }).click();
    const error = page.locator('[data-field=steps] .train-form__error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/>=\s*1|at least|too small/i);
    expect(await h.call('training.list', {})).toEqual([]);
  });

  it('starts a quick run from the form, draws the curves, stops it with a checkpoint, resumes it to the end', async () => {
    const { page } = h;
    // One run from scratch; ST4VLA's chain has its own test below.
    await page.getByLabel('recipe').selectOption({ label: 'Spatially guided' });
    await page.getByLabel('steps').fill(String(STEPS));
    await page.getByLabel('run name').fill('e2e quick');
    expect(await page.getByRole('radio', { name: 'quick' }).getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'training-form');
    await page.getByRole('button', { name: 'Start training' }).click();

    const run = page.locator('.train-run');
    await run.waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="Losses"]')?.getAttribute('data-points')) >= 10, undefined, { timeout: 120_000 });
    const before = await lossPoints();
    await page.waitForFunction((n) => Number(document.querySelector('[data-chart="Losses"]')?.getAttribute('data-points')) > n, before, { timeout: 30_000 });
    expect(await page.getByTestId('run-backend').textContent()).not.toContain('choosing');
    await screenshot(page, 'training-run');

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForSelector('.train-run[data-status=cancelled]', { timeout: 60_000 });
    const stoppedAt = await lossPoints();
    expect(stoppedAt).toBeLessThan(STEPS);
    await page.locator('[data-testid=checkpoints] td', { hasText: `step ${stoppedAt}` }).first().waitFor();
    const [stored] = await h.call('training.list', {});
    expect(stored).toMatchObject({ name: 'e2e quick', status: 'cancelled' });

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForSelector('.train-run[data-status=succeeded]', { timeout: 240_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-chart="Losses"]')?.getAttribute('data-points')) === n, STEPS, { timeout: 10_000 });
    expect((await page.locator('.progress__label').first().textContent())).toBe(`step ${STEPS} / ${STEPS}`);
    await screenshot(page, 'training-run-done');
    expect(h.pageErrors).toEqual([]);
  }, 420_000);

  it('clones the run, and overlays the two runs\' loss curves', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Clone' }).click();
    await page.waitForSelector('.train-run[data-run="2"]', { timeout: 60_000 });
    await page.waitForSelector('.train-run[data-status=succeeded]', { timeout: 240_000 });
    await page.getByLabel('compare e2e quick', { exact: true }).check();
    await page.getByLabel('compare e2e quick (copy)').check();
    await page.getByTestId('compare-runs').click();
    const chart = page.locator('[data-testid=compare] [data-chart="loss"]');
    await chart.waitFor();
    expect(await chart.locator('.train-chart__key').count()).toBe(2);
    expect(Number(await chart.getAttribute('data-points'))).toBe(STEPS);
    await screenshot(page, 'training-compare');
    expect(h.pageErrors).toEqual([]);
  }, 300_000);

  it('a run on chosen episodes with a validation split draws validation curves and shows the worker\'s log', async () => {
    const { page } = h;
    if (!(await page.locator('.training').isVisible())) await page.getByTestId('open-training').click();
    await page.getByTestId('new-run').click();
    await page.waitForSelector('#train-form');
    await page.locator('[data-field=episodeIds] summary').click();
    await page.getByLabel('episode 3 of', { exact: false }).uncheck();
    expect(await page.getByTestId('train-episode-count').textContent()).toBe('3 of 4');
    await page.getByLabel('recipe').selectOption({ label: 'Spatially guided' });
    await page.getByLabel('steps').fill('60');
    await page.getByLabel('valFraction').fill('0.3');
    await page.getByLabel('run name').fill('e2e validation');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForSelector('.train-run[data-status=succeeded]', { timeout: 240_000 });

    // Validation about ten times a run: sparse points, each a value the worker measured on held-out episodes.
    const chart = page.locator('[data-chart="Validation"]');
    await chart.waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBe(10);
    expect(await chart.locator('.train-chart__key').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^point accuracy/), expect.stringMatching(/^action L1/)]));
    await page.locator('[data-chart="Validation error (px at 224)"]').waitFor();
    const table = page.getByTestId('validation');
    expect(await table.locator('tr', { hasText: 'point accuracy' }).locator('td').last().textContent()).toBe('step 60');
    expect(await page.locator('[data-testid=checkpoints] tr', { hasText: 'step 60' }).textContent()).toMatch(/pt [\d.]+ · IoU [\d.]+ · L1 [\d.]+/);
    const log = page.getByTestId('run-log');
    await log.filter({ hasText: '[studio] run succeeded' }).waitFor();
    expect(await log.textContent()).toContain('[studio] worker started');

    const run = (await h.call('training.list', {}))[0]!;
    expect(run).toMatchObject({ name: 'e2e validation', status: 'succeeded' });
    expect((run.config as { data: { episodeIds: number[] } }).data.episodeIds).toHaveLength(3);
    const series = await h.call('training.metrics', { runId: run.id, names: ['val/point_acc'] });
    expect(series[0]!.points.map((p) => p.step)).toEqual([6, 12, 18, 24, 30, 36, 42, 48, 54, 60]);
    await screenshot(page, 'training-validation');
    await page.getByTestId('run-log').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-validation-details');
    expect(h.pageErrors).toEqual([]);
  }, 300_000);

  it('runs ST4VLA as stage 1 then stage 2 from its checkpoint, listed together', async () => {
    const { page } = h;
    await page.getByTestId('new-run').click();
    await page.waitForSelector('#train-form');
    await page.getByLabel('recipe').selectOption({ label: 'ST4VLA' });
    expect(await page.locator('[data-field=recipe] .train-form__hint').textContent()).toMatch(/^Stage 1 grounding, then spatially guided stage 2/);
    await page.getByLabel('steps').fill('40');
    expect(await page.locator('[data-field=stage1Steps] .train-form__hint').textContent()).toBe('stage 1 8 steps, then stage 2 32 from its checkpoint');
    await page.getByLabel('run name').fill('e2e chain');
    await page.getByRole('button', { name: 'Start training' }).click();
    // Stage 1's row names the stage 2 to come; the stage-2 row itself appears once stage 1 succeeded.
    await page.locator('.training__run-next', { hasText: 'then e2e chain · stage 2 · 32 steps' }).waitFor({ timeout: 60_000 });
    const stage2Name = page.locator('.training__run-name').getByText('e2e chain · stage 2', { exact: true });
    await stage2Name.waitFor({ timeout: 120_000 });
    const runs = await h.call('training.list', {});
    const stage1 = runs.find((r) => r.name === 'e2e chain · stage 1')!;
    const stage2 = runs.find((r) => r.name === 'e2e chain · stage 2')!;
    expect(stage1).toMatchObject({ stage: 'grounding', status: 'succeeded' });
    expect(stage2).toMatchObject({ stage: 'action', parentRunId: stage1.id });
    // The chain's two runs sit together, stage 2 right under stage 1, whatever ran in between.
    const order = await page.locator('.training__run').evaluateAll((items) => items.map((li) => li.getAttribute('data-run')));
    expect(order.indexOf(String(stage2.id))).toBe(order.indexOf(String(stage1.id)) + 1);
    await stage2Name.click();
    await page.waitForSelector(`.train-run[data-run="${stage2.id}"][data-status=succeeded]`, { timeout: 180_000 });
    await screenshot(page, 'training-chain');
    expect(h.pageErrors).toEqual([]);
  }, 360_000);
});
