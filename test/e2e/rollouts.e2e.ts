/**
 * The Rollouts page in Chromium on the real backend: a folder of generic-format rollouts (real H.264 videos
 * made by ffmpeg, JSON sidecars) imported through the page; its results per variant with their intervals;
 * the failures table filtered, a failed rollout opened and tagged from the keyboard; the taxonomy renamed,
 * extended and reordered, and its refusal to drop a tag in use; two evaluations side by side.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/core/api/studio';
import { makeVideo, writeJson } from '../../src/core/rollouts/testing';
import { createStudio } from '../../src/core/studio';
import { wilsonInterval } from '../../src/shared/stats/wilson';
import { startHarness, type Harness } from './harness';
import { GR1_FIXTURE, screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let folder: string;

/** Six rollouts: in_distribution 2 of 3, unseen_objects 1 of 3; failures end by timeout or a dropped object. */
const ROLLOUTS = [
  { name: 'r0', variant: 'in_distribution', success: true, reason: 'success', frames: 5, instruction: 'pick up the red cube' },
  { name: 'r1', variant: 'in_distribution', success: true, reason: 'success', frames: 7, instruction: 'pick up the blue cube' },
  { name: 'r2', variant: 'in_distribution', success: false, reason: 'timeout', frames: 12, instruction: 'put the can in the bin' },
  { name: 'r3', variant: 'unseen_objects', success: true, reason: 'success', frames: 6, instruction: 'pick up the pear' },
  { name: 'r4', variant: 'unseen_objects', success: false, reason: 'dropped_object', frames: 9, instruction: 'place the mug on the plate' },
  { name: 'r5', variant: 'unseen_objects', success: false, reason: 'timeout', frames: 12, instruction: 'push the box to the left' },
] as const;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'st4vla-e2e-rollouts-'));
  ROLLOUTS.forEach((r, i) => {
    makeVideo(join(folder, `${r.name}.mp4`), { frames: r.frames, width: 96, height: 72 });
    writeJson(join(folder, `${r.name}.json`), {
      instruction: r.instruction, success: r.success, reason: r.reason, fps: 10, variant: r.variant, seed: i,
      steps: Array.from({ length: r.frames }, (_, t) => ({ point: [0.3 + 0.02 * t, 0.5], box: [0.2, 0.4, 0.5, 0.7] })),
    });
  });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const dialog = () => h.page.locator('dialog[open][aria-label="Rollouts"]');

