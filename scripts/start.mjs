#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app where Electron can run, else runs web mode and prints
// the URL to open (opening the system's browser when there is one). Extra arguments go to the app.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { ensureElectronSqlite } from './electron-native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Electron's binary, or the reason there is none to run. */
function findElectron() {
  let binary;
  try {
    // In Node, the electron package exports the path of its downloaded binary (and throws without one).
    binary = require('electron');
  } catch {
    return { missing: 'Electron is not installed here' };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { missing: 'Electron is not installed here' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'There is no display for Electron here' };
  }
  return { binary, version: require('electron/package.json').version };
}

/** Runs a child in the foreground: Ctrl-C reaches it through the terminal; its exit is ours. */
function foreground(command, childArgs, env) {
  const child = spawn(command, childArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  const electron = findElectron();
  if (electron.missing) {
    process.stdout.write(`${electron.missing}; starting web mode\n`);
    build({ desktop: false });
    foreground(process.execPath, [fileURLToPath(new URL('../bin/st4vla.mjs', import.meta.url)), 'serve', '--open', ...args], process.env);
  } else {
    build({ desktop: true });
    const binding = ensureElectronSqlite(electron.version);
    const env = { ...process.env, ST4VLA_SQLITE_BINDING: binding };
    // Set by some tools to make Electron behave as plain Node, which would skip the whole app.
    delete env.ELECTRON_RUN_AS_NODE;
    foreground(electron.binary, ['.', ...args], env);
  }
} catch (error) {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
