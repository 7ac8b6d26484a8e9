import { Hono } from 'hono';
import type { Context } from 'hono';
import type { NoticeVersion } from '../../contract/notice.js';
import { NoticeDiffParamSchema, NoticeVersionParamSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { noticeDiff } from '../notice-diff.js';
import { findCurrentNotice, findPublicNotice, listNotices } from '../storage/notices.js';

/** A published version and a diff between two never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The list and "current" move when a version is published or takes effect. */
const SHORT = 'public, max-age=60';

const INVALID_VERSION = { code: 'invalid_version', message: 'That is not a notice version number.' };

/** A scheduled version answers exactly as a version never published would. */
async function requireNotice(db: D1Database, site: string, version: number): Promise<NoticeVersion> {
  const notice = await findPublicNotice(db, site, version, new Date().toISOString());
  if (!notice) fail(404, 'notice_not_found', `The site "${site}" has no notice version ${version}.`);
  return notice;
}

/**
 * Caches must keep the answer for a page's origin (with its CORS grant) apart from the answer
 * without one, even where the request that filled the cache carried no Origin.
 */
function cacheFor(c: Context<AppEnv>, cacheControl: string): void {
  c.header('Cache-Control', cacheControl);
  if (!c.res.headers.get('Vary')?.includes('Origin')) c.header('Vary', 'Origin', { append: true });
}

/** `If-None-Match` names this entity tag: `*`, or one of a list, weak or strong (RFC 9110 §13.1.2). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Mounted at /v1/sites/:site/notices behind siteAccess. */
export const notices = new Hono<AppEnv>()
  .get('/', async (c) => {
    const site = c.get('site');
    cacheFor(c, SHORT);
    return c.json({ site: site.id, versions: await listNotices(c.env.DB, site.id, new Date().toISOString()) });
  })
  .get('/current', async (c) => {
    const site = c.get('site');
    const notice = await findCurrentNotice(c.env.DB, site.id, new Date().toISOString());
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    // No ETag here: "current" is a moving pointer, and its pinned address carries the validator.
    cacheFor(c, SHORT);
    c.header('Content-Location', `/v1/sites/${site.id}/notices/${notice.version}`);
    return c.json(notice);
  })
  .get('/:version', valid('param', NoticeVersionParamSchema, INVALID_VERSION), async (c) => {
    const site = c.get('site');
    const notice = await requireNotice(c.env.DB, site.id, c.req.valid('param').version);
    // A published version never changes, so its content hash is a strong validator forever.
    const etag = `"${notice.hash}"`;
    c.header('ETag', etag);
    cacheFor(c, IMMUTABLE);
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.json(notice);
  })
  .get('/:version/diff/:other', valid('param', NoticeDiffParamSchema, INVALID_VERSION), async (c) => {
    const site = c.get('site');
    const { version, other } = c.req.valid('param');
    const [from, to] = await Promise.all([
      requireNotice(c.env.DB, site.id, version),
      requireNotice(c.env.DB, site.id, other),
    ]);
    cacheFor(c, IMMUTABLE);
    return c.json(noticeDiff(from, to));
  });
