import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the web shell in a real Chromium (test/e2e/harness.ts). One file at a time in one
 * process: each launches a browser, and a 2-core CI machine has no room for two.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
