import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { SiteIdSchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { BoundedCache } from '../public-cache.js';
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
 * How long an isolate trusts a site state it read for public GETs. A publish or settings change
 * made through this isolate forgets every state at once (forgetSiteStates); one made through
 * another isolate is seen within this time, far inside the 60 s the answers' own Cache-Control
 * already lets browsers and caches keep them. A scheduled version's effective time ends the
 * state's life exactly.
 */
export const SITE_STATE_TTL_MS = 1000;

const siteStates = new BoundedCache<{ state: SiteState; until: number }>(1024);

/** After any admin write in this isolate: every site state is read afresh. */
export const forgetSiteStates = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') siteStates.clear();
});

/** After a public write that changes what a site's answers are built from (a reported cookie). */
export function forgetSiteState(id: string): void {
  siteStates.delete(id);
}

/**
 * The registered site named by `:site` with the notice version in force now, in one query (the
 * public routes' caches are keyed by both). Malformed and unregistered ids answer alike.
 * `recent` accepts a state this isolate read within SITE_STATE_TTL_MS (public reads); writes
 * always read it afresh.
 */
export async function requireKnownSiteState(c: Context<AppEnv>, recent: boolean): Promise<SiteState> {
  const id = c.req.param('site') ?? '';
  const now = Date.now();
  const kept = recent ? siteStates.get(id) : undefined;
  if (kept && kept.until > now) return kept.state;
  const state = v.is(SiteIdSchema, id) ? await findSiteState(c.env.DB, id, new Date(now).toISOString()) : null;
  if (!state) fail(404, 'site_not_found', `No site is registered as "${id}".`);
  const changes = state.nextEffectiveAt === null ? Infinity : Date.parse(state.nextEffectiveAt);
  siteStates.set(id, { state, until: Math.min(now + SITE_STATE_TTL_MS, changes) });
  return state;
}

/** Puts the registered site named by `:site` in `c.var.site`, or answers 404. */
export const knownSite = createMiddleware<AppEnv>(async (c, next) => {
  c.set('site', await requireKnownSite(c));
  await next();
});
