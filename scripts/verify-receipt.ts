/**
 * `npm run verify-receipt -- FILE [--jwks URL-or-FILE]`: checks a downloaded receipt offline,
 * with nothing but the public keys. Exit 0 when it verifies, 1 when it does not or cannot be
 * read (with one line saying why, never a stack trace), 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ReceiptResponse } from '../contract/api.js';
import type { Jwks } from '../worker/crypto/jws.js';
import { verifyReceipt } from '../worker/crypto/verify-receipt.js';

const USAGE =
  'usage: npm run verify-receipt -- receipt.json [--jwks https://consent.example/.well-known/jwks.json | jwks.json]';

function stop(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    stop(`NOT VALID: the ${what} is not JSON.`);
  }
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    stop(`NOT VALID: cannot read the ${what} file ${file}.`);
  }
}

async function loadJwks(source: string): Promise<Jwks> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source).catch(() => stop(`Cannot fetch the JWKS from ${source}.`));
    if (!response.ok) stop(`Cannot fetch the JWKS from ${source}: ${response.status}.`);
    return parseJson(await response.text(), 'JWKS') as Jwks;
  }
  return parseJson(readText(source, 'JWKS'), 'JWKS') as Jwks;
}

let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: { jwks: { type: 'string' } } }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: { jwks: { type: 'string' } } });
} catch (error) {
  stop(`${(error as Error).message}\n${USAGE}`, 2);
}
const [file] = parsed.positionals;
if (!file) stop(USAGE, 2);

const download = parseJson(readText(file, 'receipt'), 'receipt file') as ReceiptResponse;
const jwks = await loadJwks(parsed.values.jwks ?? 'http://127.0.0.1:8787/.well-known/jwks.json');
const result = await verifyReceipt(download, jwks);
if (!result.valid) stop(`NOT VALID: ${result.reason}`);
const { receipt } = result;
try {
  console.log(`VALID: receipt ${receipt.receiptId} for ${receipt.site}, signed by key ${result.kid}`);
  console.log(
    `  ${receipt.event} (${receipt.method}) at ${receipt.decidedAt}, notice version ${receipt.noticeVersion}`,
  );
  console.log(
    `  choices: ${Object.entries(receipt.choices)
      .map(([category, on]) => `${category} ${on ? 'on' : 'off'}`)
      .join(', ')}`,
  );
} catch {
  // A signed receipt whose fields are not what this printer expects: it verified, say only that.
}
