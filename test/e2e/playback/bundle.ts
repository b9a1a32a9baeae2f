/** Builds the probe page (test/e2e/playback/page/probe.ts) into one ES module with Vite. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const PROBE_ENTRY = resolve(import.meta.dirname, 'page/probe.ts');

export async function buildProbePage(outDir = mkdtempSync(join(tmpdir(), 'st4vla-probe-'))): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: resolve(import.meta.dirname, '../../..'),
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      minify: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: PROBE_ENTRY, formats: ['es'], fileName: () => 'probe.js', cssFileName: 'probe' },
    },
  });
  return outDir;
}
