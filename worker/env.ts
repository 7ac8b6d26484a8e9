import type { RequestIdVariables } from 'hono/request-id';
import type { PageSecurityVariables } from './middleware/page-security.js';
import type { SiteRow, SiteState } from './storage/sites.js';

/** Bindings from wrangler.toml and the secrets in `.dev.vars` (see worker-configuration.d.ts). */
export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  RECEIPT_LIMITER?: RateLimit;
  /** Global admin token (local: `.dev.vars`; deployed: `wrangler secret put`). */
  CANDOUR_ADMIN_TOKEN?: string;
  /** Private Ed25519 JWK (JSON, with `kid`) that signs receipts and checkpoints. */
  CANDOUR_SIGNING_KEY: string;
  /** Earlier public keys kept in the JWKS after a rotation: JSON `[{ x, kid, retiredAt }]`. */
  CANDOUR_RETIRED_KEYS?: string;
  /** "on" serves the demo clinic pages. */
  CANDOUR_DEMO?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: RequestIdVariables &
    PageSecurityVariables & {
      site: SiteRow;
      /** Behind siteAccess: the site with the notice version in force, read in the same query. */
      siteState: SiteState;
      actor: string;
    };
}
