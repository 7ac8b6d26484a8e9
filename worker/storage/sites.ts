import type { RegisteredSite } from '../../contract/admin.js';
import type { SiteSettings } from '../../contract/site.js';
import { noticeTime } from './notices.js';

/** The Worker's name for a registered site; the shape is the contract's. */
export type SiteRow = RegisteredSite;

interface SiteRecord {
  id: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

/** A site's settings as stored: written only after SiteSettingsSchema accepted them. */
export function parseStoredSettings(text: string): SiteSettings {
  return JSON.parse(text) as SiteSettings;
}

function toSiteRow(record: SiteRecord): SiteRow {
  return {
    id: record.id,
    settings: parseStoredSettings(record.settings),
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

/** What every public read of a site is built from: its settings and the notice version in force. */
export interface SiteState {
  site: SiteRow;
  /** The settings exactly as stored: any change to them is a change to this text. */
  settingsText: string;
  /** The version in force at `now`, or null while none is. */
  current: { version: number; hash: string } | null;
  /** When the next scheduled version takes effect (and `current` changes), or null. */
  nextEffectiveAt: string | null;
  /** The site's notice clock (notice_clocks.through; see noticeTime), or null: the request's own time rules. */
  noticeClock: string | null;
  /**
   * Changes whenever the site config's `discovered` list can: a newly reported cookie name or an
   * admin's attribution (names are never deleted, so the count and the attributions say it all).
   */
  discoveredRevision: string;
}

/**
 * The site and which notice version is in force at `now`, in one query: enough to find every
 * public response in the isolate's cache without reading a notice document.
 */
export async function findSiteState(db: D1Database, id: string, now: string): Promise<SiteState | null> {
  const record = await db
    .prepare(
      `SELECT s.*, n.version AS current_version, n.hash AS current_hash,
         (SELECT min(effective_at) FROM notices WHERE site_id = s.id AND effective_at > ${noticeTime('s.id', '?2')}) AS next_effective_at,
         (SELECT through FROM notice_clocks WHERE site_id = s.id) AS notice_clock,
         (SELECT count(*) || '/' || coalesce(group_concat(CASE WHEN attributed IS NOT NULL THEN name || '=' || attributed END, ','), '')
          FROM discovered_cookies WHERE site_id = s.id) AS discovered_revision
       FROM sites s
       LEFT JOIN notices n ON n.site_id = s.id AND n.version = (
         SELECT version FROM notices WHERE site_id = s.id AND effective_at <= ${noticeTime('s.id', '?2')}
         ORDER BY effective_at DESC, version DESC LIMIT 1)
       WHERE s.id = ?1`,
    )
    .bind(id, now)
    .first<
      SiteRecord & {
        current_version: number | null;
        current_hash: string | null;
        next_effective_at: string | null;
        notice_clock: string | null;
        discovered_revision: string;
      }
    >();
  if (!record) return null;
  const current =
    record.current_version === null || record.current_hash === null
      ? null
      : { version: record.current_version, hash: record.current_hash };
  return {
    site: toSiteRow(record),
    settingsText: record.settings,
    current,
    nextEffectiveAt: record.next_effective_at,
    noticeClock: record.notice_clock,
    discoveredRevision: record.discovered_revision,
  };
}
