/**
 * The whole loop in Chromium on the tiny sample project: a checkpoint trained by the backend is evaluated
 * from the Rollouts page's form (the real worker records every rollout); a failed rollout is opened in the
 * player, an overlay toggled, a tag confirmed, the rollout sent to annotation, and "Open episode" finds
 * it in the episode list as needing review.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let checkpointId = 0;

beforeAll(async () => {
  h = await startHarness({ openProject: false, sampleDefinition: resolve(import.meta.dirname, '../fixtures/sample-tiny.json') });
  await h.ready;
  await waitForEpisodeCount(h.page, 4, 30_000);
  const datasetId = (await h.call('datasets.list', {}))[0]!.id;
  const run = await h.call('training.start', {
    name: 'loop', stage: 'action', datasetIds: [datasetId],
    config: { recipe: 'spatially-guided', preset: 'quick', data: { camera: 'front', groundTruth: true }, hyperparameters: { steps: 4, batchSize: 4, warmupSteps: 1, checkpointEvery: 4 } },
  });
  for (const started = Date.now(); Date.now() - started < 150_000; await new Promise((r) => setTimeout(r, 500))) {
    const detail = await h.call('training.get', { id: run.id });
    if (detail.run.status === 'succeeded') {
      checkpointId = detail.checkpoints.at(-1)!.id;
      return;
    }
    if (detail.run.status === 'failed' || detail.run.status === 'cancelled') throw new Error(`training ${detail.run.status}: ${detail.run.error}`);
  }
  throw new Error('training did not end within 150 s');
}, 200_000);
afterAll(async () => h?.close());

const dialog = () => h.page.locator('dialog[open][aria-label="Rollouts"]');

describe('annotate, train, roll out, review, annotate again', () => {
  it('runs an evaluation from the page, and a failed rollout goes from the player to the annotation queue', async () => {
    const { page } = h;
    await page.getByTestId('open-rollouts').click();
    await page.getByTestId('new-evaluation').click();
    await page.getByLabel('checkpoint').selectOption(String(checkpointId));
    await page.getByLabel('episodes per variant').fill('2');
    await page.getByRole('button', { name: 'Start evaluation' }).click();

    const item = dialog().locator('.rollouts__evaluation').first();
    await item.waitFor();
    await expect.poll(async () => (await h.call('rollouts.evaluations', {}))[0]?.status, { timeout: 120_000, interval: 500 }).toBe('succeeded');
    const [evaluation] = await h.call('rollouts.evaluations', {});
    const variants = (evaluation!.config as { variants: string[] }).variants.length;
    expect(evaluation).toMatchObject({ source: 'sim', checkpointId, rollouts: 2 * variants });
    await expect.poll(() => item.locator('.rollouts__evaluation-meta').textContent(), { timeout: 10_000 }).toContain(`/${2 * variants}`);

    // A four-step policy fails: its rollouts carry predictions, truth, and a suggested tag from them.
    await page.getByRole('tab', { name: 'Rollouts & failures' }).click();
    const failed = dialog().locator('.rollouts-table__row[data-success=false]').first();
    await failed.waitFor({ timeout: 20_000 });
    await failed.click();
    const id = Number(await failed.getAttribute('data-rollout'));
    const detail = dialog().locator('.rollouts-detail');
    await detail.waitFor();
    const suggested = (await h.call('rollouts.get', { id })).rollout.suggestedTag;
    expect(suggested).not.toBeNull();

    const player = detail.locator('.rollout-player');
    await player.waitFor({ timeout: 20_000 });
    const predicted = player.locator('input[data-layer="predicted"]');
    await predicted.waitFor();
    expect(await predicted.isChecked()).toBe(true);
    await predicted.click();
    expect(await predicted.isChecked()).toBe(false);
    await predicted.click();
    expect(await predicted.isChecked()).toBe(true);
    // The player's keys work inside the Rollouts dialog: period steps a frame, Home goes back.
    await detail.locator('.rollouts-detail__title').click();
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    await expect.poll(() => player.getAttribute('data-step')).toBe('2');
    await page.keyboard.press('Home');
    await expect.poll(() => player.getAttribute('data-step')).toBe('0');
    await screenshot(page, 'loop-failed-rollout');

    await detail.getByLabel(`tag of rollout ${id}`).selectOption('missed_grasp');
    await expect.poll(async () => (await h.call('rollouts.get', { id })).rollout.tag).toBe('missed_grasp');

    await detail.getByRole('button', { name: 'Send to annotation' }).click();
    const toast = page.getByTestId('sent-toast');
    await toast.waitFor({ timeout: 20_000 });
    await toast.getByRole('button', { name: 'Open episode' }).click();
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    const episode = await page.locator('.episode-view[data-episode-id]').getAttribute('data-episode-id');
    const detailOfEpisode = await h.call('episodes.get', { id: Number(episode) });
    expect(detailOfEpisode).toMatchObject({ datasetName: 'Rollouts', reviewStatus: 'needs_review' });
    await page.locator('.episode-row.is-selected [data-status=needs_review]').waitFor();
    await screenshot(page, 'loop-sent-to-annotation');
    expect(h.pageErrors).toEqual([]);
  });
});
