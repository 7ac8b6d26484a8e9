import type { D1Migration } from '@cloudflare/vitest-pool-workers';

declare global {
  namespace Cloudflare {
    // Beside the generated bindings (types/worker-configuration.d.ts), what only the tests have.
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The retired key's private half, so a test can sign as it (after its retirement). */
      TEST_RETIRED_SIGNING_KEY: string;
    }
  }
}
