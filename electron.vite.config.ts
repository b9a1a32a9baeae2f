import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { buildTrainingWorker, copyCoreAssets } from './vite.node.config';
import { rendererConfig } from './vite.web.config';

const root = import.meta.dirname;

/**
 * The desktop build: main (ESM, Electron ≥ 28), the preload, and the renderer shared with web mode.
 * The CLI and web server are built by vite.node.config.ts (`npm run build` runs both).
 */
export default defineConfig({
  main: {
    // The training worker is forked from beside main's bundle (out/main/worker.mjs), as in the CLI build.
    plugins: [copyCoreAssets(resolve(root, 'out/main')), buildTrainingWorker(resolve(root, 'out/main'))],
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'src/main/index.ts') },
      sourcemap: true,
      // One file, so that core's import.meta.url (its migrations folder) is out/main/.
      rolldownOptions: { output: { codeSplitting: false } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      lib: { entry: resolve(root, 'src/preload/index.ts') },
      // A sandboxed preload cannot load ES modules or node_modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig,
});
