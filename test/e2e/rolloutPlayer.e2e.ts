/**
 * The rollout player in Chromium against the real backend: real sim rollouts (recorded by the worker's
 * recording path, stored with storeRolloutFolders) replay with their overlays, event markers that seek,
 * plots that follow and seek the step, comma/period stepping and remembered overlay toggles; two rollouts
 * of one seed play side by side on one step; an imported rollout without signals degrades with a note.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../src/core/api/studio';
import { closeProject, createProject } from '../../src/core/project/project';
import { storeRolloutFolders } from '../../src/core/rollouts/store';
import { ROLLOUT_FILE, RolloutRecord } from '../../src/shared/rollouts/record';
import { startHarness, type Harness } from './harness';
import { buildRolloutPlayerPage } from './rolloutPlayer/bundle';
import { recordRollout } from './rolloutPlayer/recordFailure';
import { GR1_FIXTURE, playheadX, screenshot } from './ui';

let h: Harness;
let studio: (Studio & { close(): Promise<void> }) | undefined;
let scratch: string;
const ids = { failure: 0, success: 0, imported: 0 };
let failure: RolloutRecord;

const readRecord = (dir: string) => RolloutRecord.parse(JSON.parse(readFileSync(join(dir, ROLLOUT_FILE), 'utf8')));

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'st4vla-rplayer-'));
  const [pageDir] = await Promise.all([buildRolloutPlayerPage(join(scratch, 'page'))]);
  // Two checkpoints' rollouts of one seed: one lets go of the object on the way (a drop), one places it.
  const failDir = await recordRollout(join(scratch, 'rec-a'), 1, { letGo: true, driftFrom: 6, policy: 'checkpoint A', family: 'place' });
  const successDir = await recordRollout(join(scratch, 'rec-b'), 1, { letGo: false, driftFrom: 40, policy: 'checkpoint B', family: 'place' });
  failure = readRecord(failDir);
  expect(failure.success).toBe(false);
  // An imported rollout carries only its video and executed actions.
  const importedDir = join(scratch, 'imported');
  mkdirSync(importedDir);
  for (const camera of failure.cameras) cpSync(join(failDir, `${camera}.mp4`), join(importedDir, `${camera}.mp4`));
  const imported: RolloutRecord = {
    ...failure,
    source: 'libero',
    success: false,
    reason: 'unknown',
    policyCamera: null,
    meta: { file: 'episode_3.mp4' },
    steps: failure.steps.map((s) => ({ t: s.t, ...(s.executed && { executed: s.executed }) })),
  };
  writeFileSync(join(importedDir, ROLLOUT_FILE), JSON.stringify(imported));

  const projectDir = join(scratch, 'project');
  const project = createProject(projectDir, { name: 'rollout player' });
  try {
    const evalA = project.repos.rollouts.createEvaluation({ name: 'checkpoint A', source: 'sim' });
    const evalB = project.repos.rollouts.createEvaluation({ name: 'checkpoint B', source: 'sim' });
    const evalI = project.repos.rollouts.createEvaluation({ name: 'libero: import', source: 'imported' });
    ids.failure = (await storeRolloutFolders(project, evalA, [failDir]))[0]!;
    ids.success = (await storeRolloutFolders(project, evalB, [successDir]))[0]!;
    ids.imported = (await storeRolloutFolders(project, evalI, [importedDir]))[0]!;
  } finally {
    closeProject(project);
  }
  const { createStudio } = await import('../../src/core/studio');
  studio = await createStudio({ shell: 'web', dataDir: join(scratch, 'data'), projectDir });
  h = await startHarness({ studio, rendererDir: pageDir });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}, 180_000);

afterAll(async () => {
  await h?.close();
  await studio?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate((value) => {
    location.hash = value;
  }, hash);
  await page.waitForFunction(() => {
    const players = [...document.querySelectorAll('.player')];
    return players.length > 0 && players.every((p) => p.getAttribute('data-state') === 'paused') && !document.body.innerText.includes('Loading');
  }, undefined, { timeout: 30_000 });
}

const step = (page: Page) => page.locator('.rollout-player').getAttribute('data-step').then(Number);
const waitStep = (page: Page, n: number) => page.waitForFunction((want) => document.querySelector('.rollout-player')?.getAttribute('data-step') === String(want), n, { timeout: 10_000 });
const shapes = (page: Page, camera: string, layer: string) => page.locator(`[data-camera="${camera}"] g[data-layer="${layer}"]`).count();

/** Mean brightness and spread of a camera's canvas: a drawn sim frame is neither blank nor flat. */
const canvasStats = (page: Page, camera: string) =>
  page.evaluate((name) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-camera="${name}"] canvas`)!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    let sq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    return { mean, sd: Math.sqrt(sq / n - mean * mean) };
  }, camera);

describe('rollout player', () => {
  it('replays a failure with its outcome, overlays on the policy camera and truth on every camera', async () => {
    const { page } = h;
    await open(page, `rollout=${ids.failure}`);
    expect(await page.locator('[data-outcome]').first().textContent()).toBe('Failure · dropped the object');
    expect(await page.locator('[data-camera]').count()).toBe(2);
    for (const camera of failure.cameras) expect((await canvasStats(page, camera)).sd).toBeGreaterThan(5);
    const leftAt = (await page.locator('[data-marker="left target"]').getAttribute('aria-label'))!;
    const left = Number(/frame (\d+)/.exec(leftAt)![1]);
    expect(left).toBeGreaterThan(0);
    await page.locator('[data-marker="left target"]').click();
    await waitStep(page, left);
    // Front is the policy camera: prediction and truth; side has truth and the gripper's path only.
    for (const layer of ['predicted', 'future', 'truth', 'path']) expect(await shapes(page, 'front', layer), `front ${layer}`).toBeGreaterThan(0);
    expect(await shapes(page, 'side', 'predicted')).toBe(0);
    expect(await shapes(page, 'side', 'truth')).toBeGreaterThan(0);
    // The predicted box has left the true one: their rectangles no longer overlap on screen.
    const boxes = await page.evaluate(() =>
      ['predicted', 'truth'].map((layer) => {
        const r = document.querySelector(`[data-camera="front"] g[data-layer="${layer}"][data-kind="box"] rect:last-of-type`)!.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    const [p, t] = boxes as [DOMRect, DOMRect];
    const overlapX = Math.max(0, Math.min(p.right, t.right) - Math.max(p.left, t.left));
    const overlapY = Math.max(0, Math.min(p.bottom, t.bottom) - Math.max(p.top, t.top));
    expect(overlapX * overlapY).toBeLessThan(0.1 * (t.right - t.left) * (t.bottom - t.top));
    await page.locator('.rollout-player__videos').hover({ position: { x: 5, y: 5 } });
    await screenshot(page, 'rollout-player-failure');
  });

  it('seeks from event markers and plots, and steps with comma and period', async () => {
    const { page } = h;
    const dropAt = failure.steps.find((s) => s.events?.includes('drop'))!.t;
    const graspAt = failure.steps.find((s) => s.events?.includes('grasp'))!.t;
    await page.locator('[data-marker="grasp"]').click();
    await waitStep(page, graspAt);
    await page.locator('[data-marker="drop"]').click();
    await waitStep(page, dropAt);
    await page.locator('body').click({ position: { x: 1270, y: 5 } });
    await page.keyboard.press(',');
    await waitStep(page, dropAt - 1);
    await page.keyboard.press(',');
    await page.keyboard.press('.');
    await waitStep(page, dropAt - 1);
    // Clicking the start of a plot seeks to step 0; its playhead follows.
    const before = await playheadX(page);
    const plot = page.locator('[data-plot="Box IoU (pred vs true)"] .u-over');
    const box = (await plot.boundingBox())!;
    await page.mouse.click(box.x + 1, box.y + box.height / 2);
    await waitStep(page, 0);
    expect(await playheadX(page)).toBeLessThan(before);
    // The legend prints the values at the playhead: IoU 1 at step 0 would be a perfect box; ours is close.
    const iou = Number(await page.locator('[data-plot="Box IoU (pred vs true)"] .signal-plot__value').textContent());
    expect(iou).toBeGreaterThan(0.5);
  });

  it('plays on one clock and the plots follow', async () => {
    const { page } = h;
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Number(document.querySelector('.rollout-player')?.getAttribute('data-step')) >= 5, undefined, { timeout: 10_000 });
    await page.keyboard.press('Space');
    const at = await step(page);
    expect(at).toBeGreaterThanOrEqual(5);
    expect(await playheadX(page)).toBeGreaterThan(0);
  });

  it('remembers an overlay switched off across a reload', async () => {
    const { page } = h;
    await page.locator('input[data-layer="predicted"]').uncheck();
    expect(await shapes(page, 'front', 'predicted')).toBe(0);
    await page.reload();
    await open(page, `rollout=${ids.failure}&step=${failure.steps.length - 1}`);
    await waitStep(page, failure.steps.length - 1);
    expect(await page.locator('input[data-layer="predicted"]').isChecked()).toBe(false);
    expect(await shapes(page, 'front', 'predicted')).toBe(0);
    expect(await shapes(page, 'front', 'truth')).toBeGreaterThan(0);
    await page.locator('input[data-layer="predicted"]').check();
    expect(await shapes(page, 'front', 'predicted')).toBeGreaterThan(0);
  });

  it('shows two checkpoints of one seed side by side on the same step; the shorter holds its last frame', async () => {
    const { page } = h;
    await open(page, `rollout=${ids.success}&compare=rollout:${ids.failure}`);
    expect(await page.locator('.rollout-player__pane').count()).toBe(2);
    const options = await page.locator('select[aria-label="Compare with"] option').allTextContents();
    expect(options.some((o) => o.startsWith(`#${ids.failure} `) && o.includes('failure'))).toBe(true);
    // The failure's grounding joins the plots, dashed, so the two checkpoints' errors read against each other.
    await expect
      .poll(() => page.locator('[data-plot="Box IoU (pred vs true)"] .signal-plot__label').allTextContents(), { timeout: 10_000 })
      .toEqual(['IoU', `IoU B #${ids.failure}`]);
    const followerFrame = () => page.locator('.rollout-player__pane').nth(1).locator('.player').getAttribute('data-frame').then(Number);
    await page.locator('input[aria-label="Go to frame"]').fill('8');
    await page.locator('input[aria-label="Go to frame"]').press('Enter');
    await waitStep(page, 8);
    await expect.poll(followerFrame, { timeout: 10_000 }).toBe(8);
    const last = failure.steps.length - 1;
    await page.locator('input[aria-label="Go to frame"]').fill(String(last + 6));
    await page.locator('input[aria-label="Go to frame"]').press('Enter');
    await waitStep(page, last + 6);
    await expect.poll(followerFrame, { timeout: 10_000 }).toBe(last);
    expect(await page.locator('.rollout-player__ended').textContent()).toBe(`ended at step ${last}`);
    // Playing from the start: the follower keeps to the leader's step, frame by frame.
    await page.locator('button[aria-label="First frame"]').click();
    await waitStep(page, 0);
    await page.locator('button[aria-label="Play"]').click();
    const samples = await page.evaluate(
      (until) =>
        new Promise<[number, number][]>((resolve) => {
          const out: [number, number][] = [];
          const panes = document.querySelectorAll('.rollout-player__pane .player');
          const tick = () => {
            const leader = Number(panes[0]!.getAttribute('data-frame'));
            out.push([leader, Number(panes[1]!.getAttribute('data-frame'))]);
            if (leader >= until) resolve(out);
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
      last,
    );
    await page.locator('button[aria-label="Pause"]').click();
    const lag = Math.max(...samples.map(([l, f]) => l - f));
    console.log(`side by side at 10 fps: ${samples.length} samples over steps 0-${last}, follower at most ${lag} step(s) behind the leader`);
    expect(lag).toBeLessThanOrEqual(1);
    await page.locator('[data-marker="grasp"]').first().click();
    await page.locator('.rollout-player__videos').hover({ position: { x: 5, y: 5 } });
    await screenshot(page, 'rollout-player-compare');
  });

  it('shows a demonstration episode the caller chose beside the rollout, on the same step', async () => {
    const { page } = h;
    await h.call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'e2e-rplayer' });
    const episode = (await h.call('episodes.list', { limit: 1 })).rows[0]!;
    await open(page, `rollout=${ids.failure}&compare=episode:${episode.id}`);
    expect(await page.locator('.rollout-player__pane-title').nth(1).textContent()).toContain(`demonstration: episode ${episode.index}`);
    // Its instruction is not the rollout's: the picker does not offer it, though the caller may still choose it.
    const options = await page.locator('select[aria-label="Compare with"] option').allTextContents();
    expect(options.some((o) => o.startsWith('episode '))).toBe(false);
    await page.locator('[data-marker="drop"]').click();
    const dropAt = failure.steps.find((s) => s.events?.includes('drop'))!.t;
    await waitStep(page, dropAt);
    const followerFrame = () => page.locator('.rollout-player__pane').nth(1).locator('.player').getAttribute('data-frame').then(Number);
    await expect.poll(followerFrame, { timeout: 10_000 }).toBe(dropAt);
    await page.locator('.rollout-player__videos').hover({ position: { x: 5, y: 5 } });
    await screenshot(page, 'rollout-player-demonstration');
  });

  it('degrades for an imported rollout without signals: a note of what is missing, no grounding, overlays off', async () => {
    const { page } = h;
    await open(page, `rollout=${ids.imported}`);
    const note = await page.locator('.rollout-player__note').textContent();
    expect(note).toContain('did not carry predicted action chunks, robot state, predicted point or box, ground truth or events');
    expect(await page.locator('[data-plot="Actions"]').count()).toBe(1);
    expect(await page.locator('[data-plot="Box IoU (pred vs true)"]').count()).toBe(0);
    expect(await page.locator('input[data-layer="truth"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-outcome]').first().textContent()).toBe('Failure · reason unknown');
    await screenshot(page, 'rollout-player-imported');
    expect(h.pageErrors).toEqual([]);
  });
});
