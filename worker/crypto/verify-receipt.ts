import type { ConsentReceipt, ReceiptResponse } from '../../contract/api.js';
import { canonicalJson } from '../../contract/canonical.js';
import { chainHash } from './chain.js';
import { verifyJwsAt, type Jwks } from './jws.js';

export type ReceiptCheck = { valid: true; kid: string; receipt: ConsentReceipt } | { valid: false; reason: string };

/**
 * Checks a downloaded receipt with nothing but the JWKS: the signature verifies with a key that
 * was in service when the receipt was recorded, the signed payload is the receipt shown, and the
 * receipt's chain hash matches its contents. Never throws, whatever the download holds.
 */
export async function verifyReceipt(download: ReceiptResponse, jwks: Jwks): Promise<ReceiptCheck> {
  if (!download || typeof download !== 'object' || typeof download.jws !== 'string' || !download.receipt) {
    return { valid: false, reason: 'not a Candour receipt download (needs receipt and jws)' };
  }
  const signature = await verifyJwsAt<ConsentReceipt>(download.jws, jwks, 'recordedAt');
  if (!signature.valid) return { valid: false, reason: signature.reason };
  try {
    if (canonicalJson(signature.payload) !== canonicalJson(download.receipt)) {
      return { valid: false, reason: 'the receipt differs from what was signed' };
    }
    if ((await chainHash(download.receipt)) !== download.receipt.hash) {
      return { valid: false, reason: 'the receipt hash does not match its contents' };
    }
  } catch {
    return { valid: false, reason: 'the receipt is not plain JSON data' };
  }
  return { valid: true, kid: signature.kid, receipt: download.receipt };
}
