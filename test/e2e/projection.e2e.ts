/**
 * Projection in Chromium on a small sample project: a trajectory suggested from the robot's state and
 * accepted (stored as 'projected'), and a camera whose calibration was removed calibrated again by
 * clicking the ground-truth gripper tip on 8 frames, with the reprojection error shown.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FOLDER } from '../../src/core/samples/sampleProject';
import { fitDlt, spreadFrames, type Vec3 } from '../../src/shared/geometry';
import { gaussian, seededRandom } from '../../src/shared/geometry/testing';
import { readEpisode, type SampleEpisode } from '../integration/annotate/sampleData';
import { startHarness, type Harness } from './harness';
import { at, drag, openAnnotate, saved, waitForFrame } from './annotateUi';
import { focusWorkspace, screenshot, waitForEpisodeCount } from './ui';

const EPISODES = 4;
/** Every camera's frame size in this sample. */
const IMAGE = { width: 320, height: 240 };
let h: Harness;
let scratch: string;
let rows: { id: number; index: number; length: number }[] = [];
let sampleDir = '';

beforeAll(async () => {
  // The sample's definition, small, at a size where clicks and the screenshot can be judged.
  scratch = mkdtempSync(join(tmpdir(), 'st4vla-projection-e2e-'));
  const definition = join(scratch, 'sample.json');
  writeFileSync(definition, JSON.stringify({ name: 'projection-e2e', seed: 11, episodes: EPISODES, families: ['pick', 'place', 'near', 'push'], variants: ['in_distribution'], resolution: IMAGE }));
  h = await startHarness({ openProject: false, sampleDefinition: definition });
  await h.ready;
  rows = (await h.call('episodes.list', { limit: 100 })).rows;
  sampleDir = join(h.dataDir, 'sample-project', SAMPLE_FOLDER);
});
afterAll(async () => {
  await h?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Episode #index in annotate mode, with the Projection panel open. */
async function openProjection(page: Page, index: number): Promise<number> {
  await waitForEpisodeCount(page, EPISODES, 30_000);
  const { episodeId } = await openAnnotate(h, page.locator('.episode-row', { hasText: `#${index}` }).first());
  await page.getByRole('tab', { name: 'Projection' }).click();
  return episodeId;
}

async function goToFrame(page: Page, frame: number): Promise<void> {
  await focusWorkspace(page);
  await page.keyboard.press('Home');
  await waitForFrame(page, 0);
  for (let i = 0; i < frame; i++) await page.keyboard.press('ArrowRight');
  await waitForFrame(page, frame);
}

describe('projection', () => {
  it('suggests the future path from the state and accepts it as a projected trajectory', async () => {
    const { page } = h;
    const episode = rows[0]!;
    const episodeId = await openProjection(page, episode.index);
    await page.waitForSelector('[data-testid=calibration-status]:has-text("Calibrated by the dataset")');
    await goToFrame(page, 3);
    await page.getByRole('button', { name: 'Suggest trajectory' }).click();
    await page.waitForSelector('[data-testid=suggestion]');
    expect(await page.textContent('[data-testid=suggestion]')).toMatch(/\d+ vertices, frames 3–\d+/);
    await screenshot(page, 'annotate-projection');

    await page.getByRole('button', { name: 'Accept trajectory' }).click();
    await saved(page);
    const stored = (await h.call('annotations.list', { episodeId })).filter((a) => a.kind === 'trajectory');
    expect(stored).toHaveLength(1);
    const trajectory = stored[0]!;
    expect(trajectory).toMatchObject({ source: 'projected', camera: 'front', frameStart: 3 });
    const points = (trajectory.geometry as { points: { x: number; y: number; frame: number }[] }).points;
    expect([points[0]!.frame, points.at(-1)!.frame]).toEqual([3, episode.length - 1]);
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.length).toBeLessThanOrEqual(8);
    // Each vertex sits on the ground-truth gripper of its own frame.
    const truth = await readEpisode(sampleDir, episode.index);
    for (const p of points) expect(Math.hypot(p.x - truth.gripper.front[p.frame]![0], p.y - truth.gripper.front[p.frame]![1])).toBeLessThan(1);
    expect(await page.locator('[data-testid=suggestion]').count()).toBe(0);
    // One undo step on the backend's history.
    expect(await h.call('history.state', { episodeId })).toMatchObject({ canUndo: true, undoCommand: 'createAnnotation' });

    // A person's edit makes the projected trajectory manual: drag its last vertex a few pixels.
    const last = points.at(-1)!;
    await goToFrame(page, last.frame);
    await drag(page, IMAGE, [last.x, last.y], [last.x + 6, last.y + 4]);
    await saved(page);
    const edited = (await h.call('annotations.list', { episodeId })).find((a) => a.id === trajectory.id)!;
    expect(edited.source).toBe('manual');
    expect((edited.geometry as { points: { x: number }[] }).points.at(-1)!.x).toBeCloseTo(last.x + 6, 0);
  });

  it('calibrates a camera without calibration from 8 clicked gripper tips and shows the error', async () => {
    const { page } = h;
    // A camera with no calibration: the side camera's rows lose theirs, as an unknown rig would have none.
    const db = new Database(join(h.dataDir, 'sample-project', 'project.sqlite'));
    db.prepare("UPDATE cameras SET calibration = NULL WHERE name = 'side'").run();
    db.close();

    // An episode whose gripper path is not flat, and its 8 best-spread frames (what a user would pick).
    const truths: SampleEpisode[] = await Promise.all(rows.map((r) => readEpisode(sampleDir, r.index)));
    const pick = truths.map((truth) => {
      const worlds = truth.states.map((s) => [s[0]!, s[1]!, s[2]!] as Vec3);
      const frames = spreadFrames(worlds, 8);
      try {
        fitDlt(frames.map((f) => ({ world: worlds[f]!, image: { x: truth.gripper.side[f]![0], y: truth.gripper.side[f]![1] } })));
        return { truth, frames };
      } catch {
        return null;
      }
    }).find((p) => p !== null)!;
    expect(pick).toBeTruthy();

    await page.reload();
    await openProjection(page, pick.truth.index);
    await page.getByLabel('Camera', { exact: true }).selectOption('side');
    await page.waitForSelector('[data-testid=calibration-status]:has-text("Not calibrated")');
    expect(await page.getByRole('button', { name: 'Suggest trajectory' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Calibrate…' }).click();
    // The panel proposes the same spread-out frames the test clicks.
    await page.waitForSelector('[aria-label="Frames to click"] button');
    const proposed = await page.locator('[aria-label="Frames to click"] button').allTextContents();
    expect(proposed.map(Number)).toEqual([...pick.frames].sort((a, b) => a - b));
    // A person's clicks: the true tip with 1 px of noise.
    const random = seededRandom(5);
    for (const frame of [...pick.frames].sort((a, b) => a - b)) {
      await goToFrame(page, frame);
      const [x, y] = pick.truth.gripper.side[frame]!;
      const p = await at(page, IMAGE, x + gaussian(random), y + gaussian(random));
      await page.mouse.click(p.x, p.y);
    }
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Calibration clicks"] li').length === 8);
    await screenshot(page, 'annotate-projection-clicking');
    await page.getByRole('button', { name: /^Fit camera/ }).click();
    await page.waitForSelector('[data-testid=calibration-status]:has-text("Fitted by DLT from 8 clicks")');
    const shown = (await page.textContent('[data-testid=fit-error]'))!;
    const [mean, max] = [...shown.matchAll(/([\d.]+) px/g)].map((m) => Number(m[1]));
    // 8 clicks over 11 unknowns leave a residual below the click noise, but not none.
    expect(mean).toBeGreaterThan(0.05);
    expect(mean).toBeLessThan(1.5);
    expect(max).toBeLessThan(3);
    const listed = await page.locator('[aria-label="Calibration clicks"] li').allTextContents();
    expect(listed.every((row) => / px/.test(row))).toBe(true);
    await screenshot(page, 'annotate-projection-calibrated');

    // Stored for every episode of the dataset: suggestions now work on the side camera of another one.
    const other = rows.find((r) => r.index !== pick.truth.index)!;
    expect(await h.call('calibration.get', { episodeId: other.id, camera: 'side' })).toMatchObject({ source: 'fitted' });
    const suggestion = await h.call('trajectory.suggest', { episodeId: other.id, camera: 'side', frame: 0, mode: 'whole', maxPoints: 8 });
    expect(suggestion.source).toBe('fitted');
    expect(h.pageErrors).toEqual([]);
  });
});
