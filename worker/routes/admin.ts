import { Hono } from 'hono';
import { PublishRequestSchema, SiteSettingsSchema } from '../../contract/admin.js';
import { SITE_ID_PATTERN, type SiteSettings } from '../../contract/site.js';
import { compileNotice } from '../../notices/compiler/index.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { jwksFor } from '../keys.js';
import { verifyLedger } from '../ledger-maintenance.js';
import { jsonBody, limitBody } from '../middleware/validate.js';
import { appendAudit, listAudit } from '../storage/audit.js';
import { findCurrentNotice, insertNotice, latestNoticeVersion } from '../storage/notices.js';
import { findSite, listSites, saveSite } from '../storage/sites.js';

function requireSiteId(id: string): string {
  if (!SITE_ID_PATTERN.test(id)) {
    fail(400, 'invalid_site_id', 'A site id is lowercase letters, digits and hyphens, 2 to 63 characters.');
  }
  return id;
}

/** Mounted at /v1/admin behind adminAuth. */
export const admin = new Hono<AppEnv>()
  .get('/sites', async (c) => c.json({ sites: await listSites(c.env.DB) }))
  .get('/audit', async (c) => c.json({ entries: await listAudit(c.env.DB) }))
  .get('/sites/:site/ledger/verify', async (c) => {
    const id = requireSiteId(c.req.param('site'));
    if (!(await findSite(c.env.DB, id))) fail(404, 'site_not_found', `No site is registered as "${id}".`);
    const result = await verifyLedger(c.env.DB, id, await jwksFor(c.env));
    await appendAudit(c.env.DB, {
      at: new Date().toISOString(),
      actor: c.get('actor'),
      site: id,
      action: 'ledger.verify',
      detail: { ok: result.ok, checked: result.checked, ...(result.ok ? {} : { brokenSeq: result.brokenSeq }) },
    });
    return c.json(result);
  })
  .put('/sites/:site', limitBody(64 * 1024), jsonBody(SiteSettingsSchema), async (c) => {
    const id = requireSiteId(c.req.param('site'));
    const settings = c.get('body') as SiteSettings;
    const now = new Date().toISOString();
    const created = await saveSite(c.env.DB, id, settings, now);
    await appendAudit(c.env.DB, {
      at: now,
      actor: c.get('actor'),
      site: id,
      action: created ? 'site.create' : 'site.update',
      detail: settings,
    });
    return c.json({ site: await findSite(c.env.DB, id) }, created ? 201 : 200);
  })
  .post('/sites/:site/notices', limitBody(512 * 1024), jsonBody(PublishRequestSchema), async (c) => {
    const id = requireSiteId(c.req.param('site'));
    const site = await findSite(c.env.DB, id);
    if (!site) fail(404, 'site_not_found', `No site is registered as "${id}".`);
    const body = c.get('body');
    const compiled = await compileNotice(body.source, `${id}.md`);
    if (!compiled.ok) {
      fail(
        422,
        'invalid_notice',
        'The notice has errors; nothing was published.',
        compiled.errors.map((error) => ({ path: `${error.file}:${error.line}`, message: error.message })),
      );
    }
    if (compiled.document.site !== id) {
      fail(422, 'invalid_notice', `The notice is for "${compiled.document.site}", not "${id}".`);
    }
    const now = new Date().toISOString();
    const latest = await latestNoticeVersion(c.env.DB, id);
    const expectedVersion = body.expectedVersion ?? latest;
    const current = await findCurrentNotice(c.env.DB, id, now);
    const effectiveAt = body.effectiveAt ? new Date(body.effectiveAt).toISOString() : now;
    const version = await insertNotice(c.env.DB, {
      site: id,
      expectedVersion,
      hash: compiled.hash,
      cookieRevision: compiled.cookieRevision,
      source: body.source,
      document: compiled.document,
      material: body.material ?? (current ? current.cookieRevision !== compiled.cookieRevision : true),
      effectiveAt: effectiveAt < now ? now : effectiveAt,
      publishedAt: now,
      publishedBy: c.get('actor'),
    });
    if (version === null) {
      fail(
        409,
        'version_conflict',
        `Version ${expectedVersion + 1} was published by someone else first. Reload and try again.`,
      );
    }
    await appendAudit(c.env.DB, {
      at: now,
      actor: c.get('actor'),
      site: id,
      action: 'notice.publish',
      detail: { version, hash: compiled.hash, effectiveAt },
    });
    return c.json(
      { site: id, version, hash: compiled.hash, cookieRevision: compiled.cookieRevision, warnings: compiled.warnings },
      201,
    );
  });
