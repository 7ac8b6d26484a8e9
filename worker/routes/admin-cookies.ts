import { Hono } from 'hono';
import { DiscoveredAttributionSchema, DiscoveredNameParamSchema } from '../../contract/discovery.js';
import { undeclaredCookies } from '../discovered.js';
import { fail } from '../errors.js';
import type { AdminEnv } from '../middleware/admin-auth.js';
import { knownSite } from '../middleware/known-site.js';
import { limitBody, valid, validJson } from '../middleware/validate.js';
import { appendAudit } from '../storage/audit.js';
import { attributeDiscovered, listDiscovered } from '../storage/discovered-cookies.js';
import { findCurrentNotice } from '../storage/notices.js';

const NO_COOKIE = { status: 404, code: 'cookie_not_found', message: 'No discovered cookie has that name.' } as const;

/** Mounted at /v1/admin/sites/:site/cookies: the Cookies view's undeclared cookies. */
export const adminCookies = new Hono<AdminEnv>()
  .use(knownSite)
  .get('/discovered', async (c) => {
    const site = c.get('site');
    const [notice, rows] = await Promise.all([
      findCurrentNotice(c.env.DB, site.id, new Date().toISOString()),
      listDiscovered(c.env.DB, site.id),
    ]);
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    c.header('Cache-Control', 'no-store');
    return c.json({ cookies: undeclaredCookies(rows, notice) });
  })
  .put(
    '/discovered/:name',
    valid('param', DiscoveredNameParamSchema, NO_COOKIE),
    limitBody(1024),
    ...validJson(DiscoveredAttributionSchema),
    async (c) => {
      const site = c.get('site');
      const { name } = c.req.valid('param');
      const { category } = c.req.valid('json');
      if (!(await attributeDiscovered(c.env.DB, site.id, name, category))) {
        fail(NO_COOKIE.status, NO_COOKIE.code, NO_COOKIE.message);
      }
      await appendAudit(c.env.DB, {
        at: new Date().toISOString(),
        actor: c.get('actor'),
        site: site.id,
        action: 'cookie.attribute',
        detail: { name, category },
      });
      return c.json({ name, attributed: category });
    },
  );
