import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/index.js';
import { postSignIn, setCookies, signIn } from './admin-session.js';
import { ADMIN_TOKEN, api, createSite, postReceipt, receiptRequest, WORKER } from './helpers.js';

const SITE = 'gets-clinic';
let session: { cookie: string; csrf: string };

async function stored(): Promise<Record<string, unknown>> {
  const count = (table: string) => env.DB.prepare(`SELECT count(*) AS n, max(rowid) AS last FROM ${table}`).first();
  return {
    audit: await count('audit_log'),
    sessions: await count('admin_sessions'),
    tokens: await count('admin_tokens'),
    sites: await env.DB.prepare('SELECT group_concat(settings) AS s FROM sites').first('s'),
  };
}

/** Every GET route under /admin and /v1/admin, with its parameters filled in. */
function adminGets(receiptId: string): string[] {
  const values: Record<string, string> = { site: SITE, file: 'admin.js', version: '1', other: '1', id: 'x', receiptId };
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method === 'GET' || route.method === 'HEAD' || route.method === 'ALL')
        .map((route) => route.path)
        .filter((path) => /^\/(v1\/)?admin(\/|$)/.test(path))
        .map((path) => path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? name)),
    ),
  ];
}

beforeAll(async () => {
  await createSite(SITE);
  await postReceipt(SITE, receiptRequest());
  session = await signIn();
});

describe('admin GETs change nothing', () => {
  it('lists the admin GET routes and none of them writes, signed in or not, whatever the site sent', async () => {
    const { receiptId } = (await (await postReceipt(SITE, receiptRequest())).json()) as { receiptId: string };
    const paths = adminGets(receiptId);
    expect(paths).toEqual(
      expect.arrayContaining(['/admin', '/v1/admin/audit', `/v1/admin/sites/${SITE}/receipts`, '/v1/admin/tokens']),
    );
    const before = await stored();
    let answered = 0;
    for (const path of paths) {
      // As a link or a form on another site would send them: the cookie rides along only if the
      // browser lets it (SameSite=Strict says it does not); here it is sent regardless.
      const senders: Record<string, string>[] = [
        { Cookie: session.cookie, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
        { Authorization: `Bearer ${ADMIN_TOKEN}` },
        {},
      ];
      for (const headers of senders) {
        for (const method of ['GET', 'HEAD']) {
          const response = await api(path, { method, headers, redirect: 'manual' });
          if (response.status === 200) answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(paths.length);
    expect(await stored()).toEqual(before);
  });

  it('exports only by POST with the page’s CSRF token, and that is what the audit log records', async () => {
    const path = `/v1/admin/sites/${SITE}/receipts/export?format=csv`;
    const before = await stored();
    const viaGet = await api(path, { headers: { Cookie: session.cookie } });
    expect(viaGet.status).toBe(404);
    const forged = await api(path, {
      method: 'POST',
      headers: { Cookie: session.cookie, Origin: 'https://evil.test' },
    });
    expect(forged.status).toBe(403);
    expect(await stored()).toEqual(before);

    const exported = await api(path, {
      method: 'POST',
      headers: { Cookie: session.cookie, Origin: WORKER, 'X-CSRF-Token': session.csrf },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('Content-Disposition')).toMatch(/^attachment; filename="candour-gets-clinic-/);
    expect((await exported.text()).split('\r\n')[0]).toMatch(/^recorded_at,/);
    const last = await env.DB.prepare('SELECT actor, action FROM audit_log ORDER BY id DESC LIMIT 1').first();
    expect(last).toEqual({ actor: 'token:global', action: 'receipts.export' });
  });

  it('keeps the session cookie SameSite=Strict, HttpOnly and Secure', async () => {
    const form = await api('/admin');
    const formCookie = setCookies(form).get('candour_admin_signin')!;
    expect(formCookie).toMatch(/SameSite=Strict/);
    const response = await postSignIn(ADMIN_TOKEN);
    const cookie = setCookies(response).get('__Host-candour_admin')!;
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
  });
});
