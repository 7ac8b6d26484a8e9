import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { discoveredForConfig } from '../discovered.js';
import { cachedRepresentation, CURRENT, currentNotice, digested, respond, siteKey } from '../public-cache.js';
import { buildSiteConfig } from '../../contract/site-config.js';
import { embedConfig, siteEmbedScript } from '../../contract/site.js';
import { listDiscovered } from '../storage/discovered-cookies.js';

/**
 * `GET /v1/sites/:site/embed.js`: the embed script with the gate's share of the site's config
 * inside it, so a returning visitor's stored decision is released without a second request. The
 * config rides on the script element (a property, not a global), set before the embed runs;
 * embed.ts reads it from `document.currentScript`. The code is embed.ts's site build
 * (`v1/site-embed.js`), which has no path for fetching the config first.
 *
 * A stranger's page that copies this tag gets exactly what it could already get from
 * `/config` or by reading this file with curl: public config and public code. A script tag is
 * not CORS, so siteAccess only refuses an unregistered origin when the tag asks for CORS
 * (`crossorigin`); receipts stay guarded by the receipt route's own origin check.
 *
 * Built once per site config in each isolate (public-cache.ts); the embed code itself only
 * changes with a deployment, which starts new isolates.
 */
export async function siteEmbed(c: Context<AppEnv>): Promise<Response> {
  const state = c.get('siteState');
  const url = new URL(c.req.url);
  const key = siteKey('embed', state, url.origin, state.discoveredRevision);
  const script = await cachedRepresentation(key, async () => {
    const [asset, notice, discovered] = await Promise.all([
      // The site build (vite.config.ts, mode embed-site): the generic tag's path left out.
      c.env.ASSETS.fetch(new Request(new URL('/v1/site-embed.js', url))),
      currentNotice(c.env.DB, state),
      listDiscovered(c.env.DB, state.site.id),
    ]);
    if (!asset.ok) fail(404, 'not_found', 'The embed script is not built.');
    // Only the gate's share (contract/site.ts embedConfig): a returning visitor needs no more, and
    // a first visit's banner fetches the whole config beside its module.
    const config = embedConfig(
      buildSiteConfig(state.site, notice, url.origin, discoveredForConfig(discovered, notice)),
    );
    const body = siteEmbedScript(config, await asset.text());
    return digested(body, 'text/javascript; charset=utf-8');
  });
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  // Short-lived like /config: a new notice version reaches returning visitors within a minute.
  return respond(c, script, CURRENT);
}
