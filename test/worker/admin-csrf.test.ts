import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import { setCookies, signIn, signInForm } from './admin-session.js';
import { ADMIN_TOKEN, createSite, expectErrorShape, WORKER } from './helpers.js';

const SITE = 'csrf-clinic';

async function call(path: string, bindings: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${WORKER}${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function shellCsrf(cookie: string, bindings: Record<string, unknown> = {}): Promise<string> {
  const shell = await (await call('/admin', bindings, { headers: { Cookie: cookie } })).text();
  return /<meta name="candour-csrf" content="([0-9a-f]{64})"/.exec(shell)![1]!;
}

function otherSigningKey(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid: 'rotated' });
}

function put(cookie: string, csrf: string, bindings: Record<string, unknown> = {}, name = 'Changed') {
  return call(`/v1/admin/sites/${SITE}`, bindings, {
    method: 'PUT',
    headers: { Cookie: cookie, Origin: WORKER, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ organisation: { name }, allowedOrigins: ['https://clinic.test'] }),
  });
}

beforeAll(async () => {
  await createSite(SITE);
});

describe('the admin CSRF secret', () => {
  it('is its own: rotating the signing key leaves CSRF tokens as they were', async () => {
    const { cookie, csrf } = await signIn();
    const rotated = { CANDOUR_SIGNING_KEY: otherSigningKey() };
    expect(await shellCsrf(cookie, rotated)).toBe(csrf);
    expect((await put(cookie, csrf, rotated, 'After rotation')).status).toBe(200);
  });

  it('refuses a CSRF token made under another secret', async () => {
    const { cookie, csrf } = await signIn();
    const other = { CANDOUR_CSRF_SECRET: 'another-csrf-secret-fedcba9876543210' };
    const foreign = await shellCsrf(cookie, other);
    expect(foreign).not.toBe(csrf);
    const refused = await put(cookie, foreign, {}, 'Forged');
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('csrf_refused');
    const name = await env.DB.prepare('SELECT json_extract(settings, ?) AS name FROM sites WHERE id = ?')
      .bind('$.organisation.name', SITE)
      .first('name');
    expect(name).not.toBe('Forged');
  });

  it('without CANDOUR_CSRF_SECRET, the page signs nobody in and says why; bearer tokens still work', async () => {
    const missing = { CANDOUR_CSRF_SECRET: undefined };
    const page = await call('/admin', missing);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('CANDOUR_CSRF_SECRET');

    const form = await signInForm();
    const sessionsBefore = await env.DB.prepare('SELECT count(*) AS n FROM admin_sessions').first('n');
    const refused = await call('/admin/sign-in', missing, {
      method: 'POST',
      headers: { Origin: WORKER, Cookie: form.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: form.csrf, token: ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    });
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain('CANDOUR_CSRF_SECRET');
    expect(setCookies(refused).has('__Host-candour_admin')).toBe(false);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM admin_sessions').first('n')).toBe(sessionsBefore);

    // A session opened before the secret went is refused too, rather than let through unchecked.
    const { cookie } = await signIn();
    const stale = await call('/v1/admin/sites', missing, { headers: { Cookie: cookie } });
    expect(stale.status).toBe(503);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('csrf_secret_missing');

    const api = await call('/v1/admin/sites', missing, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
  });
});
