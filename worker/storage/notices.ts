import { ADVANCE_NOTICE_CLOCKS } from './notice-clocks.js';
import type { NoticeDocument, NoticeVersion, NoticeVersionSummary } from '../../contract/notice.js';

export interface NoticeRecord {
  site_id: string;
  version: number;
  hash: string;
  cookie_revision: string;
  source: string;
  document: string;
  material: number;
  effective_at: string;
  published_at: string;
  published_by: string;
}

export function toNoticeVersion(record: NoticeRecord): NoticeVersion {
  return {
    site: record.site_id,
    version: record.version,
    hash: record.hash,
    cookieRevision: record.cookie_revision,
    effectiveAt: record.effective_at,
    publishedAt: record.published_at,
    material: record.material === 1,
    document: JSON.parse(record.document) as NoticeDocument,
  };
}

/**
 * The SQL time a site's versions are judged at: the request's `now`, unless the scheduled run was
 * given a later time for that site (notice_clocks; only ever in wrangler dev, docs/security.md).
 * `site` and `now` are the SQL expressions (parameters or columns) that hold them.
 */
export function noticeTime(site: string, now: string): string {
  return `max(${now}, coalesce((SELECT through FROM notice_clocks WHERE site_id = ${site}), ''))`;
}

/** The time `now` is for a site's versions (noticeTime), for code that compares in JavaScript. */
export async function noticeTimeFor(db: D1Database, site: string, now: string): Promise<string> {
  const row = await db
    .prepare(`SELECT ${noticeTime('?1', '?2')} AS at`)
    .bind(site, now)
    .first<{ at: string }>();
  return row?.at ?? now;
}

/**
 * The scheduled run at `at`: versions whose effective time has come by `at` take effect. The
 * request-time comparison already does that whenever `at` is not ahead of the clock (always, in
 * production), so only sites with a version due between `now` and `at` are moved on. Returns them.
 */
export async function advanceNoticeClocks(db: D1Database, at: string, now: string): Promise<string[]> {
  const { results } = await db.prepare(ADVANCE_NOTICE_CLOCKS).bind(at, now).all<{ site_id: string }>();
  return results.map((row) => row.site_id);
}

/** The version in force at `now`: the newest whose effective time has come. */
export async function findCurrentNotice(db: D1Database, site: string, now: string): Promise<NoticeVersion | null> {
  const record = await db
    .prepare(
      `SELECT * FROM notices WHERE site_id = ?1 AND effective_at <= ${noticeTime('?1', '?2')}
       ORDER BY effective_at DESC, version DESC LIMIT 1`,
    )
    .bind(site, now)
    .first<NoticeRecord>();
  return record ? toNoticeVersion(record) : null;
}

export async function findNotice(db: D1Database, site: string, version: number): Promise<NoticeVersion | null> {
  const record = await db
    .prepare('SELECT * FROM notices WHERE site_id = ? AND version = ?')
    .bind(site, version)
    .first<NoticeRecord>();
  return record ? toNoticeVersion(record) : null;
}

/**
 * A version the public may see: one whose effective time has come. A scheduled version is the
 * admin's draft of what the site will say, and may still be replaced before anyone relies on it.
 */
export async function findPublicNotice(
  db: D1Database,
  site: string,
  version: number,
  now: string,
): Promise<NoticeVersion | null> {
  const record = await db
    .prepare(`SELECT * FROM notices WHERE site_id = ?1 AND version = ?2 AND effective_at <= ${noticeTime('?1', '?3')}`)
    .bind(site, version, now)
    .first<NoticeRecord>();
  return record ? toNoticeVersion(record) : null;
}

/** The content hash of a version the public may see (as findPublicNotice), without its document. */
export async function findPublicNoticeHash(
  db: D1Database,
  site: string,
  version: number,
  now: string,
): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT hash FROM notices WHERE site_id = ?1 AND version = ?2 AND effective_at <= ${noticeTime('?1', '?3')}`,
    )
    .bind(site, version, now)
    .first<{ hash: string }>();
  return row?.hash ?? null;
}

/**
 * Every version of a site's notice, newest first, with which one is in force at `now` and which
 * have taken effect by then (`due`: the current one and those it superseded).
 */
export async function listNoticeVersions(
  db: D1Database,
  site: string,
  now: string,
): Promise<(NoticeVersionSummary & { publishedBy: string; due: boolean })[]> {
  const { results } = await db
    .prepare(
      `SELECT version, hash, cookie_revision, material, effective_at, published_at, published_by,
         effective_at <= ${noticeTime('?1', '?2')} AS due
       FROM notices WHERE site_id = ?1 ORDER BY version DESC`,
    )
    .bind(site, now)
    .all<Omit<NoticeRecord, 'site_id' | 'source' | 'document'> & { due: number }>();
  const current = results
    .filter((row) => row.due === 1)
    .sort((a, b) => b.effective_at.localeCompare(a.effective_at) || b.version - a.version)[0];
  return results.map((row) => ({
    version: row.version,
    hash: row.hash,
    cookieRevision: row.cookie_revision,
    material: row.material === 1,
    effectiveAt: row.effective_at,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    current: row.version === current?.version,
    due: row.due === 1,
  }));
}

/** The public version list: versions in force now or before; who published is for admins only. */
export async function listNotices(db: D1Database, site: string, now: string): Promise<NoticeVersionSummary[]> {
  return (await listNoticeVersions(db, site, now))
    .filter((version) => version.due)
    .map(({ publishedBy: _admin, due: _due, ...summary }) => summary);
}

export interface NewNotice {
  site: string;
  /** The version the author started from; publishing fails if another got there first. */
  expectedVersion: number;
  hash: string;
  cookieRevision: string;
  source: string;
  document: NoticeDocument;
  material: boolean;
  effectiveAt: string;
  publishedAt: string;
  publishedBy: string;
}

/**
 * Appends version expectedVersion + 1. The primary key makes two racing publishes of the same
 * next version collide: exactly one row is written and the other gets `false`.
 */
export async function insertNotice(db: D1Database, notice: NewNotice): Promise<number | null> {
  const version = notice.expectedVersion + 1;
  const result = await db
    .prepare(
      `INSERT INTO notices (site_id, version, hash, cookie_revision, source, document, material,
         effective_at, published_at, published_by)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
       WHERE (SELECT coalesce(max(version), 0) FROM notices WHERE site_id = ?1) = ?2 - 1
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      notice.site,
      version,
      notice.hash,
      notice.cookieRevision,
      notice.source,
      JSON.stringify(notice.document),
      notice.material ? 1 : 0,
      notice.effectiveAt,
      notice.publishedAt,
      notice.publishedBy,
    )
    .run();
  return result.meta.changes === 1 ? version : null;
}

export async function latestNoticeVersion(db: D1Database, site: string): Promise<number> {
  const row = await db
    .prepare('SELECT coalesce(max(version), 0) AS version FROM notices WHERE site_id = ?')
    .bind(site)
    .first<{ version: number }>();
  return row?.version ?? 0;
}
