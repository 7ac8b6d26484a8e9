import type { ConsentReceipt, ReceiptResponse } from '../../contract/api.js';
import { canonicalJson } from '../../contract/canonical.js';
import { chainHash } from './chain.js';
import { verifyJws, type Jwks } from './jws.js';

export type ReceiptCheck = { valid: true; kid: string; receipt: ConsentReceipt } | { valid: false; reason: string };

/**
 * Checks a downloaded receipt with nothing but the JWKS: the signature verifies, the signed
 * payload is the receipt shown, and the receipt's chain hash matches its contents.
 */
export async function verifyReceipt(download: ReceiptResponse, jwks: Jwks): Promise<ReceiptCheck> {
  if (!download || typeof download.jws !== 'string' || !download.receipt) {
    return { valid: false, reason: 'not a Candour receipt download (needs receipt and jws)' };
  }
  const signature = await verifyJws<ConsentReceipt>(download.jws, jwks);
  if (!signature.valid) return { valid: false, reason: signature.reason };
  if (canonicalJson(signature.payload) !== canonicalJson(download.receipt)) {
    return { valid: false, reason: 'the receipt differs from what was signed' };
  }
  if ((await chainHash(download.receipt)) !== download.receipt.hash) {
    return { valid: false, reason: 'the receipt hash does not match its contents' };
  }
  return { valid: true, kid: signature.kid, receipt: download.receipt };
}