describe('rollouts page', () => {
  beforeAll(async () => {
    h = await startHarness();
    await h.page.waitForSelector('.workbench');
  });
  afterAll(async () => h?.close());

  it('imports a folder of generic rollouts through the page and shows success per variant with its interval', async () => {
    const { page } = h;
    await page.getByTestId('open-rollouts').click();
    await dialog().getByText('No evaluations yet').waitFor();
    await page.getByTestId('import-rollouts').click();
    await page.getByLabel('Rollouts folder').fill(folder);
    await page.getByLabel('rollout format').selectOption('generic');
    await page.getByRole('button', { name: 'Import rollouts', exact: true }).click();
    await page.getByTestId('rollouts-imported').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rollouts-imported').textContent()).toContain('Imported 6 rollouts (generic');
    const item = dialog().locator('.rollouts__evaluation');
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('class')).toContain('is-on');
    expect(await item.locator('.rollouts__evaluation-meta').textContent()).toContain('3/6');
    await screenshot(page, 'rollouts-import');

    await page.getByRole('tab', { name: 'Results' }).click();
    const row = (variant: string) => dialog().locator(`.rollouts-results__table tr[data-variant="${variant}"]`);
    await row('in_distribution').waitFor();
    const [lo, hi] = wilsonInterval(2, 3).map((v) => Math.round(v * 100));
    expect(await row('in_distribution').textContent()).toContain(`67% ${lo}–${hi}%`);
    expect(await row('in_distribution').textContent()).toContain('2/3');
    // Mean steps: (5 + 7 + 12) / 3 frames.
    expect(await row('in_distribution').textContent()).toContain('8.0');
    expect(await row('unseen_objects').textContent()).toContain('33%');
    expect(await row('all').textContent()).toContain('3/6');
    expect(Number(await dialog().locator('.rollouts-chart').getAttribute('data-points'))).toBe(2);
    await screenshot(page, 'rollouts-results');
  });

  it('filters the failures, opens a failed rollout and tags it from the keyboard', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: 'Rollouts & failures' }).click();
    await page.getByTestId('rollouts-total').getByText('6 rollouts').waitFor();
    await page.getByLabel('filter by outcome').selectOption('failure');
    await page.getByTestId('rollouts-total').getByText('3 rollouts').waitFor();
    const chips = dialog().locator('.rollouts-chip');
    expect(await chips.allTextContents()).toEqual(['timeout 20 confirmed', 'dropped object 10 confirmed']);

    await page.getByLabel('filter by variant').selectOption('unseen_objects');
    await page.getByTestId('rollouts-total').getByText('2 rollouts').waitFor();
    const failedRow = dialog().locator('.rollouts-table__row[data-success=false]', { hasText: 'place the mug' });
    await failedRow.click();
    const detail = dialog().locator('.rollouts-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('rollout-instruction').textContent()).toBe('place the mug on the plate');
    expect(await detail.getByTestId('suggested-tag').textContent()).toBe('suggested: dropped object');
    expect(await detail.textContent()).toContain('Predictions9 of 9 steps');
    expect(await detail.locator('.rollouts-detail__head .badge--danger').textContent()).toContain('dropped object');

    // The row has the focus after the click: "2" is the taxonomy's second tag (missed_grasp).
    await failedRow.focus();
    await page.keyboard.press('2');
    const id = Number(await failedRow.getAttribute('data-rollout'));
    await expect.poll(async () => (await h.call('rollouts.get', { id })).rollout.tag).toBe('missed_grasp');
    await expect.poll(() => detail.getByLabel(`tag of rollout ${id}`).inputValue()).toBe('missed_grasp');
    await dialog().locator('.rollouts-chip[data-tag="missed_grasp"]').waitFor();
    await screenshot(page, 'rollouts-failures');

    await page.getByLabel('filter by tag').selectOption('missed_grasp');
    await page.getByTestId('rollouts-total').getByText('1 rollout').waitFor();
    await page.getByLabel('filter by tag').selectOption('');
    await page.getByLabel('filter by variant').selectOption('');
    await page.getByTestId('rollouts-total').getByText('3 rollouts').waitFor();
  });

  it('renames, adds and reorders failure tags, and shows the refusal to remove one in use', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: 'Failure tags' }).click();
    const taxonomy = dialog().getByTestId('taxonomy');
    await taxonomy.waitFor();
    await page.getByLabel('name of tag 1').fill('grounding');
    await page.getByLabel('new tag name').fill('collision');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('button', { name: 'move collision up' }).click();
    await page.getByRole('button', { name: 'Save taxonomy' }).click();
    await expect.poll(async () => (await h.call('rollouts.taxonomy.get', {})).map((t) => t.name)).toEqual([
      'grounding', 'missed_grasp', 'dropped_object', 'wrong_place', 'timeout', 'workspace_violation', 'collision', 'other',
    ]);
    await page.getByRole('button', { name: 'Save taxonomy' }).and(page.locator(':disabled')).waitFor();

    await page.getByRole('button', { name: 'remove missed_grasp' }).click();
    await page.getByRole('button', { name: 'Save taxonomy' }).click();
    const refusal = taxonomy.locator('.notice--danger');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('"missed_grasp" is the confirmed tag of 1 rollout');
    expect((await h.call('rollouts.taxonomy.get', {})).map((t) => t.name)).toContain('missed_grasp');
    await screenshot(page, 'rollouts-taxonomy');
    await page.getByRole('button', { name: 'Revert' }).click();
    expect(await taxonomy.locator('.rollouts-taxonomy__tag').count()).toBe(8);
  });

  it('puts two evaluations side by side', async () => {
    const { page } = h;
    await page.getByTestId('import-rollouts').click();
    await page.getByRole('button', { name: 'Import rollouts', exact: true }).click();
    await dialog().locator('.rollouts__evaluation').nth(1).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Results' }).click();
    const boxes = dialog().locator('.rollouts__evaluation input[type=checkbox]');
    await boxes.nth(1).check();
    await expect.poll(() => dialog().locator('.rollouts-results__eval').count()).toBe(2);
    expect(Number(await dialog().locator('.rollouts-chart').getAttribute('data-points'))).toBe(4);
    await screenshot(page, 'rollouts-compare');

    await page.getByRole('tab', { name: 'Rollouts & failures' }).click();
    await page.getByTestId('rollouts-total').getByText('6 rollouts').waitFor();
    await page.getByLabel('filter by outcome').selectOption('');
    await page.getByTestId('rollouts-total').getByText('12 rollouts').waitFor();
    await page.getByRole('button', { name: 'Close the rollout' }).click();
    // Both evaluations' rows, one after the other, each naming its evaluation.
    const rows = dialog().locator('.rollouts-table__row[data-rollout]');
    await expect.poll(() => rows.count()).toBe(12);
    expect(await rows.first().textContent()).toContain('#2');
    expect(await rows.last().textContent()).toContain('#1');
    await screenshot(page, 'rollouts-table');
    expect(h.pageErrors).toEqual([]);
  });

  it('asks for a checkpoint before starting an evaluation, and starts nothing', async () => {
    const { page } = h;
    await page.getByTestId('new-evaluation').click();
    await page.getByRole('button', { name: 'Start evaluation' }).click();
    const error = dialog().locator('[data-field=checkpointId] .rollouts-form__error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Pick a checkpoint to evaluate');
    expect(await page.getByLabel('checkpoint', { exact: true }).textContent()).toContain('No checkpoints yet');
    expect((await h.call('rollouts.evaluations', {})).length).toBe(2);
    await screenshot(page, 'rollouts-new-evaluation');
    expect(h.pageErrors).toEqual([]);
  });
});

