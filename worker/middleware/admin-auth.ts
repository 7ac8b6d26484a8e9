import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../../contract/canonical.js';
import { accessSettings, verifyAccessJwt } from '../crypto/access-jwt.js';
import type { AppEnv, Bindings } from '../env.js';
import { fail } from '../errors.js';
import { limitedAttempt, signInClient, type Entry } from '../sign-in-limit.js';
import { findLiveSession, findLiveToken } from '../storage/tokens.js';

/** The admin side's own settings (CANDOUR_ADMIN_TOKEN_SHA256, CANDOUR_ACCESS_*, CANDOUR_CSRF_SECRET) are bindings too. */
export type AdminBindings = Bindings;

export interface AdminIdentity {
  /** Who, as the audit log names them. */
  actor: string;
  /** The one site this admin may manage, or null for every site. */
  site: string | null;
  via: 'token' | 'session' | 'access';
  /** The stored token signed in with, if any (not the global one). */
  tokenId: string | null;
  /** What state-changing requests must echo in X-CSRF-Token (null for bearer tokens). */
  csrf: string | null;
}

export interface AdminEnv {
  Bindings: AdminBindings;
  Variables: AppEnv['Variables'] & { admin: AdminIdentity };
}

const BEARER = /^Bearer ([\x21-\x7e]{16,200})$/;
export const SESSION_HOURS = 8;

export function sessionCookieName(url: string): string {
  // The __Host- prefix needs Secure, which a plain-http local Worker cannot set.
  return new URL(url).protocol === 'https:' ? '__Host-candour_admin' : 'candour_admin';
}

export function accessConfigured(env: AdminBindings): boolean {
  return accessSettings(env).state === 'on';
}

/**
 * Every admin request on a Worker with Access half set up answers 503: falling back to token
 * sign-in would open the door Access was meant to close.
 */
export const accessSetup = createMiddleware<AdminEnv>(async (c, next) => {
  const settings = accessSettings(c.env);
  if (settings.state === 'misconfigured') fail(503, 'access_misconfigured', settings.message);
  await next();
});

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export function csrfSecretSet(env: AdminBindings): boolean {
  return (env.CANDOUR_CSRF_SECRET ?? '').length >= 16;
}

export function requireCsrfSecret(env: AdminBindings): string {
  const secret = env.CANDOUR_CSRF_SECRET;
  if (!secret || !csrfSecretSet(env)) {
    fail(
      503,
      'csrf_secret_missing',
      'CANDOUR_CSRF_SECRET is not set on this Worker, so the admin page cannot sign anyone in. Set it (npm run deploy does), or use the admin API with a bearer token.',
    );
  }
  return secret;
}

/** A CSRF token bound to one session or Access subject: HMAC-SHA-256 under CANDOUR_CSRF_SECRET. */
export async function csrfFor(env: AdminBindings, binding: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(requireCsrfSecret(env)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`candour-admin-csrf\n${binding}`));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * identifyToken under the per-client limit on guesses; a locked-out client gets 429 with
 * Retry-After, whatever token it sends.
 */
export async function identifyTokenLimited(
  c: Context<AdminEnv>,
  token: string,
  entry: Entry,
): Promise<AdminIdentity | null> {
  const client = await signInClient(c.req.header('CF-Connecting-IP'));
  const attempt = await limitedAttempt(c.env.DB, { client, entry }, () => identifyToken(c.env, token));
  if (attempt.locked) {
    c.header('Retry-After', String(attempt.retryAfterSeconds));
    fail(429, 'too_many_attempts', 'Too many wrong admin tokens from your network. Wait, then try again.');
  }
  return attempt.result;
}

