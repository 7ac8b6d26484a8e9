import { Hono } from 'hono';
import { PrivacyPageQuerySchema } from '../../contract/api.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { renderNoNoticePage, renderPrivacyPage } from '../pages/privacy-page.js';
import { PAGE_LANGUAGE_TAGS, pageLanguageOf } from '../pages/privacy-strings.js';
import { cachedRepresentation, CURRENT, noticeFor, respond, siteKey } from '../public-cache.js';
import { findPublicNoticeHash, listNotices } from '../storage/notices.js';

/** Mounted at /v1/sites/:site/privacy behind siteAccess: the notice as a page that needs no script. */
export const privacy = new Hono<AppEnv>().get('/', valid('query', PrivacyPageQuerySchema), async (c) => {
  const state = c.get('siteState');
  const { site, current } = state;
  const query = c.req.valid('query');
  const language = query.lang ?? pageLanguageOf(site.settings.defaultLanguage);
  const now = new Date().toISOString();
  c.header('Content-Language', PAGE_LANGUAGE_TAGS[language]);
  c.header('Vary', 'Origin', { append: true });

  if (!current) return c.html(renderNoNoticePage(site.settings.organisation.name, language), 404);
  // A scheduled version answers as one never published would: not yet public.
  const version = query.version ?? current.version;
  const hash = version === current.version ? current.hash : await findPublicNoticeHash(c.env.DB, site.id, version, now);
  if (!hash) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${version}.`);

  // Built from the version shown, the one in force (the page lists every public version, and
  // versions take effect in number order), the settings and the language: all in the key.
  const url = new URL(c.req.url);
  const pageUrl = `${url.origin}${url.pathname}`;
  const page = await cachedRepresentation(siteKey('privacy', state, version, hash, language, pageUrl), async () => {
    const notice = await noticeFor(c.env.DB, site.id, version, hash);
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${version}.`);
    const versions = await listNotices(c.env.DB, site.id, now);
    const html = String(await renderPrivacyPage({ notice, versions, language, pageUrl }));
    // The text is fixed by the version's hash; the page also says which version is in force.
    return { body: html, etag: `"${hash}.${language}.${current.version}"`, contentType: 'text/html; charset=UTF-8' };
  });
  // Moves when a version is published or takes effect, so kept briefly, like the site config.
  return respond(c, page, CURRENT);
});
