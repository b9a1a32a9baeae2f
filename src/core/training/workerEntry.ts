/** Where the training worker's entry file is: built beside the bundle, or the source in a checkout. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultWorkerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Bundled, this module is out/cli/index.mjs or out/main/index.js and the worker is built beside it;
  // from source (tsx, vitest) it is src/core/training/ and the worker is src/worker/main.ts.
  const candidates = [join(here, 'worker.mjs'), resolve(here, '../../worker/main.ts')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}
