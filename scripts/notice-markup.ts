/**
 * `npm run notice-markup -- --site ID [--url URL] [--lang cy] [--heading-level 1] [--version N]`
 *
 * Prints the site's notice as server-rendered `<candour-notice>` markup (Lit SSR, declarative
 * shadow DOM, with a plain fallback and the notice's JSON inside), to paste into a page or to
 * save where a CMS serves it. Readable before, and without, JavaScript; with the embed script on
 * the page the element takes the markup over without fetching the notice again. Run it again
 * after every publish. See docs/webmasters.md.
 *
 * The Worker is `--url`, else CANDOUR_URL, else the local one (http://127.0.0.1:8787).
 */
import { parseArgs } from 'node:util';
import type { NoticeVersion } from '../contract/notice.js';
import { noticeMarkup } from '../widget/notice-markup.js';

const USAGE =
  'usage: npm run notice-markup -- --site harmony-minds [--url https://consent.example] [--lang cy] [--heading-level 1] [--version 3]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    url: { type: 'string' },
    lang: { type: 'string' },
    'heading-level': { type: 'string' },
    version: { type: 'string' },
  },
});

const site = values.site ?? fail('--site is required');
if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(site)) fail(`not a site id: ${JSON.stringify(site)}`);
if (values.lang !== undefined && !/^(en|en-GB|cy)$/.test(values.lang)) fail('--lang is en or cy');
const level = values['heading-level'] === undefined ? 2 : Number(values['heading-level']);
if (!Number.isInteger(level) || level < 1 || level > 5) fail('--heading-level is 1 to 5');
const version = values.version ?? 'current';
if (!/^(current|[1-9][0-9]{0,8})$/.test(version)) fail('--version is a version number');
let base: URL;
try {
  base = new URL(values.url ?? process.env.CANDOUR_URL ?? 'http://127.0.0.1:8787');
} catch {
  fail('--url is not a URL');
}
if (!/^https?:$/.test(base.protocol)) fail('--url must be http(s)');

const response = await fetch(new URL(`/v1/sites/${site}/notices/${version}`, base));
if (!response.ok) fail(`the Worker answered ${response.status} for ${site}'s notice: ${await response.text()}`);
const notice = (await response.json()) as NoticeVersion;
process.stdout.write(`${await noticeMarkup(notice, { lang: values.lang, headingLevel: level })}\n`);