/** The identity a presented admin token stands for: the global one, or a live stored one. */
export async function identifyToken(env: AdminBindings, token: string): Promise<AdminIdentity | null> {
  if (!/^[\x21-\x7e]{16,200}$/.test(token)) return null;
  const digest = await sha256Hex(token);
  const globalDigest =
    env.CANDOUR_ADMIN_TOKEN_SHA256?.trim().toLowerCase() ||
    (env.CANDOUR_ADMIN_TOKEN ? await sha256Hex(env.CANDOUR_ADMIN_TOKEN) : undefined);
  if (globalDigest && constantTimeEqual(digest, globalDigest)) {
    return { actor: 'token:global', site: null, via: 'token', tokenId: null, csrf: null };
  }
  const stored = await findLiveToken(env.DB, digest);
  if (!stored) return null;
  return { actor: `token:${stored.label}`, site: stored.site, via: 'token', tokenId: stored.id, csrf: null };
}

/**
 * Who is calling, from (in this order) a Cloudflare Access assertion when Access is configured,
 * else a bearer token, else the admin page's session cookie. Null when none of them is valid.
 */
export async function identifyAdmin(c: Context<AdminEnv>): Promise<AdminIdentity | null> {
  const env = c.env;
  const access = accessSettings(env);
  if (access.state === 'misconfigured') fail(503, 'access_misconfigured', access.message);
  if (access.state === 'on') {
    const assertion = c.req.header('Cf-Access-Jwt-Assertion');
    const person = assertion ? await verifyAccessJwt(assertion, access.config) : null;
    if (!person) return null;
    return {
      actor: `access:${person.name}`,
      site: null,
      via: 'access',
      tokenId: null,
      csrf: await csrfFor(env, `access:${person.sub}`),
    };
  }
  const authorization = c.req.header('Authorization');
  if (authorization !== undefined) {
    // A forged Authorization header is a guess too, so it counts toward the limit; other schemes do not.
    if (!/^bearer\b/i.test(authorization)) return null;
    return identifyTokenLimited(c, BEARER.exec(authorization)?.[1] ?? '', 'bearer');
  }
  const sessionId = getCookie(c, sessionCookieName(c.req.url));
  if (!sessionId || !/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
  const session = await findLiveSession(env.DB, await sha256Hex(sessionId), new Date().toISOString());
  if (!session) return null;
  return {
    actor: session.actor,
    site: session.site,
    via: 'session',
    tokenId: session.tokenId,
    csrf: await csrfFor(env, `session:${sessionId}`),
  };
}

/** A browser request from this Worker's own pages: its Origin (or, lacking one, Sec-Fetch-Site) says so. */
export function isSameOrigin(c: Context): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  return c.req.header('Sec-Fetch-Site') === 'same-origin';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication for /v1/admin. Every failure is the same 401, so nothing is learnt from it.
 * Requests that ride on ambient credentials (the page's cookie, Access's cookie) must also be
 * same-origin and carry the CSRF token when they change anything.
 */
export const adminAuth = createMiddleware<AdminEnv>(async (c, next) => {
  const identity = await identifyAdmin(c);
  if (!identity) {
    c.header('WWW-Authenticate', 'Bearer realm="candour-admin"');
    fail(401, 'unauthorised', 'Sign in with a valid admin token.');
  }
  if (identity.csrf !== null && !SAFE_METHODS.has(c.req.method)) {
    const presented = c.req.header('X-CSRF-Token') ?? '';
    if (!isSameOrigin(c) || !constantTimeEqual(presented, identity.csrf)) {
      fail(403, 'csrf_refused', 'This request did not come from the admin page. Reload the page and try again.');
    }
  }
  c.set('admin', identity);
  c.set('actor', identity.actor);
  c.header('Cache-Control', 'no-store');
  await next();
});

/** Refuses an admin whose token is for another site. */
export function requireSite(admin: AdminIdentity, site: string): void {
  if (admin.site !== null && admin.site !== site) fail(403, 'forbidden', 'Your sign-in is for another site.');
}

/** A token for one site reaches that site only, whatever the route below `/sites/:site`. */
export const siteScope = createMiddleware<AdminEnv>(async (c, next) => {
  requireSite(c.get('admin'), c.req.param('site') ?? '');
  await next();
});

/** Refuses an admin whose token is for one site only. */
export function requireGlobal(admin: AdminIdentity): void {
  if (admin.site !== null) fail(403, 'forbidden', 'Only an admin for every site can do this.');
}
