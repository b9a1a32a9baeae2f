/** Builds the rollout player's dev page (src/renderer/features/rollouts/player/dev) with the renderer's Vite setup. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const PAGE_ROOT = resolve(import.meta.dirname, '../../../src/renderer/features/rollouts/player/dev');

export async function buildRolloutPlayerPage(outDir = mkdtempSync(join(tmpdir(), 'st4vla-rplayer-page-'))): Promise<string> {
  // Vitest runs with NODE_ENV=test, which makes the React plugin emit development JSX calls that the
  // production React build (the one the studio ships) does not have.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildPage(outDir);
  } finally {
    process.env.NODE_ENV = previous;
  }
  return outDir;
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    mode: 'production',
    configFile: false,
    logLevel: 'warn',
    root: PAGE_ROOT,
    base: './',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: true, target: 'chrome120', minify: false, reportCompressedSize: false, chunkSizeWarningLimit: 8192 },
  });
}