/**
 * The real backend with rollouts.sendToAnnotation standing in until its branch lands: it answers with an
 * episode of a real imported dataset, so the toast's "Open episode" is followed into the episode list.
 */
describe('sending a rollout to annotation', () => {
  let real: Studio;
  let scratch: string;
  let episodeId = 0;
  let datasetId = 0;
  const sent: unknown[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'st4vla-e2e-send-'));
    mkdirSync(join(scratch, 'data'));
    real = await createStudio({ shell: 'web', dataDir: join(scratch, 'data'), projectDir: join(scratch, 'project') });
    const studio: Studio = {
      dispatch: async (method, params) => {
        if (method !== 'rollouts.sendToAnnotation') return real.dispatch(method, params);
        sent.push(params);
        return { ok: true, result: { episodeId, datasetId, annotations: 9, created: true } };
      },
      subscribe: (listener) => real.subscribe(listener),
      resolveMedia: (path) => real.resolveMedia(path),
      close: () => real.close(),
    };
    h = await startHarness({ studio });
    const dataset = await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'gr1' });
    datasetId = dataset.id;
    episodeId = (await h.call('episodes.list', { datasetId, offset: 2, limit: 1 })).rows[0]!.id;
    await h.call('rollouts.import', { path: folder, format: 'generic', jobId: 'send' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await real?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('sends a failed rollout, and the toast opens its episode in the episode list', async () => {
    const { page } = h;
    await waitForEpisodeCount(page, 5);
    await page.getByTestId('open-rollouts').click();
    await page.getByRole('tab', { name: 'Rollouts & failures' }).click();
    const failed = dialog().locator('.rollouts-table__row[data-success=false]').first();
    await failed.click();
    const id = Number(await failed.getAttribute('data-rollout'));
    await dialog().getByRole('button', { name: 'Send to annotation' }).click();
    const toast = page.getByTestId('sent-toast');
    await toast.waitFor();
    expect(sent).toEqual([{ id }]);
    expect(await toast.textContent()).toContain(`Rollout #${id} is now episode #${episodeId}`);
    expect(await toast.textContent()).toContain('9 predicted annotations to correct');
    await screenshot(page, 'rollouts-sent');

    await toast.getByRole('button', { name: 'Open episode' }).click();
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.locator(`.episode-view[data-episode-id="${episodeId}"]`).waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
