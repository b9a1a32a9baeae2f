/**
 * Builds and serves the canvas bench page: Vite bundles canvasBench.jsx (React, react-konva and the
 * studio's canvas) into one ES module; a loopback server hands it out under the same COOP/COEP
 * headers as the web shell, so the page runs with the isolation the studio has.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const PAGE_ENTRY = resolve(import.meta.dirname, 'canvasBench.jsx');
const HTML = '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script type="module" src="/page.js"></script></body></html>';

export async function buildCanvasPage(outDir = mkdtempSync(join(tmpdir(), 'st4vla-canvas-page-'))): Promise<string> {
  // Vite picks the JSX runtime from NODE_ENV, and vitest sets it to 'test': the page must get the
  // production runtime its production React bundle exports, whoever builds it.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildPage(outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    mode: 'production',
    configFile: false,
    logLevel: 'warn',
    root: resolve(import.meta.dirname, '../../..'),
    plugins: [react()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      minify: true,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: PAGE_ENTRY, formats: ['es'], fileName: () => 'page.js', cssFileName: 'page' },
    },
  });
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function serveCanvasPage(dir: string): Promise<PageServer> {
  const server = createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.setHeader('Content-Type', 'text/html');
      res.end(HTML);
      return;
    }
    try {
      const body = readFileSync(join(dir, basename(path)));
      res.setHeader('Content-Type', path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
