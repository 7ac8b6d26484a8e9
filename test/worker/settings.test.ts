import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { minimumRetentionDays } from '../../contract/admin.js';
import worker from '../../worker/index.js';
import { SAFE_URLS, UNSAFE_URLS } from '../fixtures/urls.js';
import {
  admin,
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  postReceipt,
  receiptCount,
  receiptRequest,
} from './helpers.js';

const DAY = 86_400_000;

async function storedSettings(site: string) {
  return env.DB.prepare('SELECT settings, updated_at FROM sites WHERE id = ?').bind(site).first();
}

async function settingsOf(site: string): Promise<Record<string, unknown>> {
  const response = await admin(`/v1/admin/sites/${site}`, 'GET');
  return ((await response.json()) as { site: { settings: Record<string, unknown> } }).site.settings;
}

async function siteToken(site: string): Promise<(path: string, method: string, body?: unknown) => Promise<Response>> {
  const created = await admin('/v1/admin/tokens', 'POST', { label: `${site} manager`, site });
  expect(created.status).toBe(201);
  const { token } = (await created.json()) as { token: string };
  return (path, method, body) =>
    api(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function auditFor(site: string): Promise<{ actor: string; action: string; detail: Record<string, unknown> }[]> {
  const response = await admin(`/v1/admin/audit?site=${site}`, 'GET');
  return ((await response.json()) as { entries: { actor: string; action: string; detail: Record<string, unknown> }[] })
    .entries;
}

describe('URLs in site settings', () => {
  const fields: [string, (url: string) => Record<string, unknown>][] = [
    ['organisation.website', (url) => ({ organisation: { name: 'Url Clinic', website: url } })],
    ['privacyUrl', (url) => ({ privacyUrl: url })],
  ];

  it('refuses every unsafe URL in every field with 400 and the error shape, saving nothing', async () => {
    await createSite('url-refuse');
    const base = await settingsOf('url-refuse');
    const before = await storedSettings('url-refuse');
    for (const [path, field] of fields) {
      for (const url of UNSAFE_URLS) {
        const response = await admin('/v1/admin/sites/url-refuse', 'PUT', { ...base, ...field(url) });
        expect(response.status, `${path} = ${JSON.stringify(url)}`).toBe(400);
        const body = await response.json();
        expectErrorShape(body);
        expect(body.error.issues?.map((issue) => issue.path)).toContain(path);
      }
    }
    for (const origin of ['http://clinic.example', 'javascript:alert(1)', 'https://a.example@b.example']) {
      const response = await admin('/v1/admin/sites/url-refuse', 'PUT', { ...base, allowedOrigins: [origin] });
      expect(response.status, origin).toBe(400);
      expectErrorShape(await response.json());
    }
    expect(await storedSettings('url-refuse')).toEqual(before);
  });

  it('saves https URLs anywhere and http ones on loopback, for local development', async () => {
    await createSite('url-accept');
    const base = await settingsOf('url-accept');
    for (const [path, field] of fields) {
      for (const url of SAFE_URLS) {
        const response = await admin('/v1/admin/sites/url-accept', 'PUT', { ...base, ...field(url) });
        expect(response.status, `${path} = ${url}`).toBe(200);
      }
    }
    const origins = ['http://127.0.0.1:8787', 'http://localhost:5173', 'http://[::1]:8080', CLINIC_ORIGIN];
    const response = await admin('/v1/admin/sites/url-accept', 'PUT', { ...base, allowedOrigins: origins });
    expect(response.status).toBe(200);
    expect((await settingsOf('url-accept')).allowedOrigins).toEqual(origins);
  });
});

describe('how long receipts are kept', () => {
  it('puts the minimum at the consent lifetime (31-day months) plus a year', () => {
    expect(minimumRetentionDays(6)).toBe(6 * 31 + 365);
    expect(minimumRetentionDays(12)).toBe(737);
  });

  it('refuses a retention under the minimum with 400 naming it, and saves nothing', async () => {
    await createSite('retain-minimum');
    const base = await settingsOf('retain-minimum');
    const before = await storedSettings('retain-minimum');
    for (const [months, days] of [
      [6, 550],
      [12, 736],
      [1, 30],
    ] as const) {
      const response = await admin('/v1/admin/sites/retain-minimum', 'PUT', {
        ...base,
        consentExpiryMonths: months,
        receiptRetentionDays: days,
      });
      expect(response.status, `${months} months, ${days} days`).toBe(400);
      const body = await response.json();
      expectErrorShape(body);
      const issue = body.error.issues?.find((item) => item.path === 'receiptRetentionDays');
      expect(issue?.message).toContain(`at least ${minimumRetentionDays(months)} days`);
    }
    // Raising the consent lifetime raises the floor under a retention that was fine before.
    const shortKept = await admin('/v1/admin/sites/retain-minimum', 'PUT', { ...base, receiptRetentionDays: 600 });
    expect(shortKept.status).toBe(200);
    const before12 = await storedSettings('retain-minimum');
    const longer = await admin('/v1/admin/sites/retain-minimum', 'PUT', {
      ...base,
      receiptRetentionDays: 600,
      consentExpiryMonths: 12,
    });
    expect(longer.status).toBe(400);
    expect(await storedSettings('retain-minimum')).toEqual(before12);
    expect(before12).not.toEqual(before);
  });

  it('lets only an admin of every site shorten it, and logs every change with old and new values', async () => {
    await createSite('retain-scope');
    const base = await settingsOf('retain-scope');
    const as = await siteToken('retain-scope');
    const before = await storedSettings('retain-scope');

    for (const days of [30, 1000]) {
      const refused = await as('/v1/admin/sites/retain-scope', 'PUT', { ...base, receiptRetentionDays: days });
      expect(refused.status, `${days} days`).toBe(403);
      expectErrorShape(await refused.json());
    }
    // Leaving the field out means the default (2192 days): shorter than 3000, so refused too.
    expect((await admin('/v1/admin/sites/retain-scope', 'PUT', { ...base, receiptRetentionDays: 3000 })).status).toBe(
      200,
    );
    const withoutField = { ...base, receiptRetentionDays: undefined };
    expect((await as('/v1/admin/sites/retain-scope', 'PUT', withoutField)).status).toBe(403);
    expect((await settingsOf('retain-scope')).receiptRetentionDays).toBe(3000);

    const raised = await as('/v1/admin/sites/retain-scope', 'PUT', { ...base, receiptRetentionDays: 3650 });
    expect(raised.status).toBe(200);
    const shortened = await admin('/v1/admin/sites/retain-scope', 'PUT', { ...base, receiptRetentionDays: 800 });
    expect(shortened.status).toBe(200);
    expect(await storedSettings('retain-scope')).not.toEqual(before);

    const changes = (await auditFor('retain-scope'))
      .filter((entry) => entry.action === 'site.update')
      .map((entry) => [entry.actor, entry.detail.receiptRetentionDays]);
    expect(changes).toEqual([
      ['token:global', { from: 3650, to: 800 }],
      ['token:retain-scope manager', { from: 3000, to: 3650 }],
      ['token:global', { from: 2192, to: 3000 }],
    ]);
  });

  it('never sweeps receipts younger than the minimum, whatever the database holds', async () => {
    await createSite('retain-sweep');
    for (let i = 0; i < 3; i++) {
      expect((await postReceipt('retain-sweep', receiptRequest())).status).toBe(201);
    }
    // Someone with database access (or a bug) sets 30 days, under the admin API's floor.
    await env.DB.prepare(
      "UPDATE sites SET settings = json_set(settings, '$.receiptRetentionDays', 30) WHERE id = 'retain-sweep'",
    ).run();
    const sweepAt = async (time: number) => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '17 3 * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    // 31 days on, the rogue setting would remove all three; the minimum (6 months + a year) keeps them.
    await sweepAt(Date.now() + 31 * DAY);
    expect(await receiptCount('retain-sweep')).toBe(3);
    await sweepAt(Date.now() + (minimumRetentionDays(6) - 1) * DAY);
    expect(await receiptCount('retain-sweep')).toBe(3);
    // Past the minimum they go, behind a checkpoint: the sweep still runs.
    await sweepAt(Date.now() + (minimumRetentionDays(6) + 1) * DAY);
    expect(await receiptCount('retain-sweep')).toBe(0);
  });
});
