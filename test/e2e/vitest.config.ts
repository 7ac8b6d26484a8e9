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
    // Machines under load (CI shares two cores) need more than the default second.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});
