import type { NoticeHistoryEntry } from '../../contract/admin.js';
import type { NoticeDocument, NoticeVersion } from '../../contract/notice.js';

export async function listNoticeHistory(db: D1Database, site: string, now: string): Promise<NoticeHistoryEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT version, hash, cookie_revision, material, effective_at, published_at, published_by
       FROM notices WHERE site_id = ? ORDER BY version DESC`,
    )
    .bind(site)
    .all<{
      version: number;
      hash: string;
      cookie_revision: string;
      material: number;
      effective_at: string;
      published_at: string;
      published_by: string;
    }>();
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
    state: row.version === current?.version ? 'current' : row.effective_at > now ? 'scheduled' : 'superseded',
  }));
}

export type NoticeWithSource = NoticeVersion & { source: string; publishedBy: string };

/**
 * One version with its source and publisher; without `version`, the newest by number (which,
 * since effective times never go back, is the last to take effect).
 */
export async function findNoticeWithSource(
  db: D1Database,
  site: string,
  version?: number,
): Promise<NoticeWithSource | null> {
  const record = await db
    .prepare('SELECT * FROM notices WHERE site_id = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1')
    .bind(site, version ?? null)
    .first<{
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
    }>();
  if (!record) return null;
  return {
    site: record.site_id,
    version: record.version,
    hash: record.hash,
    cookieRevision: record.cookie_revision,
    effectiveAt: record.effective_at,
    publishedAt: record.published_at,
    material: record.material === 1,
    document: JSON.parse(record.document) as NoticeDocument,
    source: record.source,
    publishedBy: record.published_by,
  };
}
