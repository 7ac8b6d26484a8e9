import type { NoticeHistoryEntry } from '../../contract/admin.js';
import type { NoticeVersion } from '../../contract/notice.js';
import { listNoticeVersions, toNoticeVersion, type NoticeRecord } from './notices.js';

export async function listNoticeHistory(db: D1Database, site: string, now: string): Promise<NoticeHistoryEntry[]> {
  return (await listNoticeVersions(db, site, now)).map(({ current, due, ...version }) => ({
    ...version,
    state: current ? 'current' : due ? 'superseded' : 'scheduled',
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
    .first<NoticeRecord>();
  if (!record) return null;
  return { ...toNoticeVersion(record), source: record.source, publishedBy: record.published_by };
}
