import { Hono } from 'hono';
import { SectionParamSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { valid } from '../middleware/validate.js';
import { discoveredForConfig } from '../discovered.js';
import { buildSiteConfig } from '../site-config.js';
import { listDiscovered } from '../storage/discovered-cookies.js';
import { findCurrentNotice } from '../storage/notices.js';
import { noticeSection } from './notice-section.js';
import { siteEmbed } from './site-embed.js';

/** Mounted at /v1/sites/:site behind siteAccess. */
export const sites = new Hono<AppEnv>()
  .get('/embed.js', siteEmbed)
  .get(
    '/notices/current/sections/:section',
    valid('param', SectionParamSchema, { status: 404, code: 'section_not_found' }),
    (c) => noticeSection(c, c.req.valid('param').section),
  )
  .get('/config', async (c) => {
    const site = c.get('site');
    const [notice, discovered] = await Promise.all([
      findCurrentNotice(c.env.DB, site.id, new Date().toISOString()),
      listDiscovered(c.env.DB, site.id),
    ]);
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    // Short-lived: a new notice version reaches returning visitors within a minute.
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
    return c.json(buildSiteConfig(site, notice, new URL(c.req.url).origin, discoveredForConfig(discovered, notice)));
  });
