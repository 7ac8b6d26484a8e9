import type { AuditEntry } from '../../contract/admin.js';

export function auditStatement(
  db: D1Database,
  entry: { at: string; actor: string; site: string | null; action: string; detail: unknown },
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (at, actor, site_id, action, detail) VALUES (?, ?, ?, ?, ?)')
    .bind(entry.at, entry.actor, entry.site, entry.action, JSON.stringify(entry.detail));
}

export async function appendAudit(db: D1Database, entry: Parameters<typeof auditStatement>[1]): Promise<void> {
  await auditStatement(db, entry).run();
}

/** Newest first; `site` narrows to one site, `before` pages back from an entry id. */
export async function listAudit(
  db: D1Database,
  options: { site?: string | null; before?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 500);
  const { results } = await db
    .prepare(
      `SELECT id, at, actor, site_id, action, detail FROM audit_log
       WHERE (?1 IS NULL OR site_id = ?1) AND (?2 IS NULL OR id < ?2)
       ORDER BY id DESC LIMIT ?3`,
    )
    .bind(options.site ?? null, options.before ?? null, limit)
    .all<{ id: number; at: string; actor: string; site_id: string | null; action: string; detail: string }>();
  return results.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    site: row.site_id,
    action: row.action,
    detail: JSON.parse(row.detail) as unknown,
  }));
}
