import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signInClient } from '../../worker/sign-in-limit.js';
import { postSignIn, setCookies } from './admin-session.js';
import { ADMIN_TOKEN, api, expectErrorShape } from './helpers.js';

interface AuditRow {
  actor: string;
  action: string;
  detail: string;
}

async function auditRows(): Promise<AuditRow[]> {
  const { results } = await env.DB.prepare('SELECT actor, action, detail FROM audit_log ORDER BY id').all<AuditRow>();
  return results;
}

function bearer(token: string, client: string): Promise<Response> {
  return api('/v1/admin/sites', { headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': client } });
}

function wrongToken(n: number): string {
  return `wrong-token-guess-${String(n).padStart(4, '0')}`;
}

describe('admin token guessing is limited per client', () => {
  it('locks the sign-in form after 10 wrong tokens, refuses the right one too, and logs every attempt', async () => {
    const client = '198.51.100.23';
    const before = (await auditRows()).length;
    for (let n = 0; n < 10; n++) {
      const response = await postSignIn(wrongToken(n), client);
      expect(response.status).toBe(401);
    }
    const locked = await postSignIn(ADMIN_TOKEN, client);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await locked.text()).toContain('Too many wrong tokens');
    expect(setCookies(locked).has('__Host-candour_admin')).toBe(false);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM admin_sessions').first('n')).toBe(0);

    const rows = (await auditRows()).slice(before);
    expect(rows.map((row) => row.action)).toEqual(Array(10).fill('session.sign-in-failed'));
    const details = rows.map((row) => JSON.parse(row.detail) as { client: string; lockedOut: boolean });
    expect(details.every((detail) => detail.client === '198.51.100.0/24')).toBe(true);
    expect(details.map((detail) => detail.lockedOut)).toEqual([...Array(9).fill(false), true]);
    // Neither the guesses nor the address itself are kept.
    const logged = JSON.stringify(rows);
    expect(logged).not.toContain('wrong-token-guess');
    expect(logged).not.toContain(client);

    // Another client is not held up by the first one's lock, and its success is logged.
    const other = await postSignIn(ADMIN_TOKEN, '203.0.113.9');
    expect(other.status).toBe(303);
    const last = (await auditRows()).at(-1)!;
    expect(last.action).toBe('session.sign-in');
    expect(JSON.parse(last.detail)).toMatchObject({ client: '203.0.113.0/24' });
    expect(JSON.stringify(last)).not.toContain(ADMIN_TOKEN);
  });

  it('counts wrong bearer tokens on the API the same way, with the JSON error and Retry-After', async () => {
    const client = '192.0.2.77';
    for (let n = 0; n < 10; n++) expect((await bearer(wrongToken(n), client)).status).toBe(401);
    const locked = await bearer(ADMIN_TOKEN, client);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    const body = await locked.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('too_many_attempts');
    const refused = (await auditRows()).filter((row) => row.action === 'token.refused');
    expect(refused.length).toBe(10);
    expect(refused.every((row) => JSON.parse(row.detail).client === '192.0.2.0/24')).toBe(true);
    // A wrong bearer header and the form share one count: the form is locked for this client too.
    expect((await postSignIn(ADMIN_TOKEN, client)).status).toBe(429);
  });

  it('does not reopen the door after a success', async () => {
    const client = '192.0.2.200';
    for (let n = 0; n < 9; n++) expect((await bearer(wrongToken(n), client)).status).toBe(401);
    expect((await bearer(ADMIN_TOKEN, client)).status).toBe(200);
    expect((await bearer(wrongToken(9), client)).status).toBe(401);
    expect((await bearer(ADMIN_TOKEN, client)).status).toBe(429);
  });

  it('lets no more than 10 parallel guesses through', async () => {
    const client = '2001:db8:aa:bb:1::1';
    const answers = await Promise.all(Array.from({ length: 25 }, (_, n) => bearer(wrongToken(n), client)));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBe(10);
    expect(statuses.filter((status) => status === 429).length).toBe(15);
    // The same IPv6 /64 is one client.
    expect((await bearer(ADMIN_TOKEN, '2001:db8:aa:bb:ffff::2')).status).toBe(429);
  });

  it('keys IPv4 by address and IPv6 by /64, and logs only the /24 or /48', async () => {
    const [a, b, c, d] = await Promise.all([
      signInClient('2001:db8:1:2:aaaa::1'),
      signInClient('2001:0db8:0001:0002:bbbb:0:0:2'),
      signInClient('2001:db8:1:3::1'),
      signInClient(undefined),
    ]);
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(a.network).toBe('2001:db8:1::/48');
    expect(d.network).toBe('local');
    expect((await signInClient('::ffff:10.1.2.3')).network).toBe('10.1.2.0/24');
    expect((await signInClient('10.1.2.3')).key).not.toBe((await signInClient('10.1.2.4')).key);
  });
});
