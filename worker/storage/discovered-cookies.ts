import { OPTIONAL_CATEGORIES, type OptionalCategory } from '../../contract/categories.js';

/** One undeclared cookie name as stored: names only, never values. */
export interface DiscoveredRow {
  name: string;
  firstSeen: string;
  lastSeen: string;
  reports: number;
  granted: OptionalCategory[];
  attributed: OptionalCategory | null;
}

interface DiscoveredRecord {
  name: string;
  first_seen: string;
  last_seen: string;
  reports: number;
  granted: number;
  attributed: OptionalCategory | null;
}

/** Categories as bits (functional 1, analytics 2, marketing 4), so a report ORs into the row. */
function grantedBits(granted: readonly OptionalCategory[]): number {
  return granted.reduce((bits, category) => bits | (1 << OPTIONAL_CATEGORIES.indexOf(category)), 0);
}

function grantedOf(bits: number): OptionalCategory[] {
  return OPTIONAL_CATEGORIES.filter((_, index) => (bits & (1 << index)) !== 0);
}

/**
 * Counts one report: each name's row gains one report, whatever the report's size, and its last
 * sighting. A new name is kept only while the site has fewer than `siteMax` names. One batch, so
 * a report is counted whole or not at all.
 */
export async function recordDiscovered(
  db: D1Database,
  site: string,
  report: { names: readonly string[]; granted: readonly OptionalCategory[] },
  now: string,
  siteMax: number,
): Promise<{ recorded: number; ignored: number }> {
  const bits = grantedBits(report.granted);
  const statements = report.names.flatMap((name) => [
    db
      .prepare(
        `UPDATE discovered_cookies SET last_seen = ?3, reports = reports + 1, granted = granted | ?4
         WHERE site_id = ?1 AND name = ?2`,
      )
      .bind(site, name, now, bits),
    db
      .prepare(
        `INSERT OR IGNORE INTO discovered_cookies (site_id, name, first_seen, last_seen, reports, granted)
         SELECT ?1, ?2, ?3, ?3, 1, ?4
         WHERE (SELECT count(*) FROM discovered_cookies WHERE site_id = ?1) < ?5`,
      )
      .bind(site, name, now, bits, siteMax),
  ]);
  const results = await db.batch(statements);
  let recorded = 0;
  for (let i = 0; i < results.length; i += 2) {
    if (results[i]!.meta.changes > 0 || results[i + 1]!.meta.changes > 0) recorded += 1;
  }
  return { recorded, ignored: report.names.length - recorded };
}

export async function listDiscovered(db: D1Database, site: string): Promise<DiscoveredRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM discovered_cookies WHERE site_id = ? ORDER BY last_seen DESC, name')
    .bind(site)
    .all<DiscoveredRecord>();
  return results.map((record) => ({
    name: record.name,
    firstSeen: record.first_seen,
    lastSeen: record.last_seen,
    reports: record.reports,
    granted: grantedOf(record.granted),
    attributed: record.attributed,
  }));
}

/** Sets or clears an admin's attribution; false when the site has no such name. */
export async function attributeDiscovered(
  db: D1Database,
  site: string,
  name: string,
  category: OptionalCategory | null,
): Promise<boolean> {
  const result = await db
    .prepare('UPDATE discovered_cookies SET attributed = ?3 WHERE site_id = ?1 AND name = ?2')
    .bind(site, name, category)
    .run();
  return result.meta.changes > 0;
}
