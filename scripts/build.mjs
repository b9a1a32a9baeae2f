#!/usr/bin/env node
// `npm run build`: the desktop app (electron-vite: main, preload, renderer) and the Node bundle (CLI and
// web server). `npm run build:web` (--web): only the renderer and the Node bundle, which is all web mode
// needs and works where Electron is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function step(label, args, env = {}) {
  process.stderr.write(`== build ${label}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`build ${label} failed`);
}

/**
 * electron-vite reads Electron's version from its package to pick the Node and Chromium targets. Where
 * the optional package is absent, the major version of our declared range stands in.
 */
function electronMajorEnv() {
  try {
    require.resolve('electron/package.json');
    return {};
  } catch {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? '40';
    return { ELECTRON_MAJOR_VER: /\d+/.exec(range)[0] };
  }
}

/** A package's command-line script (their exports maps hide bin/ from require.resolve). */
const binOf = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', file);

export function build({ desktop }) {
  const vite = binOf('vite', 'vite.js');
  if (desktop) {
    step('desktop (electron-vite)', [binOf('electron-vite', 'electron-vite.js'), 'build'], electronMajorEnv());
  } else {
    step('renderer (vite)', [vite, 'build', '-c', 'vite.web.config.ts', '--logLevel', 'warn']);
  }
  step('cli + web server (vite)', [vite, 'build', '-c', 'vite.node.config.ts', '--logLevel', 'warn']);
}

export const rendererBuilt = () => existsSync(new URL('../out/renderer/index.html', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build({ desktop: !process.argv.includes('--web') });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
