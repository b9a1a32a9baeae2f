/**
 * The Train page's second camera in Chromium on the tiny sample project (front and side cameras): none by
 * default, offering the camera that is not the primary; a run on front + side trains to the end and its
 * page names both cameras; the run's stored config and checkpoint carry them.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { screenshot, waitForEpisodeCount } from './ui';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ openProject: false, sampleDefinition: resolve(import.meta.dirname, '../fixtures/sample-tiny.json') });
  await h.ready;
  await waitForEpisodeCount(h.page, 4, 30_000);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('a second camera on the Train page', () => {
  it('is none by default, offers the other camera, and a run on both names them on its page', async () => {
    const { page } = h;
    await page.getByTestId('open-training').click();
    await page.waitForSelector('#train-form');
    const second = page.getByLabel('second camera');
    expect(await second.inputValue()).toBe('');
    expect(await second.locator('option').allTextContents()).toEqual(['none', 'side']);
    // The primary becoming "side" leaves "front" to offer.
    await page.getByLabel('camera', { exact: true }).selectOption('side');
    expect(await second.locator('option').allTextContents()).toEqual(['none', 'front']);
    await page.getByLabel('camera', { exact: true }).selectOption('front');
    await second.selectOption('side');
    expect(await page.locator('[data-field=secondCamera] .train-form__hint').textContent()).toBe('the policy sees both; grounding stays on the camera above');
    await page.getByLabel('recipe').selectOption({ label: 'Spatially guided' });
    await page.getByLabel('steps').fill('40');
    await page.getByLabel('run name').fill('e2e two cameras');
    await page.locator('[data-field=secondCamera]').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-second-camera-form');
    await page.getByRole('button', { name: 'Start training' }).click();

    await page.waitForSelector('.train-run[data-status=succeeded]', { timeout: 240_000 });
    expect(await page.getByTestId('run-cameras').textContent()).toBe('cameras front + side');
    const [run] = await h.call('training.list', {});
    expect(run).toMatchObject({ name: 'e2e two cameras', status: 'succeeded' });
    expect((run!.config as { data: object }).data).toMatchObject({ camera: 'front', secondCamera: 'side' });
    const detail = await h.call('training.get', { id: run!.id });
    expect(detail.checkpoints.at(-1)).toMatchObject({ step: 40 });
    expect(Object.keys(detail.latest)).toEqual(expect.arrayContaining(['loss/action', 'loss/point']));
    await screenshot(page, 'training-second-camera-run');
    expect(h.pageErrors).toEqual([]);
  }, 300_000);
});
