import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { SiteIdSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { findSite, findSiteState, type SiteRow, type SiteState } from '../storage/sites.js';

/**
 * The registered site named by `:site`. A malformed id answers exactly as an unregistered one
 * (404), and never reaches the database.
 */
export async function requireKnownSite(c: Context<AppEnv>): Promise<SiteRow> {
  const id = c.req.param('site') ?? '';
  const site = v.is(SiteIdSchema, id) ? await findSite(c.env.DB, id) : null;
  if (!site) fail(404, 'site_not_found', `No site is registered as "${id}".`);
  return site;
}

/**
 * The registered site named by `:site` with the notice version in force now, in one query (the
 * public routes' caches are keyed by both). Malformed and unregistered ids answer alike.
 */
export async function requireKnownSiteState(c: Context<AppEnv>): Promise<SiteState> {
  const id = c.req.param('site') ?? '';
  const state = v.is(SiteIdSchema, id) ? await findSiteState(c.env.DB, id, new Date().toISOString()) : null;
  if (!state) fail(404, 'site_not_found', `No site is registered as "${id}".`);
  return state;
}

/** Puts the registered site named by `:site` in `c.var.site`, or answers 404. */
export const knownSite = createMiddleware<AppEnv>(async (c, next) => {
  c.set('site', await requireKnownSite(c));
  await next();
});
