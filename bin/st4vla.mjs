#!/usr/bin/env node
// The `st4vla` command. Runs the built CLI (out/cli/index.mjs, made by `npm run build` or
// `npm run build:web`); in a checkout that has not been built (or with ST4VLA_FROM_SOURCE=1) it runs the
// TypeScript sources through tsx; without either it says how to build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../out/cli/index.mjs', import.meta.url);
const source = new URL('../src/cli/index.ts', import.meta.url);

async function loadCli() {
  if (existsSync(fileURLToPath(built)) && !process.env.ST4VLA_FROM_SOURCE) return import(built.href);
  if (existsSync(fileURLToPath(source))) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return import(source.href);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  process.stderr.write('st4vla: the CLI is not built. Run `npm run build:web` in the st4vla-studio folder.\n');
  process.exit(1);
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
