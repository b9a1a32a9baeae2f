import { afterEach, beforeEach, vi } from 'vitest';

/** Captures what a command writes, for the CLI tests. Call at the top of a test file. */
export function captureOutput(): { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return { stdout: () => out, stderr: () => err };
}
