import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Studio } from '../../src/core/api/studio';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/api';
import { ApiError } from '../../src/shared/contract/errors';
import { startServer, type RunningServer } from '../../src/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface HarnessOptions {
  /** The backend to serve. Default: the real createStudio on a fresh data folder. */
  studio?: Studio;
  /**
   * With the real backend: true (default) starts on a fresh empty project; false starts as a new user's
   * first run does, with the sample project being built in the background (see `ready`).
   */
  openProject?: boolean;
  /** With openProject false: the built-in definition to build the sample from. */
  sampleDefinition?: string;
  /** The built renderer. Default out/renderer (scripts/test.mjs builds it before the e2e run). */
  rendererDir?: string;
}

export interface Harness {
  page: Page;
  context: BrowserContext;
  /** The URL the page was opened with, token included. */
  url: string;
  server: RunningServer;
  studio: Studio;
  /** Temporary folders, removed by close(): the studio's data folder and the empty project's folder. */
  dataDir: string;
  projectDir: string;
  /** console.error output and uncaught errors of the page, for tests to assert on. */
  pageErrors: string[];
  /** Settles when the real backend's background start-up work (the sample project) is done. */
  ready: Promise<void>;
  /** A typed contract call straight to the backend, for setting up state. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  close(): Promise<void>;
}

/**
 * Starts the web shell in-process and opens it in Debian's Chromium with a fresh profile. The page is
 * loaded through the printed URL, so the token-to-cookie step is exercised like a user's first visit,
 * and is connected to the backend when this resolves.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`no built renderer in ${rendererDir}: run \`npm run build:web\``);
  const scratch = mkdtempSync(join(tmpdir(), 'st4vla-e2e-'));
  const dataDir = join(scratch, 'data');
  const projectDir = join(scratch, 'project');
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    mkdirSync(dataDir);
    const startOn = options.openProject === false ? undefined : projectDir;
    const real = options.studio ? undefined : await realStudio(dataDir, startOn, options.sampleDefinition);
    const studio = options.studio ?? real!;
    if (real) cleanups.push(() => real.close());
    const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const outcome = await studio.dispatch(method, input);
      if (!outcome.ok) throw ApiError.from(outcome.error);
      return outcome.result as MethodOutput<M>;
    };
    const server = await startServer({ studio, staticDir: rendererDir });
    cleanups.push(() => server.close());
    const context = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Returned only once the page's client has its answer to a first call, so that a test changing the
    // backend right away (an import) cannot race the page's start-up and lose the event.
    const firstAnswer = page.waitForEvent('websocket', { timeout: 20_000 }).then((ws) => ws.waitForEvent('framereceived', { timeout: 20_000 }));
    await page.goto(server.url);
    await firstAnswer.catch((error: unknown) => {
      throw new Error(`the page never talked to the backend over /rpc: ${error instanceof Error ? error.message : String(error)}`);
    });
    const ready = real?.ready ?? Promise.resolve();
    return { page, context, url: server.url, server, studio, dataDir, projectDir, pageErrors, ready, call, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function realStudio(dataDir: string, projectDir: string | undefined, sampleDefinition: string | undefined) {
  const { createStudio } = await import('../../src/core/studio');
  return createStudio({ shell: 'web', dataDir, projectDir, sampleDefinition });
}
