import { enforcedRetentionDays } from '../contract/admin.js';
import { verifyChain, type ChainCheck } from './crypto/chain.js';
import { verifyJws, type Jwks, type Signer } from './crypto/jws.js';
import { latestCheckpoint, lastExpiredReceipt, sealAndRemove, type Checkpoint } from './storage/checkpoints.js';
import { receiptsInOrder } from './storage/receipts.js';
import { listSites } from './storage/sites.js';

export type LedgerCheck = ChainCheck & {
  site: string;
  /** Where the walk started: a signed checkpoint left by a retention sweep, or the beginning. */
  from: { seq: number; checkpoint: boolean };
};

/** Walks a site's chain from its latest checkpoint (whose signature must verify) to its head. */
export async function verifyLedger(db: D1Database, site: string, jwks: Jwks): Promise<LedgerCheck> {
  const checkpoint = await latestCheckpoint(db, site);
  if (checkpoint) {
    const signed = await verifyJws<{ site: string; throughSeq: number; throughHash: string }>(checkpoint.jws, jwks);
    const matches =
      signed.valid &&
      signed.payload.site === site &&
      signed.payload.throughSeq === checkpoint.throughSeq &&
      signed.payload.throughHash === checkpoint.throughHash;
    if (!matches) {
      return {
        ok: false,
        checked: 0,
        brokenSeq: checkpoint.throughSeq,
        reason: 'the retention checkpoint is not signed by a published key',
        site,
        from: { seq: checkpoint.throughSeq, checkpoint: true },
      };
    }
  }
  const start = checkpoint ? { seq: checkpoint.throughSeq, hash: checkpoint.throughHash } : undefined;
  const result = await verifyChain(receiptsInOrder(db, site, start?.seq ?? 0), start);
  return { ...result, site, from: { seq: start?.seq ?? 0, checkpoint: Boolean(checkpoint) } };
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
    const payload = {
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
