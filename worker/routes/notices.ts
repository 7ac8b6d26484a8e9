import { Hono } from 'hono';
import type { Context } from 'hono';
import type { NoticeVersion } from '../../contract/notice.js';
import { NoticeDiffParamSchema, NoticeVersionParamSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { noticeDiff } from '../notice-diff.js';
import {
  cachedRepresentation,
  CURRENT,
  IMMUTABLE,
  noticeFor,
  respond,
  type EncodedRepresentation,
} from '../public-cache.js';
import { findPublicNotice, findPublicNoticeHash, listNotices } from '../storage/notices.js';

const INVALID_VERSION = { code: 'invalid_version', message: 'That is not a notice version number.' };

/** A scheduled version answers exactly as a version never published would. */
async function requireNotice(db: D1Database, site: string, version: number): Promise<NoticeVersion> {
  const notice = await findPublicNotice(db, site, version, new Date().toISOString());
  if (!notice) fail(404, 'notice_not_found', `The site "${site}" has no notice version ${version}.`);
  return notice;
}

/**
 * The content hash of a public version: the one in force is already known from siteAccess's
 * query; an older one costs a one-column read, never its document.
 */
async function publicHash(c: Context<AppEnv>, version: number): Promise<string> {
  const { site, current } = c.get('siteState');
  if (current?.version === version) return current.hash;
  const hash = await findPublicNoticeHash(c.env.DB, site.id, version, new Date().toISOString());
  if (!hash) fail(404, 'notice_not_found', `The site "${site.id}" has no notice version ${version}.`);
  return hash;
}

/**
 * A version as JSON, built once per isolate. At its pinned address its content hash is a strong
 * validator forever. "current" is a moving pointer and must not claim the pinned validator, so its
 * tag says which version it pointed at: a publish changes it.
 */
function noticeDocument(
  c: Context<AppEnv>,
  version: number,
  hash: string,
  pointer = '',
): Promise<EncodedRepresentation> {
  const site = c.get('site').id;
  return cachedRepresentation(`notice${pointer}\n${site}\n${version}\n${hash}`, async () => {
    const notice = await noticeFor(c.env.DB, site, version, hash);
    if (!notice) fail(404, 'notice_not_found', `The site "${site}" has no notice version ${version}.`);
    return { body: JSON.stringify(notice), etag: `"${hash}${pointer}"`, contentType: 'application/json' };
  });
}

/** Mounted at /v1/sites/:site/notices behind siteAccess. */
export const notices = new Hono<AppEnv>()
  .get('/', async (c) => {
    const site = c.get('site');
    // The list moves when a version is published or takes effect.
    c.header('Cache-Control', 'public, max-age=60');
    c.header('Vary', 'Origin', { append: true });
    return c.json({ site: site.id, versions: await listNotices(c.env.DB, site.id, new Date().toISOString()) });
  })
  .get('/current', async (c) => {
    const { site, current } = c.get('siteState');
    if (!current) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    // A moving pointer: kept briefly, and its pinned address is immutable.
    c.header('Content-Location', `/v1/sites/${site.id}/notices/${current.version}`);
    return respond(c, await noticeDocument(c, current.version, current.hash, '.current'), CURRENT);
  })
  .get('/:version', valid('param', NoticeVersionParamSchema, INVALID_VERSION), async (c) => {
    const { version } = c.req.valid('param');
    return respond(c, await noticeDocument(c, version, await publicHash(c, version)), IMMUTABLE);
  })
  .get('/:version/diff/:other', valid('param', NoticeDiffParamSchema, INVALID_VERSION), async (c) => {
    const site = c.get('site');
    const { version, other } = c.req.valid('param');
    const [from, to] = await Promise.all([
      requireNotice(c.env.DB, site.id, version),
      requireNotice(c.env.DB, site.id, other),
    ]);
    c.header('Cache-Control', IMMUTABLE);
    c.header('Vary', 'Origin', { append: true });
    return c.json(noticeDiff(from, to));
  });
