import { Hono } from 'hono';
import type { NoticeVersion } from '../../contract/notice.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { noticeDiff } from '../notice-diff.js';
import { findCurrentNotice, findNotice, listNotices } from '../storage/notices.js';

function parseVersion(raw: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) fail(400, 'invalid_version', `"${raw}" is not a notice version number.`);
  return Number(raw);
}

async function requireNotice(db: D1Database, site: string, version: number): Promise<NoticeVersion> {
  const notice = await findNotice(db, site, version);
  if (!notice) fail(404, 'notice_not_found', `The site "${site}" has no notice version ${version}.`);
  return notice;
}

/** Mounted at /v1/sites/:site/notices behind siteAccess. */
export const notices = new Hono<AppEnv>()
  .get('/', async (c) => {
    const site = c.get('site');
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({ site: site.id, versions: await listNotices(c.env.DB, site.id, new Date().toISOString()) });
  })
  .get('/current', async (c) => {
    const site = c.get('site');
    const notice = await findCurrentNotice(c.env.DB, site.id, new Date().toISOString());
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    c.header('Cache-Control', 'public, max-age=60');
    c.header('Content-Location', `/v1/sites/${site.id}/notices/${notice.version}`);
    return c.json(notice);
  })
  .get('/:version', async (c) => {
    const site = c.get('site');
    const notice = await requireNotice(c.env.DB, site.id, parseVersion(c.req.param('version')));
    // A published version never changes, so its content hash is a strong validator forever.
    const etag = `"${notice.hash}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304);
    }
    return c.json(notice);
  })
  .get('/:version/diff/:other', async (c) => {
    const site = c.get('site');
    const [from, to] = await Promise.all([
      requireNotice(c.env.DB, site.id, parseVersion(c.req.param('version'))),
      requireNotice(c.env.DB, site.id, parseVersion(c.req.param('other'))),
    ]);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.json(noticeDiff(from, to));
  });
