import type { ConsentReceipt } from '../../contract/api.js';
import { hashCanonical } from '../../contract/canonical.js';

/** The previous hash of a site's first receipt. */
export const GENESIS_HASH = '0'.repeat(64);

/** A receipt's link in its site's chain: SHA-256 over every field but the hash itself. */
export function chainHash(receipt: Omit<ConsentReceipt, 'hash'>): Promise<string> {
  const { hash: _ignored, ...fields } = receipt as ConsentReceipt;
  return hashCanonical(fields);
}

export type ChainCheck =
  | { ok: true; checked: number; lastSeq: number; lastHash: string }
  | { ok: false; checked: number; brokenSeq: number; reason: string };

/**
 * Walks receipts in seq order from a starting point (genesis or a checkpoint) and names the
 * first sequence number whose row no longer matches its hash or its predecessor.
 */
export async function verifyChain(
  receipts: AsyncIterable<ConsentReceipt> | Iterable<ConsentReceipt>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): Promise<ChainCheck> {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let checked = 0;
  for await (const receipt of receipts) {
    if (receipt.seq !== expectedSeq) {
      return { ok: false, checked, brokenSeq: expectedSeq, reason: `sequence ${expectedSeq} is missing` };
    }
    if (receipt.prevHash !== prevHash) {
      return { ok: false, checked, brokenSeq: receipt.seq, reason: 'previous hash does not match' };
    }
    if ((await chainHash(receipt)) !== receipt.hash) {
      return { ok: false, checked, brokenSeq: receipt.seq, reason: 'contents do not match the stored hash' };
    }
    prevHash = receipt.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, lastHash: prevHash };
}
