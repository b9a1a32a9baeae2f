import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer build. Electron and the web shell serve the same files, so electron.vite.config.ts uses
 * this config too. Relative asset paths (base './') work from studio://app/ and from http://host/.
 */
export const rendererConfig: UserConfig = {
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    // Chromium of Electron 40 (144) and current browsers: WebCodecs and top-level await are needed anyway.
    target: 'chrome120',
    sourcemap: true,
    reportCompressedSize: false,
    // Served from this machine, never over a slow link: one large chunk costs nothing worth a warning.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
};

export default defineConfig(rendererConfig);
