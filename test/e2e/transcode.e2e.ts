import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../src/core/media/ffmpeg';
import { makeV21Fixture } from '../fixtures/make-lerobot-fixtures';
import { startHarness, type Harness } from './harness';
import { screenshot, waitForEpisodeCount } from './ui';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.waitForSelector('.workbench');
  // A dataset whose front camera is MPEG-4 Part 2, which no browser decodes.
  const dataset = await makeV21Fixture(join(h.dataDir, 'mpeg4-dataset'), [12]);
  const video = join(dataset, 'videos/chunk-000/observation.images.front/episode_000000.mp4');
  execFileSync(locateMediaTools().ffmpeg, ['-v', 'error', '-i', video, '-c:v', 'mpeg4', '-q:v', '3', `${video}.tmp.mp4`]);
  renameSync(`${video}.tmp.mp4`, video);
  await h.call('datasets.import', { path: dataset, jobId: 'setup' });
});
afterAll(async () => h?.close());

describe('a camera the browser cannot decode', () => {
  it('says so, offers a transcode, and plays after it', async () => {
    const { page } = h;
    await page.reload();
    await waitForEpisodeCount(page, 1);
    await page.locator('.episode-row').first().click();
    const front = page.locator('[data-camera=front]');
    await front.locator('[data-status=unsupported], .player-camera__message').first().waitFor();
    expect(await front.textContent()).toMatch(/cannot decode/);
    await screenshot(page, 'transcode-offer');

    await front.getByRole('button', { name: 'Transcode to H.264' }).click();
    await page.waitForSelector('[data-camera=front][data-status=ready]', { timeout: 60_000 });
    expect(await page.locator('[data-camera=front] canvas').count()).toBe(1);
    expect(h.pageErrors).toEqual([]);
  });
});
