import type { ConsentReceipt } from '../../contract/api.js';
import { hashCanonical } from '../../contract/canonical.js';

/** The previous hash of a site's first receipt. */
export const GENESIS_HASH = '0'.repeat(64);

/** A receipt's link in its site's chain: SHA-256 over the JCS form of every field but the hash itself. */
export function chainHash(receipt: Omit<ConsentReceipt, 'hash'>): Promise<string> {
  const { hash: _ignored, ...fields } = receipt as ConsentReceipt;
  return hashCanonical(fields);
}

/**
 * Why `receipt` is not the next link after (`expectedSeq` - 1, `prevHash`), or null when it is:
 * the sequence has no gap, it names its predecessor's hash, and its own hash matches its contents.
 */
export async function chainLinkProblem(
  receipt: ConsentReceipt,
  expectedSeq: number,
  prevHash: string,
): Promise<string | null> {
  if (receipt.seq !== expectedSeq) return `sequence ${expectedSeq} is missing`;
  if (receipt.prevHash !== prevHash) return 'previous hash does not match';
  if ((await chainHash(receipt)) !== receipt.hash) return 'contents do not match the stored hash';
  return null;
}
