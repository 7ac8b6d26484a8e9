import type { RegisteredSite } from '../../contract/admin.js';
import type { SiteSettings } from '../../contract/site.js';

/** The Worker's name for a registered site; the shape is the contract's. */
export type SiteRow = RegisteredSite;

interface SiteRecord {
  id: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

function toSiteRow(record: SiteRecord): SiteRow {
  return {
    id: record.id,
    settings: JSON.parse(record.settings) as SiteSettings,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}

export async function findSite(db: D1Database, id: string): Promise<SiteRow | null> {
  const record = await db.prepare('SELECT * FROM sites WHERE id = ?').bind(id).first<SiteRecord>();
  return record ? toSiteRow(record) : null;
}

export async function listSites(db: D1Database): Promise<SiteRow[]> {
  const { results } = await db.prepare('SELECT * FROM sites ORDER BY id').all<SiteRecord>();
  return results.map(toSiteRow);
}

/** Creates the site or replaces its settings; returns whether it was new. */
export async function saveSite(db: D1Database, id: string, settings: SiteSettings, now: string): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO sites (id, settings, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
       RETURNING created_at = updated_at AS created`,
    )
    .bind(id, JSON.stringify(settings), now)
    .first<{ created: number }>();
  return result?.created === 1;
}
