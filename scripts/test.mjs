#!/usr/bin/env node
// `npm test`: system packages, type-check, dependency rules, unit + integration tests, then the web build
// and the end-to-end tests (the web shell in Debian's Chromium, vitest.e2e.config.ts).
// Ends with one line "N passed, N failed" summed over every stage, which CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.mjs';

const totals = { passed: 0, failed: 0 };

function run(label, command, args, env = {}) {
  process.stderr.write(`\n== ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label, ok) {
  if (ok) totals.passed += 1;
  else totals.failed += 1;
  process.stderr.write(`== ${label}: ${ok ? 'ok' : 'FAILED'}\n`);
}

function vitest(label, extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'st4vla-vitest-'));
  const report = join(dir, 'report.json');
  const ok = run(label, 'npx', [
    'vitest', 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    // A suite that fails to load has no tests to count; it must still fail the run.
    if (!ok && json.numFailedTests === 0) totals.failed += 1;
  } else {
    totals.failed += 1;
  }
  rmSync(dir, { recursive: true, force: true });
}

if (!ensureSystemPackages(['ffmpeg', 'ffprobe'])) process.exit(1);
check('type-check', run('type-check', 'npm', ['run', '--silent', 'typecheck']));
check('dependency rules', run('dependency rules', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs']));
vitest('unit and integration tests');

// The e2e tests load the built renderer; a failed build fails the stage instead of running stale files.
if (!ensureSystemPackages(['chromium'])) {
  check('end-to-end tests (Chromium missing)', false);
} else {
  const built = run('web build', 'node', ['scripts/build.mjs', '--web']);
  check('web build', built);
  if (built) vitest('end-to-end tests', ['-c', 'vitest.e2e.config.ts']);
}

console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
