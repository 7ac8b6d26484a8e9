import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Browser tests: real Chromium (Playwright) against the Worker that `npm start` runs (wrangler
 * dev with local D1, on its own port and state), with host pages on another origin.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // One retry, named by `npm test` beside its count (test/e2e/retried-reporter.ts). wrangler dev
    // (4.86, pinned) now and then holds one answer for about 30 s, whatever the route: a static
    // file it reads straight from its assets, a page, the admin's shell (three in one full run, the
    // Worker's log in test-results/e2e-worker.log); a test waiting on that answer times out. A
    // failure that comes from the product fails its retry too.
    retry: 1,
    // Machines under load (CI shares two cores) need more than the default second.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});
