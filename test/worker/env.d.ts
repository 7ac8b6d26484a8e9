import type { D1Migration } from '@cloudflare/vitest-pool-workers';
import type { Bindings } from '../../worker/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** The retired key's private half, so a test can sign as it (after its retirement). */
      TEST_RETIRED_SIGNING_KEY: string;
    }
  }
}
