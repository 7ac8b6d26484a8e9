import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { discoveredForConfig } from '../discovered.js';
import { buildSiteConfig } from '../site-config.js';
import { listDiscovered } from '../storage/discovered-cookies.js';
import { findCurrentNotice } from '../storage/notices.js';

/**
 * `GET /v1/sites/:site/embed.js`: the embed script with the site's config inside it, so the
 * banner needs no second round trip. The config rides on the script element (a property, not a
 * global), set before the embed runs; embed.ts reads it from `document.currentScript`.
 *
 * A stranger's page that copies this tag gets exactly what it could already get from
 * `/config` or by reading this file with curl: public config and public code. A script tag is
 * not CORS, so siteAccess only refuses an unregistered origin when the tag asks for CORS
 * (`crossorigin`); receipts stay guarded by the receipt route's own origin check.
 */
export async function siteEmbed(c: Context<AppEnv>): Promise<Response> {
  const site = c.get('site');
  const url = new URL(c.req.url);
  const [asset, notice, discovered] = await Promise.all([
    c.env.ASSETS.fetch(new Request(new URL('/v1/embed.js', url))),
    findCurrentNotice(c.env.DB, site.id, new Date().toISOString()),
    listDiscovered(c.env.DB, site.id),
  ]);
  if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
  if (!asset.ok) fail(404, 'not_found', 'The embed script is not built.');
  // JSON is a JavaScript expression (ES2019 allows U+2028/9 in strings); `<` escaped all the
  // same so the text is safe even if someone inlines it in HTML.
  const config = JSON.stringify(
    buildSiteConfig(site, notice, url.origin, discoveredForConfig(discovered, notice)),
  ).replace(/</g, '\\u003c');
  const body = `document.currentScript&&(document.currentScript.candourConfig=${config});\n${await asset.text()}`;
  const etag = `"${await sha256(body)}"`;
  // Short-lived like /config: a new notice version reaches returning visitors within a minute.
  c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
  c.header('ETag', etag);
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  return c.body(body);
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
