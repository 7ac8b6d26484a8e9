import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The WordPress plugin in real Chromium against Debian's packaged WordPress (Apache, mod_php,
 * MariaDB, all private to the run) and the Worker that `npm start` runs, on ports of its own.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    name: 'wordpress',
    include: ['test/wordpress/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/wordpress/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    // As in the browser suite (test/e2e/vitest.config.ts): one retry for wrangler dev's stalls,
    // named by `npm test` beside its count.
    retry: 1,
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 240_000,
  },
});
