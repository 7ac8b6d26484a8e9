import type { RequestIdVariables } from 'hono/request-id';
import type { PageSecurityVariables } from './middleware/page-security.js';
import type { SiteRow, SiteState } from './storage/sites.js';

/**
 * Secrets a deployment may leave unset (docs/admin.md, docs/deploy.md). `wrangler types` types
 * every name in `.dev.vars.example` as a set string, so these are narrowed to optional here and
 * the code that reads them handles their absence (an empty value counts as unset).
 */
type OptionalSecret =
  | 'CANDOUR_ADMIN_TOKEN'
  | 'CANDOUR_ADMIN_TOKEN_SHA256'
  | 'CANDOUR_CSRF_SECRET'
  | 'CANDOUR_RETIRED_KEYS'
  | 'CANDOUR_ACCESS_TEAM_DOMAIN'
  | 'CANDOUR_ACCESS_AUD'
  | 'CANDOUR_ACCESS_JWKS';

/**
 * The Worker's bindings as `wrangler types` generates them from wrangler.toml and the secret
 * names in `.dev.vars.example` (types/worker-configuration.d.ts, `npm run types`): add a binding
 * or a secret there, never here.
 */
export type Bindings = Omit<Cloudflare.Env, OptionalSecret> & Partial<Pick<Cloudflare.Env, OptionalSecret>>;

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
