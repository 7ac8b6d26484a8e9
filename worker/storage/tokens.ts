import type { AdminTokenInfo } from '../../contract/admin.js';

/** Admin tokens (kept only as SHA-256 digests) and the admin page's sign-in sessions. */

export type AdminToken = AdminTokenInfo;

interface TokenRecord {
  id: string;
  label: string;
  site_id: string | null;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

function toAdminToken(record: TokenRecord): AdminToken {
  return {
    id: record.id,
    label: record.label,
    site: record.site_id,
    createdAt: record.created_at,
    createdBy: record.created_by,
    revokedAt: record.revoked_at,
  };
}

export async function insertToken(
  db: D1Database,
  token: { id: string; tokenHash: string; label: string; site: string | null; createdAt: string; createdBy: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO admin_tokens (id, token_hash, label, site_id, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(token.id, token.tokenHash, token.label, token.site, token.createdAt, token.createdBy)
    .run();
}

/** The live (not revoked) token with this digest, if any. */
export async function findLiveToken(db: D1Database, tokenHash: string): Promise<AdminToken | null> {
  const record = await db
    .prepare(
      `SELECT id, label, site_id, created_at, created_by, revoked_at FROM admin_tokens
       WHERE token_hash = ? AND revoked_at IS NULL`,
    )
    .bind(tokenHash)
    .first<TokenRecord>();
  return record ? toAdminToken(record) : null;
}

export async function listTokens(db: D1Database): Promise<AdminToken[]> {
  const { results } = await db
    .prepare(
      `SELECT id, label, site_id, created_at, created_by, revoked_at FROM admin_tokens
       ORDER BY created_at DESC, id`,
    )
    .all<TokenRecord>();
  return results.map(toAdminToken);
}

/** Revokes a token and ends the sessions it opened; false when there was no live token. */
export async function revokeToken(db: D1Database, id: string, now: string): Promise<boolean> {
  const [revoked] = await db.batch([
    db.prepare('UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(now, id),
    db.prepare('DELETE FROM admin_sessions WHERE token_id = ?').bind(id),
  ]);
  return (revoked?.meta.changes ?? 0) === 1;
}

export interface AdminSession {
  actor: string;
  site: string | null;
  tokenId: string | null;
  expiresAt: string;
}

export async function insertSession(
  db: D1Database,
  session: AdminSession & { idHash: string; createdAt: string },
): Promise<void> {
  await db.batch([
    // Expired sessions are swept whenever someone signs in.
    db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').bind(session.createdAt),
    db
      .prepare(
        `INSERT INTO admin_sessions (id_hash, actor, site_id, token_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(session.idHash, session.actor, session.site, session.tokenId, session.createdAt, session.expiresAt),
  ]);
}

/** A session that has not expired and whose token (if it signed in with one) is still live. */
export async function findLiveSession(db: D1Database, idHash: string, now: string): Promise<AdminSession | null> {
  const record = await db
    .prepare(
      `SELECT s.actor, s.site_id, s.token_id, s.expires_at FROM admin_sessions s
       LEFT JOIN admin_tokens t ON t.id = s.token_id
       WHERE s.id_hash = ? AND s.expires_at > ? AND (s.token_id IS NULL OR t.revoked_at IS NULL)`,
    )
    .bind(idHash, now)
    .first<{ actor: string; site_id: string | null; token_id: string | null; expires_at: string }>();
  return record
    ? { actor: record.actor, site: record.site_id, tokenId: record.token_id, expiresAt: record.expires_at }
    : null;
}

export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').bind(idHash).run();
}
