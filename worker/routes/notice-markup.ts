import { Hono } from 'hono';
import { NoticeMarkupQuerySchema } from '../../contract/api.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { cachedRepresentation, CURRENT, noticeFor, respond, siteKey } from '../public-cache.js';
import { findPublicNoticeHash } from '../storage/notices.js';

/**
 * Mounted at /v1/sites/:site/notice-markup behind siteAccess: the notice as server-rendered
 * `<candour-notice>` markup (declarative shadow root, plain fallback, the notice as JSON), for a
 * webmaster to paste into a privacy page on a platform that runs no Node (Wix, Squarespace).
 * The same as `npm run notice-markup`, rendered here at request time from the version in force.
 */
export const noticeMarkupRoute = new Hono<AppEnv>().get('/', valid('query', NoticeMarkupQuerySchema), async (c) => {
  const state = c.get('siteState');
  const { site, current } = state;
  const query = c.req.valid('query');
  if (!current) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
  const version = query.version ?? current.version;
  const now = new Date().toISOString();
  // A scheduled version answers as one never published would: not yet public.
  const hash = version === current.version ? current.hash : await findPublicNoticeHash(c.env.DB, site.id, version, now);
  if (!hash) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${version}.`);
  const lang = query.lang ?? 'en';
  const level = query['heading-level'] ?? 2;

  const markup = await cachedRepresentation(siteKey('notice-markup', state, version, hash, lang, level), async () => {
    const notice = await noticeFor(c.env.DB, site.id, version, hash);
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${version}.`);
    // The one place the Worker runs widget code: the markup must be what <candour-notice> itself
    // draws (Lit SSR of the element), so that the element hydrates it; a copy would drift.
    // wrangler.toml aliases the name to widget/notice-markup.ts (notice-markup-module.d.ts types
    // it). Loaded on first use, so that widget code can only ever break this route, never the
    // Worker's start.
    const { noticeMarkup } = await import('candour:notice-markup');
    const body = await noticeMarkup(notice, { lang, headingLevel: level });
    // Fixed by the version's text and the options: the hash names the text. A fragment to paste,
    // not a page: sent as text, so that opening the address shows the code to copy, and nothing in
    // it (its inline styles, its JSON block) is ever run as a page on the Worker's origin.
    return { body, etag: `"${hash}.${lang}.${level}"`, contentType: 'text/plain; charset=UTF-8' };
  });
  // A pinned version never changes; the current one moves with each publish.
  return respond(c, markup, CURRENT);
});
