/**
 * Checks a site's ledger and names the first broken sequence number. Exit 0 when it verifies,
 * 1 when it does not, 2 when it could not be checked (usage, files, network).
 *
 *   npm run verify -- --site ID [--url http://127.0.0.1:8787] [--head FILE]
 *     asks the Worker (admin API; CANDOUR_ADMIN_TOKEN from the environment, else .dev.vars).
 *   npm run verify -- --export FILE --jwks FILE [--head FILE]
 *     checks a ledger export offline, with nothing but the public keys.
 *
 * FILE for --head is a saved `GET /v1/sites/:site/ledger/head` answer: the ledger must still
 * contain it, which catches a cut tail or a history rewritten with every later hash recomputed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LedgerCheck } from '../contract/ledger.js';
import { verifyExport } from '../worker/crypto/verify-export.js';
// @ts-expect-error plain ESM script without types
import { readDevVars } from './dev-vars.mjs';

const USAGE = [
  'usage: npm run verify -- --site harmony-minds [--url https://consent.example] [--head head.json]',
  '       npm run verify -- --export ledger.json --jwks jwks.json [--head head.json]',
].join('\n');

/** Stops with a one-line message: never a stack trace. */
function stop(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    stop(`Cannot read the ${what} file ${file}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    stop(`The ${what} file ${file} is not JSON.`);
  }
}

function report(site: string, result: LedgerCheck): never {
  if (result.ok) {
    const from = result.from.checkpoint ? `from the signed checkpoint at ${result.from.seq}` : 'from the beginning';
    const head = result.head
      ? ` It contains the saved head at sequence ${result.head.seq}${result.head.contained && result.head.by === 'sealed' ? ' (sealed by retention; its hash can no longer be compared)' : ''}.`
      : '';
    console.log(
      `OK: ${site}'s ledger verifies ${from}, ${result.checked} receipts through sequence ${result.lastSeq}.${head}`,
    );
    process.exit(0);
  }
  console.error(
    `BROKEN at sequence ${result.brokenSeq}: ${result.reason} (${result.checked} receipts verified before it).`,
  );
  process.exit(1);
}

let values: { site?: string; url?: string; head?: string; export?: string; jwks?: string };
try {
  ({ values } = parseArgs({
    options: {
      site: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:8787' },
      head: { type: 'string' },
      export: { type: 'string' },
      jwks: { type: 'string' },
    },
  }));
} catch (error) {
  stop(`${(error as Error).message}\n${USAGE}`);
}
const head = values.head === undefined ? undefined : readJson(values.head, 'head');

if (values.export !== undefined) {
  if (values.jwks === undefined) stop(`--export needs --jwks, the public keys to check it with.\n${USAGE}`);
  const data = readJson(values.export, 'export');
  const result = await verifyExport(data, readJson(values.jwks, 'JWKS'), head);
  if ('unusable' in result) stop(`NOT CHECKED: ${result.unusable}`, 1);
  report(result.site, result);
}

if (!values.site) stop(USAGE);
const token = process.env.CANDOUR_ADMIN_TOKEN ?? (readDevVars() as Record<string, string>).CANDOUR_ADMIN_TOKEN;
let response: Response;
try {
  response = await fetch(`${values.url}/v1/admin/sites/${encodeURIComponent(values.site)}/ledger/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(head ?? {}),
  });
} catch {
  stop(`Cannot reach the Worker at ${values.url}.`);
}
const result = (await response.json().catch(() => null)) as LedgerCheck | { error: { message: string } } | null;
if (!result) stop(`${response.status}: the Worker did not answer with JSON.`);
if ('error' in result) stop(`${response.status}: ${result.error.message}`, response.status === 400 && head ? 1 : 2);
report(values.site, result);
