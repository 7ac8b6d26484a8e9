import { Hono } from 'hono';
import { SectionParamSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { valid } from '../middleware/validate.js';
import { discoveredForConfig } from '../discovered.js';
import { cachedRepresentation, CURRENT, currentNotice, digested, respond, siteKey } from '../public-cache.js';
import { buildSiteConfig } from '../../contract/site-config.js';
import { listDiscovered } from '../storage/discovered-cookies.js';
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
    const state = c.get('siteState');
    const origin = new URL(c.req.url).origin;
    const config = await cachedRepresentation(siteKey('config', state, origin, state.discoveredRevision), async () => {
      const [notice, discovered] = await Promise.all([
        currentNotice(c.env.DB, state),
        listDiscovered(c.env.DB, state.site.id),
      ]);
      const built = buildSiteConfig(state.site, notice, origin, discoveredForConfig(discovered, notice));
      return digested(JSON.stringify(built), 'application/json');
    });
    // Short-lived: a new notice version reaches returning visitors within a minute.
    return respond(c, config, CURRENT);
  });
