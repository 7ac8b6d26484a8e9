import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';

/**
 * The widget's files from the ASSETS binding. `embed.js` keeps one name so that the script tag
 * never changes: it is cached briefly and revalidated. Chunks carry a content hash in their
 * name and are cached for a year.
 */
function cacheControlFor(path: string): string {
  if (path.startsWith('/v1/chunks/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300, stale-while-revalidate=86400';
}

export const assets = new Hono<AppEnv>().get('/*', async (c) => {
  const url = new URL(c.req.url);
  const response = await c.env.ASSETS.fetch(new Request(url, { headers: c.req.raw.headers }));
  if (response.status === 404) fail(404, 'not_found', `No widget file at ${url.pathname}.`);
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', cacheControlFor(url.pathname));
  // Public code, loaded by clinics' pages on other origins (module chunks need CORS).
  headers.set('Access-Control-Allow-Origin', '*');
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  return new Response(response.body, { status: response.status, headers });
});
