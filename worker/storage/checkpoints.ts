import type { SignedCheckpoint } from '../../contract/ledger.js';

export type Checkpoint = SignedCheckpoint;

interface CheckpointRecord {
  site_id: string;
  through_seq: number;
  through_hash: string;
  created_at: string;
  kid: string;
  jws: string;
}

function toCheckpoint(record: CheckpointRecord): Checkpoint {
  return {
    site: record.site_id,
    throughSeq: record.through_seq,
    throughHash: record.through_hash,
    createdAt: record.created_at,
    kid: record.kid,
    jws: record.jws,
  };
}

export async function latestCheckpoint(db: D1Database, site: string): Promise<Checkpoint | null> {
  const record = await db
    .prepare('SELECT * FROM checkpoints WHERE site_id = ? ORDER BY through_seq DESC LIMIT 1')
    .bind(site)
    .first<CheckpointRecord>();
  return record ? toCheckpoint(record) : null;
}

/** Every checkpoint of a site, oldest first (one per retention sweep that removed something). */
export async function listCheckpoints(db: D1Database, site: string): Promise<Checkpoint[]> {
  const { results } = await db
    .prepare('SELECT * FROM checkpoints WHERE site_id = ? ORDER BY through_seq')
    .bind(site)
    .all<CheckpointRecord>();
  return results.map(toCheckpoint);
}

/** The newest receipt recorded before `cutoff`, i.e. how far a retention sweep may go. */
export async function lastExpiredReceipt(
  db: D1Database,
  site: string,
  cutoff: string,
): Promise<{ seq: number; hash: string } | null> {
  return db
    .prepare(
      `SELECT seq, hash FROM receipts WHERE site_id = ? AND recorded_at < ?
       ORDER BY seq DESC LIMIT 1`,
    )
    .bind(site, cutoff)
    .first<{ seq: number; hash: string }>();
}

/**
 * Seals the chain through `throughSeq` and removes the sealed rows, in one batch: the delete
 * trigger admits only rows a checkpoint covers, so nothing can go without its checkpoint.
 */
export async function sealAndRemove(db: D1Database, checkpoint: Checkpoint): Promise<number> {
  const [, removed] = await db.batch([
    db
      .prepare(
        `INSERT INTO checkpoints (site_id, through_seq, through_hash, created_at, kid, jws)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        checkpoint.site,
        checkpoint.throughSeq,
        checkpoint.throughHash,
        checkpoint.createdAt,
        checkpoint.kid,
        checkpoint.jws,
      ),
    db.prepare('DELETE FROM receipts WHERE site_id = ? AND seq <= ?').bind(checkpoint.site, checkpoint.throughSeq),
  ]);
  return removed?.meta.changes ?? 0;
}
