/**
 * `npm run publish -- notices/<site>.md [--url URL] [--at ISO-TIME] [--material | --editorial] [--reason TEXT] [--yes] [--check]`
 *
 * Publishes a notice from a terminal, the way the admin page does: the Worker checks the file
 * (problems are listed with their line numbers and nothing is published), the changes since the
 * newest version are shown section by section, and after a confirmation the new version is
 * published, now or from `--at`. `--check` stops after the diff. When the ICO checklist finds
 * items missing from the notice, `--reason` must say why it is published anyway (audit log).
 *
 * The Worker is `--url`, else CANDOUR_URL, else the local one (http://127.0.0.1:8787). The token
 * is CANDOUR_ADMIN_TOKEN from the environment, else (for a local Worker) from .dev.vars. Behind
 * Cloudflare Access, set CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET to a service token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { PublishPreview } from '../contract/admin.js';
import type { NoticeDiff } from '../contract/notice.js';
import { missingItems } from '../contract/notice-checklist.js';

const USAGE =
  'usage: npm run publish -- notices/<site>.md [--url https://consent.example] [--at 2026-09-01T09:00:00Z] [--material | --editorial] [--reason TEXT] [--yes] [--check]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    at: { type: 'string' },
    material: { type: 'boolean', default: false },
    editorial: { type: 'boolean', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
    check: { type: 'boolean', default: false },
    reason: { type: 'string' },
    site: { type: 'string' },
  },
});

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const green = (text: string) => paint(32, text);
const red = (text: string) => paint(31, text);
const bold = (text: string) => paint(1, text);

function stop(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function localToken(): string | undefined {
  if (!existsSync('.dev.vars')) return undefined;
  return /^CANDOUR_ADMIN_TOKEN=(.+)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]?.trim();
}

const file = positionals[0];
if (!file || positionals.length > 1 || (values.material && values.editorial)) stop(USAGE, 2);
if (!existsSync(file)) stop(`${file}: no such file`, 2);
const source = readFileSync(file, 'utf8');
const site = values.site ?? /^site:\s*([a-z0-9-]+)\s*$/m.exec(source)?.[1];
if (!site) stop(`${file}: no "site:" line in the front matter; add one or pass --site`, 2);
const base = (values.url ?? process.env.CANDOUR_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const local = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(base);
const token = process.env.CANDOUR_ADMIN_TOKEN ?? (local ? localToken() : undefined);
const access =
  process.env.CF_ACCESS_CLIENT_ID && process.env.CF_ACCESS_CLIENT_SECRET
    ? {
        'CF-Access-Client-Id': process.env.CF_ACCESS_CLIENT_ID,
        'CF-Access-Client-Secret': process.env.CF_ACCESS_CLIENT_SECRET,
      }
    : undefined;
if (!token && !access)
  stop(
    'No admin token: set CANDOUR_ADMIN_TOKEN (or, behind Cloudflare Access, CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET).',
    2,
  );
let effectiveAt: string | undefined;
if (values.at) {
  const at = new Date(values.at);
  if (Number.isNaN(at.getTime())) stop(`--at ${values.at}: not a date and time (e.g. 2026-09-01T09:00:00Z)`, 2);
  effectiveAt = at.toISOString();
}

async function call<T>(method: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(`${base}/v1/admin/sites/${site}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(token && !access ? { Authorization: `Bearer ${token}` } : {}),
        ...access,
      },
      body: JSON.stringify(body),
    });
  } catch {
    return stop(`Could not reach the Worker at ${base}. Is it running (npm start)?`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return stop(`${response.status} from ${base}: not a JSON answer (is --url the Worker?)`);
  }
  if (response.status === 401) stop('The Worker did not accept the admin token.');
  return { status: response.status, body: parsed as T };
}

function printDiff(diff: NoticeDiff): void {
  for (const name of diff.cookies.added) console.log(`  ${green('+ cookie')} ${name}`);
  for (const name of diff.cookies.removed) console.log(`  ${red('- cookie')} ${name}`);
  for (const name of diff.cookies.changed) console.log(`  ${bold('~ cookie')} ${name}`);
  for (const section of diff.sections) {
    if (section.change === 'added') console.log(`  ${green('+ section')} ${section.title}`);
    else if (section.change === 'removed') console.log(`  ${red('- section')} ${section.title}`);
    else {
      console.log(`  ${bold('~ section')} ${section.title}`);
      const text = section.marks
        .map((mark) =>
          mark.op === 'ins'
            ? green(`[+${mark.text}+]`)
            : mark.op === 'del'
              ? red(`[-${mark.text}-]`)
              : mark.text.split(' ').length > 16
                ? `${mark.text.split(' ').slice(0, 6).join(' ')} … ${mark.text.split(' ').slice(-6).join(' ')}`
                : mark.text,
        )
        .join(' ');
      console.log(`      ${text.replace(/\n/g, '\n      ')}`);
    }
  }
  if (
    diff.sections.length + diff.cookies.added.length + diff.cookies.removed.length + diff.cookies.changed.length ===
    0
  ) {
    console.log('  (the text is the same)');
  }
}

console.log(`Checking ${file} for ${site} on ${base} …`);
const { status: checkStatus, body: preview } = await call<PublishPreview | { error: { message: string } }>(
  'POST',
  '/notices/preview',
  { source },
);
if ('error' in preview) stop(`${checkStatus}: ${preview.error.message}`);
for (const warning of preview.warnings) console.log(`${file}:${warning.line}: warning: ${warning.message}`);
if (!preview.ok) {
  for (const error of preview.errors) console.error(`${file}:${error.line}: ${red('error')}: ${error.message}`);
  stop(`${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'}; nothing was published.`);
}
const next = (preview.base?.version ?? 0) + 1;
if (!preview.base) console.log(`This will be ${site}'s first notice.`);
else {
  if (preview.unchanged) {
    console.log(`Nothing changed since version ${preview.base.version}; nothing to publish.`);
    process.exit(0);
  }
  const state = preview.base.state === 'scheduled' ? `scheduled from ${preview.base.effectiveAt}` : 'in force';
  console.log(`\nChanges since version ${preview.base.version} (${state}):`);
  printDiff(preview.diff!);
}
if (values.editorial && preview.consentChanged) {
  stop('\nThe categories, services, cookies or purposes changed: this is a material change, not an editorial one.');
}
const material = values.material || (!values.editorial && preview.suggestedMaterial) || !preview.base;
console.log(
  `\n${bold(material ? 'Material change' : 'Editorial change')}: ${
    material ? 'returning visitors will be asked again.' : 'nobody is asked again.'
  }${!values.material && !values.editorial && preview.base ? ' (suggested; --material or --editorial to choose)' : ''}`,
);
if (values.check) process.exit(0);

const when = effectiveAt ? `from ${effectiveAt}` : 'now';
if (!values.yes) {
  if (!process.stdin.isTTY)
    stop(`Not publishing without a confirmation: run it again with --yes to publish version ${next} ${when}.`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`Publish version ${next} of ${site}'s notice ${when}? [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) stop('Nothing was published.', 1);
}

const missing = missingItems(preview.document);
if (missing.length > 0 && !values.reason?.trim()) {
  console.error(`\nThe ICO checklist finds ${missing.length} item${missing.length === 1 ? '' : 's'} missing:`);
  for (const item of missing) console.error(`  - ${item.label} (${item.detail})`);
  stop('Publishing anyway needs a reason, kept in the audit log: add --reason "why". Nothing was published.');
}

const { status, body } = await call<
  | { version: number; effectiveAt: string; material: boolean }
  | { error: { code: string; message: string; issues?: { path: string; message: string }[] } }
>('POST', '/notices', {
  source,
  expectedVersion: preview.base?.version ?? 0,
  material,
  ...(values.reason === undefined ? {} : { reason: values.reason }),
  ...(effectiveAt ? { effectiveAt } : {}),
});
if ('error' in body) {
  for (const issue of body.error.issues ?? []) console.error(`${issue.path}: ${issue.message}`);
  stop(`${status}: ${body.error.message}`);
}
console.log(
  green(
    `Published version ${body.version} of ${site}'s notice, ${body.material ? 'material' : 'editorial'}, in force ${
      body.effectiveAt > new Date().toISOString() ? `from ${body.effectiveAt}` : 'now'
    }.`,
  ),
);
