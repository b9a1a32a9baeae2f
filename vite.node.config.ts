import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const packages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Node built-ins and our npm dependencies: native modules cannot be bundled, and installed ones are there. */
export const nodeExternals: (string | RegExp)[] = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  ...packages.flatMap((p) => [p, new RegExp(`^${escape(p)}/`)]),
];

/**
 * core reads its SQL migrations from a folder beside its module (import.meta.url). Bundled into one
 * file, that module is the bundle, so the folder is copied next to it.
 */
export function copyCoreAssets(outDir: string): Plugin {
  return {
    name: 'st4vla:copy-core-assets',
    apply: 'build',
    writeBundle() {
      cpSync(resolve(root, 'src/core/db/migrations'), resolve(outDir, 'migrations'), { recursive: true });
    },
  };
}

const outDir = resolve(root, 'out/cli');

/** One Node ESM file from `entry`, every dependency but Node's own bundled in (see copyCoreAssets). */
function nodeBundle(entry: string, outDir: string, fileName: string, emptyOutDir: boolean) {
  return {
    build: {
      ssr: resolve(root, entry),
      outDir,
      emptyOutDir,
      target: 'node20',
      sourcemap: true,
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: nodeExternals,
        output: { format: 'es' as const, entryFileNames: fileName, codeSplitting: false },
      },
    },
    ssr: { noExternal: true as const },
  };
}

/**
 * The training worker, worker.mjs beside the bundle that forks it (out/cli here, out/main in the desktop
 * build; src/core/training/workerEntry.ts looks beside its bundle). A build of its own: one file per
 * entry, and the CLI's and main's outputs stay one file.
 * TensorFlow's gradients are registered from a vendored CommonJS file that tf.ts requires beside itself
 * (import.meta.url, which is worker.mjs once bundled), so it is copied to out/cli/vendor/. Policy training
 * on wasm starts worker threads from policy-thread.mjs, a second bundle beside it; the benchmark's conv-net
 * threads (train/parallel.ts) are not part of the build.
 */
export function buildTrainingWorker(outDir: string): Plugin {
  return {
    name: 'st4vla:build-training-worker',
    apply: 'build',
    async closeBundle() {
      await build({ configFile: false, logLevel: 'warn', ...nodeBundle('src/worker/main.ts', outDir, 'worker.mjs', false) });
      // Policy training's data-parallel threads (train/policyThreads.ts starts policy-thread.mjs beside worker.mjs).
      await build({ configFile: false, logLevel: 'warn', ...nodeBundle('src/worker/train/policy-thread.ts', outDir, 'policy-thread.mjs', false) });
      cpSync(resolve(root, 'src/worker/backend/vendor/tfjs-core-gradients.cjs'), resolve(outDir, 'vendor/tfjs-core-gradients.cjs'));
    },
  };
}

/**
 * The CLI (and, through `st4vla serve`, the web server) as one Node ESM file, out/cli/index.mjs. One
 * file, not chunks, so that every module's import.meta.url is the same folder (see copyCoreAssets).
 */
export default defineConfig({
  plugins: [copyCoreAssets(outDir), buildTrainingWorker(outDir)],
  ...nodeBundle('src/cli/index.ts', outDir, 'index.mjs', true),
});
