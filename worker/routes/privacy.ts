import { Hono } from 'hono';
import { PrivacyPageQuerySchema } from '../../contract/api.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { renderNoNoticePage, renderPrivacyPage } from '../pages/privacy-page.js';
import { PAGE_LANGUAGE_TAGS, pageLanguageOf } from '../pages/privacy-strings.js';
import { findCurrentNotice, findPublicNotice, listNotices } from '../storage/notices.js';
import { matches } from './notices.js';

/** Moves when a version is published or takes effect, so kept briefly, like the site config. */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/** Mounted at /v1/sites/:site/privacy behind siteAccess: the notice as a page that needs no script. */
export const privacy = new Hono<AppEnv>().get('/', valid('query', PrivacyPageQuerySchema), async (c) => {
  const site = c.get('site');
  const query = c.req.valid('query');
  const language = query.lang ?? pageLanguageOf(site.settings.defaultLanguage);
  const now = new Date().toISOString();
  c.header('Content-Language', PAGE_LANGUAGE_TAGS[language]);
  c.header('Vary', 'Origin', { append: true });

  const current = await findCurrentNotice(c.env.DB, site.id, now);
  if (!current) return c.html(renderNoNoticePage(site.settings.organisation.name, language), 404);
  // A scheduled version answers as one never published would: not yet public.
  const notice = query.version === undefined ? current : await findPublicNotice(c.env.DB, site.id, query.version, now);
  if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${query.version}.`);

  // The text is fixed by the version's hash; the page also says which version is in force.
  const etag = `"${notice.hash}.${language}.${current.version}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', CACHE_CONTROL);
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);

  const url = new URL(c.req.url);
  return c.html(
    renderPrivacyPage({
      notice,
      versions: await listNotices(c.env.DB, site.id, now),
      language,
      pageUrl: `${url.origin}${url.pathname}`,
    }),
  );
});
