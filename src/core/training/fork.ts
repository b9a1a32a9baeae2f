/** Starting the worker process: a built .mjs runs as is, a .ts source (dev, tests) through tsx's loader. */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** `args` select a mode of the worker, e.g. ['evaluate', request]; none is training. */
export function forkWorker(entry: string, args: string[] = []): ChildProcess {
  const execArgv = /\.[cm]?tsx?$/.test(entry) ? ['--import', tsxLoader()] : [];
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Inside Electron process.execPath is the Electron binary: this makes it a plain Node for the worker.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return fork(entry, args, {
    // Not the parent's execArgv: under vitest or Electron those are flags meant for the parent only.
    execArgv,
    env,
    // stdout and stderr are read so that a crash's last words can name the reason.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
}

let loader: string | undefined;
/** An absolute URL, so the child finds tsx whatever its working folder. */
function tsxLoader(): string {
  loader ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return loader;
}
