/**
 * `npm run verify -- --site ID [--url http://127.0.0.1:8787]`: walks the site's receipt chain
 * through the admin API and names the first broken sequence number. Exit 1 when broken.
 * The token is CANDOUR_ADMIN_TOKEN from the environment, else from .dev.vars.
 */
import { parseArgs } from 'node:util';
// @ts-expect-error plain ESM script without types
import { readDevVars } from './dev-vars.mjs';

const { values } = parseArgs({
  options: { site: { type: 'string' }, url: { type: 'string', default: 'http://127.0.0.1:8787' } },
});
if (!values.site) {
  console.error('usage: npm run verify -- --site harmony-minds [--url https://consent.example]');
  process.exit(2);
}
const token = process.env.CANDOUR_ADMIN_TOKEN ?? (readDevVars() as Record<string, string>).CANDOUR_ADMIN_TOKEN;
const response = await fetch(`${values.url}/v1/admin/sites/${values.site}/ledger/verify`, {
  headers: { Authorization: `Bearer ${token}` },
});
const result = (await response.json()) as
  | { ok: true; checked: number; lastSeq: number; from: { seq: number; checkpoint: boolean } }
  | { ok: false; checked: number; brokenSeq: number; reason: string }
  | { error: { message: string } };
if ('error' in result) {
  console.error(`${response.status}: ${result.error.message}`);
  process.exit(2);
}
if (result.ok) {
  const from = result.from.checkpoint ? `from the signed checkpoint at ${result.from.seq}` : 'from the beginning';
  console.log(
    `OK: ${values.site}'s ledger verifies ${from}, ${result.checked} receipts through sequence ${result.lastSeq}.`,
  );
} else {
  console.error(
    `BROKEN at sequence ${result.brokenSeq}: ${result.reason} (${result.checked} receipts verified before it).`,
  );
  process.exit(1);
}
