/** Debian's Chromium, headless, with the same flags as the e2e harness, on a fresh profile. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import type { ProbeApi } from './probeApi';

export interface ProbeBrowser {
  page: Page;
  context: BrowserContext;
  /** console errors and uncaught exceptions of the page. */
  errors: string[];
  close(): Promise<void>;
}

export async function openProbePage(url: string): Promise<ProbeBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'st4vla-probe-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => 'playbackProbe' in globalThis);
  return {
    page,
    context,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `run(probe, arg)` in the page. `run` is sent as source text, so it must not close over
 * anything: pass what it needs as `arg` (plain data).
 */
export function callProbe<A, T>(page: Page, run: (api: ProbeApi, arg: A) => T, arg?: A): Promise<Awaited<T>> {
  return page.evaluate(
    ([source, value]) => new Function('api', 'arg', `return (${source})(api, arg)`)((globalThis as Record<string, unknown>).playbackProbe, value),
    [run.toString(), arg] as const,
  ) as Promise<Awaited<T>>;
}
