export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  site: string | null;
  action: string;
  detail: unknown;
}

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

export async function listAudit(db: D1Database, limit = 200): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare('SELECT id, at, actor, site_id, action, detail FROM audit_log ORDER BY id DESC LIMIT ?')
    .bind(limit)
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
