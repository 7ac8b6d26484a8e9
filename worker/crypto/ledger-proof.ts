import type { ConsentReceipt } from '../../contract/api.js';
import { canonicalJson } from '../../contract/canonical.js';
import type {
  CheckpointPayload,
  HeadCheck,
  LedgerCheck,
  LedgerHead,
  LedgerWalk,
  SignedCheckpoint,
  SignedHead,
  SignedReceipt,
} from '../../contract/ledger.js';
import { chainLinkProblem, GENESIS_HASH } from './chain.js';
import { verifyJwsAt, type Jwks } from './jws.js';

/**
 * The ledger's checks, shared by the Worker's verify endpoint and the offline verifier: every row
 * is a link of the hash chain AND is exactly what a published key signed, in its service time.
 * A database editor can recompute hashes; without the private key they cannot re-sign.
 */

/** The same JSON value, whatever its key order: signed payloads are compared as JCS. */
function sameValue(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/** Why a stored receipt row is not what its key signed, or null. */
export async function receiptSignatureProblem(row: SignedReceipt, jwks: Jwks): Promise<string | null> {
  const signed = await verifyJwsAt<ConsentReceipt>(row.jws, jwks, 'recordedAt');
  if (!signed.valid) return `its signature does not verify: ${signed.reason}`;
  if (signed.kid !== row.kid) return `it was signed by key ${signed.kid}, but the row names ${row.kid}`;
  if (!sameValue(signed.payload, row.receipt)) return 'the stored receipt differs from what was signed';
  return null;
}

export function checkpointPayload(checkpoint: SignedCheckpoint): CheckpointPayload {
  const { site, throughSeq, throughHash, createdAt } = checkpoint;
  return { type: 'candour-checkpoint', site, throughSeq, throughHash, createdAt };
}

/** Why a retention checkpoint cannot be trusted for `site`, or null. */
export async function checkpointProblem(
  checkpoint: SignedCheckpoint,
  site: string,
  jwks: Jwks,
): Promise<string | null> {
  if (checkpoint.site !== site) return `the retention checkpoint is for ${String(checkpoint.site)}, not ${site}`;
  const signed = await verifyJwsAt(checkpoint.jws, jwks, 'createdAt');
  if (!signed.valid) return `the retention checkpoint is not signed by a published key: ${signed.reason}`;
  if (signed.kid !== checkpoint.kid)
    return `the retention checkpoint names key ${checkpoint.kid}, signed by ${signed.kid}`;
  if (!sameValue(signed.payload, checkpointPayload(checkpoint))) {
    return 'the retention checkpoint differs from what was signed';
  }
  return null;
}

/** Why a saved head cannot be trusted for `site`, or null: its signature is checked before its claim. */
export async function headProblem(signedHead: SignedHead, site: string, jwks: Jwks): Promise<string | null> {
  const signed = await verifyJwsAt(signedHead.jws, jwks, 'at');
  if (!signed.valid) return `the saved head's signature does not verify: ${signed.reason}`;
  if (!sameValue(signed.payload, signedHead.head)) return 'the saved head differs from what was signed';
  if (signedHead.head.type !== 'candour-ledger-head') return 'the saved head is not a Candour ledger head';
  if (signedHead.head.site !== site) return `the saved head is for ${signedHead.head.site}, not ${site}`;
  return null;
}

export interface WalkOptions {
  site: string;
  jwks: Jwks;
  /** The site's retention checkpoints, oldest first; the walk starts after the newest. */
  checkpoints: SignedCheckpoint[];
  /** A head someone kept (its signature already checked): the ledger must still contain it. */
  head?: LedgerHead;
}

/** Walks the rows after the newest checkpoint in seq order and names the first one that fails. */
export async function walkLedger(
  rows: AsyncIterable<SignedReceipt> | Iterable<SignedReceipt>,
  options: WalkOptions,
): Promise<LedgerCheck> {
  const { site, jwks, checkpoints, head } = options;
  const start = checkpoints.at(-1);
  const from = { seq: start?.throughSeq ?? 0, checkpoint: Boolean(start) };
  const done = (walked: LedgerWalk, headCheck?: HeadCheck): LedgerCheck => ({
    ...walked,
    site,
    from,
    ...(headCheck ? { head: headCheck } : {}),
  });

  for (const checkpoint of checkpoints) {
    const problem = await checkpointProblem(checkpoint, site, jwks);
    if (problem) return done({ ok: false, checked: 0, brokenSeq: checkpoint.throughSeq, reason: problem });
  }
  const sealedHead = head && head.seq <= from.seq ? headUnderCheckpoint(head, checkpoints) : undefined;
  if (sealedHead && !sealedHead.contained) {
    return done({ ok: false, checked: 0, brokenSeq: head!.seq, reason: sealedHead.reason }, sealedHead);
  }

  let expectedSeq = from.seq + 1;
  let prevHash = start?.throughHash ?? GENESIS_HASH;
  let checked = 0;
  for await (const row of rows) {
    const broken = (reason: string, headCheck?: HeadCheck) =>
      done({ ok: false, checked, brokenSeq: row?.receipt?.seq ?? expectedSeq, reason }, headCheck);
    if (!row?.receipt || typeof row.receipt !== 'object') return broken('the row has no receipt');
    if (row.receipt.site !== site) return broken(`the receipt belongs to ${String(row.receipt.site)}`);
    const link = await chainLinkProblem(row.receipt, expectedSeq, prevHash);
    if (link) return done({ ok: false, checked, brokenSeq: expectedSeq, reason: link });
    const signature = await receiptSignatureProblem(row, jwks);
    if (signature) return broken(signature);
    if (head && head.seq === row.receipt.seq && head.hash !== row.receipt.hash) {
      const reason = `the signed head of ${head.at} has a different hash at sequence ${head.seq}: history was rewritten`;
      return broken(reason, { contained: false, seq: head.seq, reason });
    }
    prevHash = row.receipt.hash;
    expectedSeq += 1;
    checked += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (head && head.seq > lastSeq) {
    const reason = `the signed head of ${head.at} reaches sequence ${head.seq}, but the ledger ends at ${lastSeq}: receipts were removed`;
    return done({ ok: false, checked, brokenSeq: lastSeq + 1, reason }, { contained: false, seq: head.seq, reason });
  }
  const headCheck: HeadCheck | undefined = head
    ? (sealedHead ?? { contained: true, seq: head.seq, by: 'receipt' })
    : undefined;
  return done({ ok: true, checked, lastSeq, lastHash: prevHash }, headCheck);
}

/**
 * A head at or before the newest checkpoint: a checkpoint through exactly that seq must carry its
 * hash; genesis (seq 0) is fixed; older rows were removed by retention and cannot be compared.
 */
function headUnderCheckpoint(head: LedgerHead, checkpoints: SignedCheckpoint[]): HeadCheck {
  if (head.seq === 0) {
    return head.hash === GENESIS_HASH
      ? { contained: true, seq: 0, by: 'genesis' }
      : { contained: false, seq: 0, reason: 'the signed head at sequence 0 does not have the genesis hash' };
  }
  const exact = checkpoints.find((checkpoint) => checkpoint.throughSeq === head.seq);
  if (!exact) return { contained: true, seq: head.seq, by: 'sealed' };
  return exact.throughHash === head.hash
    ? { contained: true, seq: head.seq, by: 'checkpoint' }
    : {
        contained: false,
        seq: head.seq,
        reason: `a retention checkpoint covers sequence ${head.seq} with a different hash than the signed head of ${head.at}`,
      };
}
