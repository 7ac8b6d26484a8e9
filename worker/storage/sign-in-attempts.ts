/** Token sign-in attempts per client: the counter behind the admin lockout (worker/sign-in-limit.ts). */

/**
 * Reserves an attempt for a client unless it already has `limit` pending or failed attempts
 * since `since`. One statement, so parallel guesses cannot all slip in under the limit.
 * Returns the attempt's id, or null when the client is locked out.
 */
export async function reserveAttempt(
  db: D1Database,
  attempt: { clientHash: string; at: string; since: string; limit: number },
): Promise<number | null> {
  const [, reserved] = await db.batch<{ id: number }>([
    db
      .prepare('DELETE FROM admin_sign_in_attempts WHERE client_hash = ? AND at <= ?')
      .bind(attempt.clientHash, attempt.since),
    db
      .prepare(
        `INSERT INTO admin_sign_in_attempts (client_hash, at, outcome)
         SELECT ?1, ?2, 'pending'
         WHERE (SELECT count(*) FROM admin_sign_in_attempts WHERE client_hash = ?1 AND at > ?3) < ?4
         RETURNING id`,
      )
      .bind(attempt.clientHash, attempt.at, attempt.since, attempt.limit),
  ]);
  return reserved?.results[0]?.id ?? null;
}

/** A successful attempt leaves nothing behind; a failed one counts until it leaves the window. */
export async function settleAttempt(db: D1Database, id: number, succeeded: boolean): Promise<void> {
  await (
    succeeded
      ? db.prepare('DELETE FROM admin_sign_in_attempts WHERE id = ?').bind(id)
      : db.prepare("UPDATE admin_sign_in_attempts SET outcome = 'failed' WHERE id = ?").bind(id)
  ).run();
}

/** The oldest counted attempt in the window: the lock lifts a window after it. */
export async function oldestAttemptSince(db: D1Database, clientHash: string, since: string): Promise<string | null> {
  return db
    .prepare('SELECT min(at) AS at FROM admin_sign_in_attempts WHERE client_hash = ? AND at > ?')
    .bind(clientHash, since)
    .first<string>('at');
}

export async function countAttemptsSince(db: D1Database, clientHash: string, since: string): Promise<number> {
  const count = await db
    .prepare('SELECT count(*) AS n FROM admin_sign_in_attempts WHERE client_hash = ? AND at > ?')
    .bind(clientHash, since)
    .first<number>('n');
  return count ?? 0;
}
