/**
 * `npm run verify-receipt -- FILE [--jwks URL-or-FILE]`: checks a downloaded receipt offline,
 * with nothing but the public keys. Exit 0 when it verifies, 1 when it does not.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ReceiptResponse } from '../contract/api.js';
import type { Jwks } from '../worker/crypto/jws.js';
import { verifyReceipt } from '../worker/crypto/verify-receipt.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { jwks: { type: 'string', default: 'http://127.0.0.1:8787/.well-known/jwks.json' } },
});
const [file] = positionals;
if (!file) {
  console.error(
    'usage: npm run verify-receipt -- receipt.json [--jwks https://consent.example/.well-known/jwks.json | jwks.json]',
  );
  process.exit(2);
}

async function loadJwks(source: string): Promise<Jwks> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`could not fetch the JWKS from ${source}: ${response.status}`);
    return (await response.json()) as Jwks;
  }
  return JSON.parse(readFileSync(source, 'utf8')) as Jwks;
}

const download = JSON.parse(readFileSync(file, 'utf8')) as ReceiptResponse;
const result = await verifyReceipt(download, await loadJwks(values.jwks!));
if (result.valid) {
  const { receipt } = result;
  console.log(`VALID: receipt ${receipt.receiptId} for ${receipt.site}, signed by key ${result.kid}`);
  console.log(
    `  ${receipt.event} (${receipt.method}) at ${receipt.decidedAt}, notice version ${receipt.noticeVersion}`,
  );
  console.log(
    `  choices: ${Object.entries(receipt.choices)
      .map(([category, on]) => `${category} ${on ? 'on' : 'off'}`)
      .join(', ')}`,
  );
} else {
  console.error(`NOT VALID: ${result.reason}`);
  process.exit(1);
}
