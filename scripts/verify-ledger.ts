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
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { LedgerCheck } from '../contract/ledger.js';
import { verifyExport, verifyExportRows } from '../worker/crypto/verify-export.js';
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

/**
 * The Worker writes an export a row per line (the header, then a `{row},` line per row, then
 * `]}`): such a file is checked a line at a time, so a long ledger never sits in memory. Any
 * other JSON layout (a file someone re-saved) is read whole.
 */
async function checkExportFile(file: string, jwks: unknown, savedHead: unknown) {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next().catch(() => stop(`Cannot read the export file ${file}.`));
  const opening = first.done ? '' : first.value;
  if (!opening.startsWith('{"format":"candour-ledger-export"') || !opening.endsWith(',"receipts":[')) {
    await lines.return?.();
    return verifyExport(readJson(file, 'export'), jwks, savedHead);
  }
  let header: unknown;
  try {
    header = JSON.parse(`${opening.slice(0, -',"receipts":['.length)}}`);
  } catch {
    stop(`NOT CHECKED: the first line of ${file} is not an export header.`, 1);
  }
  let lineNumber = 1;
  async function* rows(): AsyncGenerator<unknown> {
    for (;;) {
      const { value, done } = await lines.next();
      lineNumber += 1;
      if (done) throw new Error(`the export ${file} ends without its closing "]}" (cut short?)`);
      if (value === ']}') return;
      try {
        // A row's separating comma ends its line; one at the start is read too.
        yield JSON.parse(value.replace(/^,|,$/g, '')) as unknown;
      } catch {
        throw new Error(`line ${lineNumber} of the export ${file} is not a JSON row`);
      }
    }
  }
  return verifyExportRows(header, rows(), jwks, savedHead);
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
  const jwks = readJson(values.jwks, 'JWKS');
  let result: Awaited<ReturnType<typeof verifyExport>>;
  try {
    result = await checkExportFile(values.export, jwks, head);
  } catch (error) {
    stop(`NOT CHECKED: ${(error as Error).message}`, 1);
  }
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
