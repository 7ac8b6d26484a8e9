import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import { base64url } from 'jose';
import { cookieValue, setCookies, signIn, signInForm } from './admin-session.js';
import { admin, ADMIN_TOKEN, api, createSite, expectErrorShape, WORKER } from './helpers.js';

const SITE = 'signin-clinic';

beforeAll(async () => {
  await createSite(SITE);
});

describe('the admin page sign-in', () => {
  it('shows a sign-in form under a strict CSP, with a SameSite=Strict CSRF cookie', async () => {
    const response = await api('/admin');
    expect(response.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(response.headers.get('Content-Security-Policy')).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/admin/sign-in">');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    const cookie = setCookies(response).get('candour_admin_signin')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('signs in with the token: an HttpOnly, Secure, SameSite=Strict session that the API accepts', async () => {
    const form = await signInForm();
    const response = await api('/admin/sign-in', {
      method: 'POST',
      headers: { Origin: WORKER, Cookie: form.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: form.csrf, token: ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/admin');
    const session = setCookies(response).get('__Host-candour_admin')!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    const stored = await env.DB.prepare('SELECT id_hash FROM admin_sessions').all<{ id_hash: string }>();
    expect(stored.results.some((row) => row.id_hash === cookieValue(session))).toBe(false);

    const cookie = `__Host-candour_admin=${cookieValue(session)}`;
    const shell = await api('/admin', { headers: { Cookie: cookie } });
    const html = (await shell.text()).replace(/\s+/g, ' ');
    expect(html).toContain('Signed in as <strong>token:global</strong>');
    expect(html).toContain('<script type="module" src="/admin/assets/admin.js"></script>');
    expect((await api('/v1/admin/sites', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('refuses a wrong token with 401 and a page that says only that', async () => {
    const form = await signInForm();
    const response = await api('/admin/sign-in', {
      method: 'POST',
      headers: { Origin: WORKER, Cookie: form.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: form.csrf, token: 'not-the-token-at-all-123' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('That token was not accepted.');
    expect(setCookies(response).has('__Host-candour_admin')).toBe(false);
  });

  it('refuses a sign-in post from another site or without the form’s CSRF token', async () => {
    const form = await signInForm();
    const attempts: [Record<string, string>, Record<string, string>][] = [
      [
        { Origin: 'https://evil.test', Cookie: form.cookie },
        { csrf: form.csrf, token: ADMIN_TOKEN },
      ],
      [
        { Origin: WORKER, Cookie: form.cookie },
        { csrf: 'guessed', token: ADMIN_TOKEN },
      ],
      [{ Origin: WORKER }, { csrf: form.csrf, token: ADMIN_TOKEN }],
    ];
    for (const [headers, fields] of attempts) {
      const response = await api('/admin/sign-in', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
      expect(response.status).toBe(403);
      expect(setCookies(response).has('__Host-candour_admin')).toBe(false);
    }
  });

  it('lets a session change things only from the page: same origin and the CSRF token', async () => {
    const { cookie, csrf } = await signIn();
    const settings = { organisation: { name: 'Changed' }, allowedOrigins: ['https://clinic.test'] };
    const put = (headers: Record<string, string>) =>
      api(`/v1/admin/sites/${SITE}`, {
        method: 'PUT',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(settings),
      });
    const attempts: Record<string, string>[] = [
      { Origin: WORKER },
      { Origin: 'https://evil.test', 'X-CSRF-Token': csrf },
      { 'X-CSRF-Token': csrf },
    ];
    for (const headers of attempts) {
      const refused = await put(headers);
      expect(refused.status).toBe(403);
      const body = await refused.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('csrf_refused');
    }
    const name = await env.DB.prepare('SELECT json_extract(settings, ?) AS name FROM sites WHERE id = ?')
      .bind('$.organisation.name', SITE)
      .first('name');
    expect(name).toBe('Test Clinic');
    expect((await put({ Origin: WORKER, 'X-CSRF-Token': csrf })).status).toBe(200);
  });

  it('signs out with the form, after which the cookie is worthless', async () => {
    const { cookie, csrf } = await signIn();
    const response = await api('/admin/sign-out', {
      method: 'POST',
      headers: { Origin: WORKER, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(setCookies(response).get('__Host-candour_admin')).toMatch(/Max-Age=0/);
    expect((await api('/v1/admin/sites', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('ends the sessions of a token when it is revoked', async () => {
    const made = (await (await admin('/v1/admin/tokens', 'POST', { label: 'Temp', site: SITE })).json()) as {
      token: string;
      info: { id: string };
    };
    const { cookie } = await signIn(made.token);
    expect((await api(`/v1/admin/sites/${SITE}`, { headers: { Cookie: cookie } })).status).toBe(200);
    await admin(`/v1/admin/tokens/${made.info.id}`, 'DELETE');
    expect((await api(`/v1/admin/sites/${SITE}`, { headers: { Cookie: cookie } })).status).toBe(401);
  });
});

describe('behind Cloudflare Access', () => {
  const TEAM = 'https://clinic-team.cloudflareaccess.com';
  const AUD = 'aud-0123456789abcdef';
  let keys: CryptoKeyPair;
  let otherKeys: CryptoKeyPair;
  let accessEnv: typeof env;

  const RSA = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };

  async function jwt(claims: Record<string, unknown>, signWith = keys, kid = 'team-key-1'): Promise<string> {
    const header = base64url.encode(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url.encode(
      JSON.stringify({
        aud: [AUD],
        iss: TEAM,
        sub: 'user-1',
        email: 'jane@clinic.test',
        iat: now,
        exp: now + 600,
        ...claims,
      }),
    );
    const signature = await crypto.subtle.sign(
      'RSASSA-PKCS1-v1_5',
      signWith.privateKey,
      new TextEncoder().encode(`${header}.${payload}`),
    );
    return `${header}.${payload}.${base64url.encode(new Uint8Array(signature))}`;
  }

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`${WORKER}${path}`, init), accessEnv, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  beforeAll(async () => {
    keys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    otherKeys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    const publicJwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey;
    accessEnv = {
      ...env,
      CANDOUR_ACCESS_TEAM_DOMAIN: TEAM,
      CANDOUR_ACCESS_AUD: AUD,
      CANDOUR_ACCESS_JWKS: JSON.stringify({
        keys: [{ kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid: 'team-key-1', alg: 'RS256' }],
      }),
    } as typeof env;
  });

  it('signs in with a valid assertion and names the person in the audit log', async () => {
    const assertion = await jwt({});
    const session = await call('/v1/admin/session', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ actor: 'access:jane@clinic.test', site: null, via: 'access' });
    const page = await call('/admin', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/\s+/g, ' ');
    expect(html).toContain('Signed in as <strong>access:jane@clinic.test</strong>');
    expect(html).toContain('/cdn-cgi/access/logout');
    const csrf = /<meta name="candour-csrf" content="([0-9a-f]{64})"/.exec(html)![1]!;

    const verify = await call(`/v1/admin/sites/${SITE}/ledger/verify`, {
      method: 'POST',
      headers: { 'Cf-Access-Jwt-Assertion': assertion, Origin: WORKER, 'X-CSRF-Token': csrf },
    });
    expect(verify.status).toBe(200);
    const { entries } = (await (await admin(`/v1/admin/audit?site=${SITE}`, 'GET')).json()) as {
      entries: { actor: string }[];
    };
    expect(entries[0]!.actor).toBe('access:jane@clinic.test');

    // State changes ride on Access's cookie, so they need the page's CSRF token and origin too.
    const put = (headers: Record<string, string>) =>
      call(`/v1/admin/sites/${SITE}`, {
        method: 'PUT',
        headers: { 'Cf-Access-Jwt-Assertion': assertion, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ organisation: { name: 'Access Clinic' }, allowedOrigins: ['https://clinic.test'] }),
      });
    expect((await put({ Origin: WORKER })).status).toBe(403);
    expect((await put({ Origin: WORKER, 'X-CSRF-Token': csrf })).status).toBe(200);
  });

  it('refuses a wrong audience, issuer, key or time, a forged token, and plain admin tokens, with the same 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      await jwt({ aud: ['someone-elses-app'] }),
      await jwt({ iss: 'https://other-team.cloudflareaccess.com' }),
      await jwt({ exp: now - 3600 }),
      await jwt({ nbf: now + 3600 }),
      await jwt({}, otherKeys),
      await jwt({}, keys, 'unknown-kid'),
      (await jwt({})).replace(
        /\.[^.]+\./,
        `.${base64url.encode(JSON.stringify({ aud: [AUD], iss: TEAM, sub: 'x', email: 'evil@x.test', exp: now + 600 }))}.`,
      ),
      'not.a.jwt',
    ];
    const bodies = new Set<string>();
    for (const assertion of bad) {
      const response = await call('/v1/admin/sites', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
      expect(response.status).toBe(401);
      bodies.add(await response.text());
    }
    const token = await call('/v1/admin/sites', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(token.status).toBe(401);
    bodies.add(await token.text());
    expect(bodies.size).toBe(1);
    const page = await call('/admin');
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('Cloudflare Access');
  });
});
