import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { requireKnownSiteState } from './known-site.js';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type, If-None-Match';
const RECEIPTS_PATH = /^\/v1\/sites\/[^/]+\/receipts\/?$/;

/**
 * Loads `:site` and grants CORS only to the origins registered for it. A browser request from any
 * other origin is refused with 403 and no CORS grant, so a copied script tag on a stranger's
 * site cannot write receipts into this site's ledger. Requests without an Origin (curl, servers)
 * carry no browser ambient authority and pass.
 */
export const siteAccess = createMiddleware<AppEnv>(async (c, next) => {
  // A write checks its origin against the settings as stored this moment: here, or for a
  // receipt inside the write itself (routes/receipts.ts reads them with its group's other facts),
  // so a receipt may pass this gate on a state a second old. A refusal is never from a kept state.
  const origin = c.req.header('Origin');
  const recheckedInWrite = c.req.method === 'POST' && RECEIPTS_PATH.test(c.req.path);
  let state = await requireKnownSiteState(c, c.req.method !== 'POST' || recheckedInWrite);
  if (recheckedInWrite && origin !== undefined && !state.site.settings.allowedOrigins.includes(origin)) {
    state = await requireKnownSiteState(c, false);
  }
  const { site } = state;
  const id = site.id;
  c.set('site', site);
  c.set('siteState', state);

  if (origin !== undefined) {
    if (!site.settings.allowedOrigins.includes(origin)) {
      fail(403, 'origin_not_allowed', `The origin ${origin} is not registered for the site "${id}".`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin', { append: true });
    c.header('Access-Control-Expose-Headers', 'ETag');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '86400');
      return c.body(null, 204);
    }
  }
  await next();
});
