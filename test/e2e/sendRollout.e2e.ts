/**
 * Closing the loop in Chromium: a rollout imported from a generic folder is ranked by least-sure frames,
 * sent to annotation, and shows up in the episode queue (needs review) with its video playing and the
 * model's predicted point, box and trajectory drawn on it as editable annotations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../src/core/media/ffmpeg';
import { openAnnotate, storedAnnotations, waitForFrame } from './annotateUi';
import { startHarness, type Harness } from './harness';
import { screenshot, waitForEpisodeCount } from './ui';

let h: Harness;
let folder: string;
const STEPS = 30;

/** A grey table with a red block at (200..240, 110..150) of a 320 x 240 image, as H.264. */
function writeVideo(file: string): void {
  execFileSync(locateMediaTools().ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi',
    '-i', 'color=c=0x6f7d8c:s=320x240:r=10,drawbox=x=200:y=110:w=40:h=40:color=red@1:t=fill',
    '-frames:v', String(STEPS), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file,
  ]);
}

/** Predictions on the block every 3rd step, except step 12 where the model points at the empty table. */
function sidecar() {
  const steps = Array.from({ length: STEPS }, (_, t) => {
    const state = [0.3 + t / 100, 0.2, 0.1, 0, 0, 0, 1];
    if (t % 3 !== 0) return { state, action: [0.01, 0, 0, 0, 0, 0, 1] };
    const off = t === 12;
    return {
      state,
      action: [0.01, 0, 0, 0, 0, 0, 1],
      point: off ? [0.15, 0.2] : [0.69, 0.54],
      box: [0.61, 0.44, 0.77, 0.64],
      trajectory: [[0.3 + t / 100, 0.2], [0.5, 0.35], [0.69, 0.5]],
    };
  });
  return { instruction: 'pick up the red block', success: false, reason: 'timeout', variant: 'unseen_objects', seed: 3, steps };
}

beforeAll(async () => {
  h = await startHarness();
  folder = mkdtempSync(join(tmpdir(), 'st4vla-send-e2e-'));
  writeVideo(join(folder, 'episode_0.mp4'));
  writeFileSync(join(folder, 'episode_0.json'), JSON.stringify(sidecar()));
});
afterAll(async () => {
  await h?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('sending a rollout to annotation', () => {
  it('ranks its least-sure frame, sends it, and the queue shows it with the predictions drawn', async () => {
    const { page } = h;
    await h.call('rollouts.import', { path: folder, jobId: 'e2e-send' });
    const rollout = (await h.call('rollouts.list', {})).rows[0]!;

    const unsure = await h.call('rollouts.leastSure', { rolloutIds: [rollout.id], limit: 5 });
    expect(unsure[0]).toMatchObject({ rolloutId: rollout.id, step: 12, reasons: ['point_outside_box', 'point_jump'] });

    const sent = await h.call('rollouts.sendToAnnotation', { id: rollout.id, author: 'e2e' });
    expect(sent).toMatchObject({ created: true, annotations: 30 });

    // The list reloads on its own (project.changed) and the review filter finds the episode.
    await waitForEpisodeCount(page, 1);
    await page.selectOption('select[aria-label="Review status"]', 'needs_review');
    await waitForEpisodeCount(page, 1);
    expect(await page.getAttribute('.episode-row >> nth=0', 'data-episode-id')).toBe(String(sent.episodeId));
    await page.locator('.episode-row >> nth=0').locator('[data-status=needs_review]').waitFor();

    const opened = await openAnnotate(h, 0);
    expect(opened).toMatchObject({ episodeId: sent.episodeId, camera: 'main', image: { width: 320, height: 240 } });
    await waitForFrame(page, 0);
    const stored = await storedAnnotations(h, sent.episodeId);
    expect(stored.filter((a) => a.frameStart === 0).map((a) => a.kind).sort()).toEqual(['box', 'point', 'trajectory']);
    await page.waitForTimeout(400);
    await screenshot(page, 'send-rollout-predictions');

    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await waitForFrame(page, 12);
    await page.waitForTimeout(400);
    await screenshot(page, 'send-rollout-unsure-frame');
    expect(h.pageErrors).toEqual([]);
  });
});
