import { Hono } from 'hono';
import {
  DISCOVERY_BODY_LIMIT,
  DISCOVERY_SITE_MAX,
  DiscoveryReportSchema,
  type DiscoveryResponse,
} from '../../contract/discovery.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { limitBody, validJson } from '../middleware/validate.js';
import { categoriesUsed } from '../../contract/site-config.js';
import { forgetSiteState } from '../middleware/known-site.js';
import { recordDiscovered } from '../storage/discovered-cookies.js';
import { findCurrentNotice } from '../storage/notices.js';

/**
 * Mounted at /v1/sites/:site/cookies behind siteAccess: the widget's reports of cookie names that
 * the site's notice does not declare. Same origin rule, error shape and per-source limit as
 * receipts; the body holds names and granted categories, nothing about the visitor.
 */
export const discovery = new Hono<AppEnv>().post(
  '/discovered',
  (c, next) => {
    // Browsers send Origin on every POST, keep-alive ones included; siteAccess has checked it.
    if (c.req.header('Origin') === undefined) {
      fail(403, 'origin_required', 'A cookie report must come from a page on a registered origin.');
    }
    return next();
  },
  limitBody(DISCOVERY_BODY_LIMIT),
  ...validJson(DiscoveryReportSchema),
  async (c, next) => {
    const source = c.req.header('CF-Connecting-IP') ?? 'local';
    const limiter = c.env.RECEIPT_LIMITER;
    if (limiter && !(await limiter.limit({ key: `discovery:${c.get('site').id}:${source}` })).success) {
      c.header('Retry-After', '60');
      fail(429, 'rate_limited', 'Too many cookie reports from this source. Try again in a minute.');
    }
    await next();
  },
  async (c) => {
    const site = c.get('site');
    const report = c.req.valid('json');
    const notice = await findCurrentNotice(c.env.DB, site.id, new Date().toISOString());
    if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
    const offered = categoriesUsed(notice);
    const refused = report.granted.filter((category) => !offered.includes(category));
    if (refused.length > 0) {
      fail(
        400,
        'unknown_category',
        `The site "${site.id}" does not use ${refused.join(', ')} cookies, so they cannot have been granted.`,
        refused.map((category) => ({
          path: `granted.${report.granted.indexOf(category)}`,
          message: 'category not offered by this site',
        })),
      );
    }
    const counted = await recordDiscovered(c.env.DB, site.id, report, new Date().toISOString(), DISCOVERY_SITE_MAX);
    // A new name can change the site config's `discovered` list: this isolate's next read sees it.
    forgetSiteState(site.id);
    const response: DiscoveryResponse = counted;
    c.header('Cache-Control', 'no-store');
    return c.json(response, 202);
  },
);
