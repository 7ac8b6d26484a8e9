import { enforcedRetentionDays } from '../contract/admin.js';
import type { CheckpointPayload, LedgerCheck, LedgerHead } from '../contract/ledger.js';
import type { Jwks, Signer } from './crypto/jws.js';
import { walkLedger } from './crypto/ledger-proof.js';
import { lastExpiredReceipt, listCheckpoints, sealAndRemove, type Checkpoint } from './storage/checkpoints.js';
import { receiptsInOrder } from './storage/receipts.js';
import { listSites } from './storage/sites.js';

/**
 * Checks a site's ledger as stored: every checkpoint's signature, then every row after the newest
 * one, as a chain link and against its own JWS; with `head` (already verified), that the ledger
 * still contains it.
 */
export async function verifyLedger(db: D1Database, site: string, jwks: Jwks, head?: LedgerHead): Promise<LedgerCheck> {
  const checkpoints = await listCheckpoints(db, site);
  const afterSeq = checkpoints.at(-1)?.throughSeq ?? 0;
  return walkLedger(receiptsInOrder(db, site, { afterSeq }), { site, jwks, checkpoints, head });
}

/**
 * The scheduled retention sweep: for each site, receipts older than its retention period are
 * sealed by a signed checkpoint (sequence number and hash of the last one removed) and then
 * removed, so what remains still verifies from the checkpoint.
 */
export async function sweepRetention(
  db: D1Database,
  signer: Signer,
  now: Date,
): Promise<{ site: string; removed: number; throughSeq: number }[]> {
  const swept: { site: string; removed: number; throughSeq: number }[] = [];
  for (const site of await listSites(db)) {
    const retentionDays = enforcedRetentionDays(site.settings);
    if (retentionDays === null) continue;
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const last = await lastExpiredReceipt(db, site.id, cutoff);
    if (!last) continue;
    const createdAt = now.toISOString();
    const payload: CheckpointPayload = {
      type: 'candour-checkpoint',
      site: site.id,
      throughSeq: last.seq,
      throughHash: last.hash,
      createdAt,
    };
    const checkpoint: Checkpoint = {
      site: site.id,
      throughSeq: last.seq,
      throughHash: last.hash,
      createdAt,
      kid: signer.kid,
      jws: await signer.sign(payload),
    };
    const removed = await sealAndRemove(db, checkpoint);
    swept.push({ site: site.id, removed, throughSeq: last.seq });
  }
  return swept;
}
