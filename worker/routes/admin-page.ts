import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256Hex } from '../../contract/canonical.js';
import { AdminAssetParamSchema } from '../../contract/params.js';
import { base64url } from 'jose';
import { fail } from '../errors.js';
import {
  accessConfigured,
  csrfSecretSet,
  identifyAdmin,
  identifyToken,
  isSameOrigin,
  SESSION_HOURS,
  sessionCookieName,
  type AdminEnv,
} from '../middleware/admin-auth.js';
import { limitBody, valid } from '../middleware/validate.js';
import { renderAccessRefused, renderAdminShell, renderSignIn } from '../pages/admin.js';
import { limitedAttempt, signInClient } from '../sign-in-limit.js';
import { appendAudit } from '../storage/audit.js';
import { deleteSession, insertSession } from '../storage/tokens.js';

const CSRF_SECRET_MISSING =
  'This Worker has no CANDOUR_CSRF_SECRET, so the admin page cannot sign anyone in. Ask whoever deployed it to set one (npm run deploy does).';

/** The sign-in form's CSRF token lives in this cookie too (double submit). */
const SIGN_IN_COOKIE = 'candour_admin_signin';

function randomId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** The admin pages' CSP is the one every page gets (middleware/page-security.ts): our own files only. */
function pageHeaders(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
}

function signInPage(c: Context<AdminEnv>, status: 200 | 401 | 403 | 429 | 503, error?: string) {
  const csrf = randomId();
  setCookie(c, SIGN_IN_COOKIE, csrf, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    maxAge: 3600,
  });
  pageHeaders(c);
  return c.html(renderSignIn({ csrf, error }), status);
}

async function formFields(c: Context<AdminEnv>): Promise<Record<string, string>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}

/** Mounted at /admin: the admin page, its sign-in and sign-out forms, and its files. */
export const adminPage = new Hono<AdminEnv>()
  .get(
    '/assets/:file{[A-Za-z0-9_.-]+}',
    valid('param', AdminAssetParamSchema, { status: 404, code: 'not_found', message: 'There is no admin file there.' }),
    async (c) => {
      const url = new URL(c.req.url);
      const response = await c.env.ASSETS.fetch(new Request(url, { headers: c.req.raw.headers }));
      if (response.status === 404) fail(404, 'not_found', `No admin file at ${url.pathname}.`);
      const headers = new Headers(response.headers);
      // Fixed names: revalidated on every load, so a new build is picked up at once.
      headers.set('Cache-Control', 'no-cache');
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    },
  )
  .get('/', async (c) => {
    const identity = await identifyAdmin(c);
    if (!identity) {
      if (accessConfigured(c.env)) {
        pageHeaders(c);
        return c.html(renderAccessRefused(), 401);
      }
      return csrfSecretSet(c.env) ? signInPage(c, 200) : signInPage(c, 503, CSRF_SECRET_MISSING);
    }
    pageHeaders(c);
    return c.html(
      renderAdminShell({
        actor: identity.actor,
        site: identity.site,
        via: identity.via,
        csrf: identity.csrf ?? '',
      }),
    );
  })
  .post('/sign-in', limitBody(8 * 1024), async (c) => {
    if (accessConfigured(c.env)) fail(404, 'not_found', 'Sign in through Cloudflare Access.');
    if (!csrfSecretSet(c.env)) return signInPage(c, 503, CSRF_SECRET_MISSING);
    const fields = await formFields(c);
    const expected = getCookie(c, SIGN_IN_COOKIE);
    if (!isSameOrigin(c) || !expected || fields.csrf !== expected) {
      return signInPage(c, 403, 'The sign-in form had expired. Please enter your token again.');
    }
    const client = await signInClient(c.req.header('CF-Connecting-IP'));
    const attempt = await limitedAttempt(c.env.DB, { client, entry: 'sign-in-form' }, () =>
      identifyToken(c.env, (fields.token ?? '').trim()),
    );
    if (attempt.locked) {
      c.header('Retry-After', String(attempt.retryAfterSeconds));
      const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
      return signInPage(
        c,
        429,
        `Too many wrong tokens were tried from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      );
    }
    const identity = attempt.result;
    if (!identity) return signInPage(c, 401, 'That token was not accepted. Check it and try again.');
    const sessionId = randomId();
    const now = new Date();
    const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await insertSession(c.env.DB, {
      idHash: await sha256Hex(sessionId),
      actor: identity.actor,
      site: identity.site,
      tokenId: identity.tokenId,
      createdAt: now.toISOString(),
      expiresAt: expires.toISOString(),
    });
    await appendAudit(c.env.DB, {
      at: now.toISOString(),
      actor: identity.actor,
      site: identity.site,
      action: 'session.sign-in',
      detail: { expiresAt: expires.toISOString(), client: client.network },
    });
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/admin', secure: isHttps(c) });
    setCookie(c, sessionCookieName(c.req.url), sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: SESSION_HOURS * 3600,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect('/admin', 303);
  })
  .post('/sign-out', limitBody(8 * 1024), async (c) => {
    const identity = await identifyAdmin(c);
    const fields = await formFields(c);
    if (identity?.via === 'session' && isSameOrigin(c) && fields.csrf === identity.csrf) {
      const name = sessionCookieName(c.req.url);
      await deleteSession(c.env.DB, await sha256Hex(getCookie(c, name) ?? ''));
      await appendAudit(c.env.DB, {
        at: new Date().toISOString(),
        actor: identity.actor,
        site: identity.site,
        action: 'session.sign-out',
        detail: {},
      });
      deleteCookie(c, name, { path: '/', secure: isHttps(c) });
    }
    c.header('Cache-Control', 'no-store');
    return c.redirect('/admin', 303);
  });
