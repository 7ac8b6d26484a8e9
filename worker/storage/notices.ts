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

/** The version in force at `now`: the newest whose effective time has come. */
export async function findCurrentNotice(db: D1Database, site: string, now: string): Promise<NoticeVersion | null> {
  const record = await db
    .prepare(
      `SELECT * FROM notices WHERE site_id = ? AND effective_at <= ?
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
    .prepare('SELECT * FROM notices WHERE site_id = ? AND version = ? AND effective_at <= ?')
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
    .prepare('SELECT hash FROM notices WHERE site_id = ? AND version = ? AND effective_at <= ?')
    .bind(site, version, now)
    .first<{ hash: string }>();
  return row?.hash ?? null;
}

/** Every version of a site's notice, newest first, with which one is in force at `now`. */
export async function listNoticeVersions(
  db: D1Database,
  site: string,
  now: string,
): Promise<(NoticeVersionSummary & { publishedBy: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT version, hash, cookie_revision, material, effective_at, published_at, published_by FROM notices
       WHERE site_id = ? ORDER BY version DESC`,
    )
    .bind(site)
    .all<Omit<NoticeRecord, 'site_id' | 'source' | 'document'>>();
  const current = results
    .filter((row) => row.effective_at <= now)
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
  }));
}

/** The public version list: versions in force now or before; who published is for admins only. */
export async function listNotices(db: D1Database, site: string, now: string): Promise<NoticeVersionSummary[]> {
  return (await listNoticeVersions(db, site, now))
    .filter((version) => version.effectiveAt <= now)
    .map(({ publishedBy: _admin, ...summary }) => summary);
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
