/**
 * Annotating an episode with two cameras: the other camera shows beside the one annotated, on the same
 * frame, with its own annotations; a click on it makes it the camera being annotated; and the choice of
 * one camera alone is kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { click, openAnnotate, saved, storedAnnotations, waitForFrame } from './annotateUi';
import { focusWorkspace, screenshot, waitForEpisodeCount } from './ui';

const IMAGE = { width: 320, height: 240 };
let h: Harness;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'st4vla-cameras-e2e-'));
  const definition = join(scratch, 'sample.json');
  writeFileSync(definition, JSON.stringify({ name: 'cameras-e2e', seed: 5, episodes: 2, families: ['pick'], variants: ['in_distribution'], resolution: IMAGE }));
  h = await startHarness({ openProject: false, sampleDefinition: definition });
  await h.ready;
});
afterAll(async () => {
  await h?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('cameras side by side', () => {
  it('shows the other camera beside the annotated one and switches to it on a click', async () => {
    const page = h.page;
    await waitForEpisodeCount(page, 2, 30_000);
    const { episodeId, camera } = await openAnnotate(h, 0);
    const other = camera === 'front' ? 'side' : 'front';
    const tile = page.locator(`.annotate-tile[data-camera="${other}"]`);
    await tile.waitFor();
    expect(await page.locator('.annotate-tile').count()).toBe(1);

    // A point on the annotated camera is stored there, and the tile (the other camera) keeps drawing its own frame.
    await page.locator('[data-tool=point]').click();
    await click(page, IMAGE, 160, 120);
    await saved(page);
    const points = await storedAnnotations(h, episodeId, 'point');
    expect(points.map((p) => p.camera)).toEqual([camera]);
    await focusWorkspace(page);
    await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 1);
    await screenshot(page, 'annotate-cameras');

    await tile.getByRole('button', { name: 'Annotate here' }).click();
    await page.locator(`.annotate-tile[data-camera="${camera}"]`).waitFor();
    expect(await page.locator('.annotate-toolbar select[aria-label=Camera]').inputValue()).toBe(other);

    // One camera alone, remembered across a reload.
    await page.getByRole('button', { name: 'All cameras' }).click();
    await expect.poll(() => page.locator('.annotate-tile').count()).toBe(0);
    await page.reload();
    await waitForEpisodeCount(page, 2, 30_000);
    await openAnnotate(h, 0);
    await page.getByRole('button', { name: 'This camera' }).waitFor();
    expect(await page.locator('.annotate-tile').count()).toBe(0);
  });
});
