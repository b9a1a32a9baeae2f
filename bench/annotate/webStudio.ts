/**
 * What bench/annotate/open and bench/annotate/roundtrip share: the real backend on a temporary project
 * (the GR1 fixture imported in place, episodes filled with annotations through annotations.apply),
 * served by the web shell to Debian's Chromium, with the backend's time per call recorded, and a
 * page-side log of the studio's User Timing marks (session.ts, drawList.ts) and of the input events.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Studio } from '../../src/core/api/studio';
import { createStudio } from '../../src/core/studio';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/api';
import type { AnnotationChange, EpisodeRow } from '../../src/shared/contract/domain';
import { ApiError } from '../../src/shared/contract/errors';
import { startHarness, type Harness } from '../../test/e2e/harness';
import { GR1_FIXTURE } from './fixture';

export interface BenchStudio {
  harness: Harness;
  page: Page;
  episodes: EpisodeRow[];
  /** The fixture's one camera and its image size. */
  camera: string;
  image: { width: number; height: number };
  /** Milliseconds of every dispatch on the backend (validation in and out included), by method. */
  serverMs: Record<string, number[]>;
  /** When each dispatch began and ended, as Unix ms (the page's performance.timeOrigin + mark time is comparable). */
  serverSpans: Record<string, Array<{ start: number; end: number }>>;
  close(): Promise<void>;
}

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** Fills the episodes before the page opens: `fill(call, episodes, camera, image)` writes what the bench needs. */
export async function startBenchStudio(
  fill: (call: Call, episodes: EpisodeRow[], camera: string, image: { width: number; height: number }) => Promise<void>,
): Promise<BenchStudio> {
  const scratch = mkdtempSync(join(tmpdir(), 'st4vla-bench-annotate-'));
  mkdirSync(join(scratch, 'data'));
  const real = await createStudio({ shell: 'web', dataDir: join(scratch, 'data'), projectDir: join(scratch, 'project') });
  const serverMs: Record<string, number[]> = {};
  const serverSpans: Record<string, Array<{ start: number; end: number }>> = {};
  const timed: Studio = {
    async dispatch(method, params) {
      const started = performance.now();
      const outcome = await real.dispatch(method, params);
      const ended = performance.now();
      (serverMs[method] ??= []).push(ended - started);
      (serverSpans[method] ??= []).push({ start: performance.timeOrigin + started, end: performance.timeOrigin + ended });
      return outcome;
    },
    subscribe: (listener) => real.subscribe(listener),
    resolveMedia: (path) => real.resolveMedia(path),
    close: () => real.close(),
  };
  const call: Call = async (method, input) => {
    const outcome = await real.dispatch(method, input);
    if (!outcome.ok) throw ApiError.from(outcome.error);
    return outcome.result as never;
  };
  try {
    await call('datasets.import', { path: GR1_FIXTURE, copyMedia: false, jobId: 'bench-annotate' });
    const episodes = (await call('episodes.list', {})).rows;
    const detail = await call('episodes.get', { id: episodes[0]!.id });
    const info = detail.cameras.find((c) => c.frameCount > 0)!;
    await fill(call, episodes, info.name, { width: info.width, height: info.height });
    const harness = await startHarness({ studio: timed });
    await installRecorder(harness.page);
    for (const key of Object.keys(serverMs)) delete serverMs[key];
    for (const key of Object.keys(serverSpans)) delete serverSpans[key];
    return {
      harness,
      page: harness.page,
      episodes: (await call('episodes.list', {})).rows,
      camera: info.name,
      image: { width: info.width, height: info.height },
      serverMs,
      serverSpans,
      async close() {
        await harness.close();
        await real.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await real.close();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** A small deterministic generator (mulberry32), so every run benches the same annotations. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` creates of a realistic mix on one camera: 40 % points, 30 % boxes, 15 % trajectories of 3–6
 * vertices, 15 % keyframed tracks (points and boxes, 3–8 keyframes, some absent spans), spread over the
 * episode's frames, inside the square [0, area] of the image (the round-trip bench keeps a corner clear).
 */
export function mixedCreates(count: number, camera: string, length: number, area: number, labels: number[], seed: number): AnnotationChange[] {
  const r = random(seed);
  const int = (n: number) => Math.floor(r() * n);
  const xy = () => ({ x: 2 + r() * (area - 4), y: 2 + r() * (area - 4) });
  const box = () => {
    const x1 = r() * (area - 30), y1 = r() * (area - 30);
    return { x1, y1, x2: x1 + 8 + r() * 20, y2: y1 + 8 + r() * 20 };
  };
  const changes: AnnotationChange[] = [];
  for (let i = 0; i < count; i++) {
    const pick = r();
    const labelId = r() < 0.85 ? labels[int(labels.length)]! : null;
    const frame = int(length);
    const base = { op: 'create' as const, camera, labelId, query: null, confidence: null, isTrack: false };
    if (pick < 0.4) changes.push({ ...base, kind: 'point', frame, geometry: { ...xy(), role: 'other' } });
    else if (pick < 0.7) changes.push({ ...base, kind: 'box', frame, geometry: box() });
    else if (pick < 0.85) {
      const start = int(length - 40);
      const points = Array.from({ length: 3 + int(4) }, (_, k) => ({ ...xy(), frame: start + k * 6 }));
      changes.push({ ...base, kind: 'trajectory', frame: start, geometry: { of: r() < 0.5 ? 'gripper' : 'object', points } });
    } else {
      const kind = r() < 0.5 ? 'point' : 'box';
      const start = int(length - 80);
      const keyframes = Array.from({ length: 3 + int(6) }, (_, k) => ({
        frame: start + k * 10,
        value: k > 0 && r() < 0.1 ? null : kind === 'point' ? { ...xy(), role: 'other' as const } : box(),
        source: 'manual' as const,
      }));
      changes.push({ ...base, kind, frame: start, isTrack: true, geometry: { keyframes } });
    }
  }
  return changes;
}

/** Writes the creates as one annotations.apply: one transaction, one history step. */
export async function fillEpisode(call: Call, episodeId: number, changes: AnnotationChange[]): Promise<void> {
  if (changes.length === 0) return;
  await call('annotations.apply', { episodeId, command: { name: 'benchFill', undoable: true }, changes, frame: 0 });
}

export interface Mark {
  name: string;
  t: number;
  detail?: unknown;
}

/**
 * Logs every User Timing mark (the studio keeps only the newest of each name, an observer sees all)
 * and the timestamps of the key presses and pointer releases that start what the benches time.
 */
async function installRecorder(page: Page): Promise<void> {
  // Runs in the page; typed without the DOM library, as the bench's tsconfig has none.
  await page.evaluate(() => {
    type Listen = (type: string, fn: (e: { key?: string; timeStamp: number }) => void, options: { capture: boolean }) => void;
    const page = globalThis as unknown as Record<string, unknown> & { addEventListener: Listen };
    const log: { name: string; t: number; detail?: unknown }[] = [];
    page.benchMarks = log;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) log.push({ name: e.name, t: e.startTime, detail: (e as unknown as { detail: unknown }).detail });
    }).observe({ type: 'mark' });
    page.addEventListener('keydown', (e) => log.push({ name: `key:${e.key}`, t: e.timeStamp }), { capture: true });
    page.addEventListener('pointerup', (e) => log.push({ name: 'pointerup', t: e.timeStamp }), { capture: true });
  });
}

/** Empties the page's mark log. */
export const clearMarks = (page: Page): Promise<void> => page.evaluate(() => void ((globalThis as unknown as { benchMarks: unknown[] }).benchMarks.length = 0));

/**
 * Waits until `done(arg)` holds in the page, then returns the page's mark log. `done` is sent as
 * source: it reads the log as `globalThis.benchMarks` and may use only its argument.
 */
export async function waitForMarks<A>(page: Page, done: (arg: A) => boolean, arg: A, timeout = 20_000): Promise<Mark[]> {
  await page.waitForFunction(done as (arg: unknown) => boolean, arg as unknown, { timeout, polling: 'raf' }).catch(async (error: unknown) => {
    const log = await page.evaluate(() => (globalThis as unknown as { benchMarks: Mark[] }).benchMarks.slice());
    throw new Error(`the page never got there; its marks: ${JSON.stringify(log)}`, { cause: error });
  });
  return page.evaluate(() => (globalThis as unknown as { benchMarks: Mark[] }).benchMarks.slice());
}

/** Opens an episode from the list (not in annotate mode). */
export async function selectEpisode(page: Page, id: number): Promise<void> {
  await page.click(`.episode-row[data-episode-id="${id}"]`);
  await page.waitForSelector(`.episode-view[data-episode-id="${id}"]`);
  // Off any field, so the plain-key shortcuts apply (as test/e2e/ui.ts focusWorkspace does).
  await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?(): void } | null } }).document.activeElement?.blur?.());
}
