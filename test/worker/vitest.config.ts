import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { unstable_readConfig } from 'wrangler';

const root = path.resolve(import.meta.dirname, '../..');

function testSigningKey(kid: string): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid });
}

/** Worker tests run inside workerd with a real (local) D1; setup applies the migrations. */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(root, 'worker/migrations'));
  const retiredSigningKey = testSigningKey('test-retired');
  const retiredKey = JSON.parse(retiredSigningKey) as { x: string; kid: string };
  // wrangler.toml's exact-import aliases (Lit's server builds, for the notice markup route), which
  // wrangler applies when it bundles and this pool does not: the same table, as exact matches.
  const { alias = {} } = unstable_readConfig({ config: path.join(root, 'wrangler.toml') }, { hideWarnings: true });
  const exact = Object.entries(alias as Record<string, string>).map(([from, to]) => ({
    find: new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement: path.resolve(root, to),
  }));
  // The rest of Lit as wrangler picks it too: the production files (this runner's resolver adds
  // the `development` condition, and Lit's development and production builds cannot be mixed).
  const production = {
    find: /^(lit|lit-element)(?:\/(.+))?$/,
    replacement: `${path.join(root, 'node_modules')}/$1/$2`,
  };
  const productionIndex = {
    find: /^(lit|lit-element)$/,
    replacement: `${path.join(root, 'node_modules')}/$1/index.js`,
  };
  return {
    root,
    resolve: { alias: [...exact, productionIndex, production] },
    plugins: [
      cloudflareTest({
        main: './worker/index.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            CANDOUR_ADMIN_TOKEN: 'test-admin-token-0123456789',
            CANDOUR_CSRF_SECRET: 'test-csrf-secret-0123456789abcdef',
            CANDOUR_SIGNING_KEY: testSigningKey('test-current'),
            // Retired at the start of 2025: it verifies what it signed before then, and nothing after.
            CANDOUR_RETIRED_KEYS: JSON.stringify([
              { x: retiredKey.x, kid: retiredKey.kid, retiredAt: '2025-01-01T00:00:00.000Z' },
            ]),
            TEST_RETIRED_SIGNING_KEY: retiredSigningKey,
            CANDOUR_DEMO: 'on',
          },
        },
      }),
    ],
    test: {
      name: 'worker',
      include: ['test/worker/**/*.test.ts'],
      setupFiles: ['test/worker/setup.ts'],
      // Behaviour, not speed, is under test: a busy two-core machine must not fail a test.
      testTimeout: 30_000,
    },
  };
});
