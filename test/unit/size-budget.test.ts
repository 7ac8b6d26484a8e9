/**
 * Size budgets over the built widget (dist/public, which `npm test` builds first), measured as
 * the bench measures them (bench/size.ts: each file gzipped on its own at level 9). Sizes are
 * stable, so they belong here; timings stay in `npm run bench`.
 *
 * The recommended tag is the site-specific `/v1/sites/:site/embed.js`, so both budgets count the
 * script as the Worker sends it for each seeded site: the gate's share of that site's config
 * (built by the Worker's own functions from the seeded notice, on a local Worker's origin, as the
 * bench's Worker has it) ahead of the site build of embed.js.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { candourFiles, DIST, measure, measureSizes, SITE_EMBED } from '../../bench/size.js';
import { SiteSettingsSchema } from '../../contract/admin.js';
import type { NoticeVersion } from '../../contract/notice.js';
import { embedConfig, siteEmbedScript } from '../../contract/site.js';
import { compileNotice } from '../../notices/compiler/index.js';
import { buildSiteConfig } from '../../contract/site-config.js';

const KB = 1024;
const sizes = measureSizes();
const files = candourFiles();
const lit = /lit-element|lit-html|reactive-element|lit\.dev/;
/** Issue #11's goal, met. */
const FIRST_VISIT_BUDGET = 12 * KB;
/**
 * Issue #11's goal is 3 KB, not met: this is the ceiling reached, so nothing grows again. Of the
 * largest seeded site's script, about 720 B gzip is automatic blocking (its code and the
 * catalogue's hosts in the config), which must be in the first script to hold those hosts back
 * before the parser reaches them.
 */
const RETURNING_BUDGET = 3.75 * KB;
/** The five seeded organisations (CONTRACT.md), as `npm start` registers them. */
const SEEDED = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'];
const LOCAL_WORKER = 'http://127.0.0.1:8787';

/** `GET /v1/sites/SITE/embed.js` as the Worker answers it (worker/routes/site-embed.ts) for a seeded site. */
async function seededSiteScript(site: string): Promise<string> {
  const file = `notices/${site}.md`;
  const compiled = await compileNotice(readFileSync(file, 'utf8'), file);
  if (!compiled.ok) throw new Error(`${file} does not compile`);
  // What scripts/seed.mjs registers.
  const settings = v.parse(SiteSettingsSchema, {
    organisation: { name: compiled.document.organisation },
    allowedOrigins: [LOCAL_WORKER],
    privacyUrl: `${LOCAL_WORKER}/demo/${site}/privacy`,
  });
  const notice: NoticeVersion = {
    site,
    version: 1,
    hash: compiled.hash,
    cookieRevision: compiled.cookieRevision,
    effectiveAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-01T00:00:00.000Z',
    material: true,
    document: compiled.document,
  };
  const row = { id: site, settings, createdAt: notice.publishedAt, updatedAt: notice.publishedAt };
  return siteEmbedScript(
    embedConfig(buildSiteConfig(row, notice, LOCAL_WORKER)),
    readFileSync(`${DIST}/${SITE_EMBED}`, 'utf8'),
  );
}

const scripts = new Map<string, number>();
beforeAll(async () => {
  for (const site of SEEDED)
    scripts.set(site, measure(site, new TextEncoder().encode(await seededSiteScript(site))).gzip);
});
const largest = () => Math.max(...scripts.values());

describe('size budgets (gzip)', () => {
  // The session's module and its static imports (no Lit), fetched beside the site's script: the
  // banner paints from the same files Accept needs, so the first paint has no budget of its own.
  it(`fetches at most ${FIRST_VISIT_BUDGET / KB} KB before the first click with the site's own tag, config inside, and no Lit`, () => {
    expect(files.firstVisit).toEqual(files.firstPaint);
    const core = sizes.candour.core.gzip;
    for (const [site, script] of scripts) expect(script + core, site).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
    for (const file of files.core) expect(readFileSync(`${DIST}/${file}`, 'utf8')).not.toMatch(lit);
  });

  // What a returning visitor with a valid decision fetches on a page it does not interact with:
  // the site's script alone (test/e2e/site-embed.test.ts checks the network log, and that it
  // releases the gated scripts in the task it reads the decision).
  it(`loads the site's script alone for a returning visitor with a valid decision, within ${RETURNING_BUDGET / KB} KB with its config (goal: 3 KB), and no Lit`, () => {
    expect(files.returning).toEqual([SITE_EMBED]);
    for (const [site, script] of scripts) expect(script, site).toBeLessThanOrEqual(RETURNING_BUDGET);
    expect(readFileSync(`${DIST}/${SITE_EMBED}`, 'utf8')).not.toMatch(lit);
    expect(largest()).toBeGreaterThan(sizes.candour.returning.gzip); // the config is counted
  });
});
