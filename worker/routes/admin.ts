import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { SiteSettingsSchema, SiteSettingsUpdateSchema } from '../../contract/admin.js';
import { AuditQuerySchema, SiteParamSchema } from '../../contract/params.js';
import type { SiteSettings } from '../../contract/site.js';
import { fail } from '../errors.js';
import { requireGlobal, requireSite, siteScope, type AdminEnv } from '../middleware/admin-auth.js';
import { limitBody, valid, validJson } from '../middleware/validate.js';
import { appendAudit, listAudit } from '../storage/audit.js';
import { listNoticeHistory } from '../storage/notice-history.js';
import { findSite, listSites, saveSite } from '../storage/sites.js';
import { adminCookies } from './admin-cookies.js';
import { adminLedger } from './admin-ledger.js';
import { adminNotices } from './admin-notices.js';
import { adminRecords } from './admin-records.js';
import { adminTokens } from './admin-tokens.js';

const validSiteId = valid('param', SiteParamSchema, {
  code: 'invalid_site_id',
  message: 'A site id is lowercase letters, digits and hyphens, 2 to 63 characters.',
});

/**
 * Shortening how long receipts are kept removes evidence of what visitors agreed to sooner, so
 * only an admin of every site may do it. This runs before the body is validated, so that a
 * site admin's attempt is refused as what it is (403) even when the value is also invalid.
 * The defaults apply, so leaving the field out counts as asking for the default.
 */
const retentionGuard = createMiddleware<AdminEnv, string, { out: { param: v.InferOutput<typeof SiteParamSchema> } }>(
  async (c, next) => {
    if (c.get('admin').site !== null) {
      const existing = await findSite(c.env.DB, c.req.valid('param').site);
      let raw: unknown = null;
      try {
        raw = await c.req.json();
      } catch {
        // Not JSON: the validator answers that.
      }
      const proposed = v.safeParse(SiteSettingsSchema, raw);
      if (existing && proposed.success) {
        const { receiptRetentionDays } = existing.settings;
        if (proposed.output.receiptRetentionDays < receiptRetentionDays) {
          fail(
            403,
            'forbidden',
            `Only an admin of every site may shorten how long receipts are kept (now ${receiptRetentionDays} days).`,
          );
        }
      }
    }
    await next();
  },
);

/** Mounted at /v1/admin behind adminAuth. */
export const admin = new Hono<AdminEnv>()
  // A token for one site reaches that site only, whatever the route below.
  .use('/sites/:site', siteScope)
  .use('/sites/:site/*', siteScope)
  .get('/session', (c) => {
    const { actor, site, via } = c.get('admin');
    return c.json({ actor, site, via });
  })
  .get('/sites', async (c) => {
    const scope = c.get('admin').site;
    const sites = await listSites(c.env.DB);
    return c.json({ sites: scope === null ? sites : sites.filter((site) => site.id === scope) });
  })
  .get('/audit', valid('query', AuditQuerySchema), async (c) => {
    const scope = c.get('admin').site;
    const { site: requested, before } = c.req.valid('query');
    if (requested !== undefined) requireSite(c.get('admin'), requested);
    return c.json({
      entries: await listAudit(c.env.DB, {
        site: requested ?? scope,
        before,
        limit: 100,
      }),
    });
  })
  .get('/sites/:site', validSiteId, async (c) => {
    const id = c.req.valid('param').site;
    const site = await findSite(c.env.DB, id);
    if (!site) fail(404, 'site_not_found', `No site is registered as "${id}".`);
    const versions = await listNoticeHistory(c.env.DB, id, new Date().toISOString());
    return c.json({ site, versions });
  })
  .put(
    '/sites/:site',
    validSiteId,
    limitBody(64 * 1024),
    retentionGuard,
    ...validJson(SiteSettingsUpdateSchema),
    async (c) => {
      const id = c.req.valid('param').site;
      const existing = await findSite(c.env.DB, id);
      // Registering a new site is for an admin of every site; a site's own admin may only change it.
      if (!existing) requireGlobal(c.get('admin'));
      const settings = c.req.valid('json');
      const now = new Date().toISOString();
      const created = await saveSite(c.env.DB, id, settings, now);
      await appendAudit(c.env.DB, {
        at: now,
        actor: c.get('actor'),
        site: id,
        action: created ? 'site.create' : 'site.update',
        detail: existing ? { ...settingsChange(existing.settings, settings), settings } : settings,
      });
      return c.json({ site: await findSite(c.env.DB, id) }, created ? 201 : 200);
    },
  )
  .route('/sites/:site/notices', adminNotices)
  .route('/sites/:site/receipts', adminRecords)
  .route('/sites/:site/ledger', adminLedger)
  .route('/sites/:site/cookies', adminCookies)
  .route('/tokens', adminTokens);

/**
 * The top-level settings whose values differ, for the audit log's "what"; a retention change
 * also keeps the old value, since it decides when receipts are removed.
 */
function settingsChange(before: SiteSettings, after: SiteSettings) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof SiteSettings)[]);
  const changed = [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
  return before.receiptRetentionDays === after.receiptRetentionDays
    ? { changed }
    : { changed, receiptRetentionDays: { from: before.receiptRetentionDays, to: after.receiptRetentionDays } };
}
