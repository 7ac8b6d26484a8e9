import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { NoticeHistoryEntry, PublishPreview } from '../../contract/admin.js';
import type { NoticeDiff } from '../../contract/notice.js';
import type { SiteConfig } from '../../contract/site.js';
import type { Bindings } from '../../worker/env.js';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, noticeSource } from './helpers.js';

async function config(site: string): Promise<SiteConfig> {
  const response = await api(`/v1/sites/${site}/config`, { headers: { Origin: CLINIC_ORIGIN } });
  expect(response.status).toBe(200);
  return (await response.json()) as SiteConfig;
}

async function noticeCount(site: string): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM notices WHERE site_id = ?').bind(site).first<number>('n'))!;
}

async function preview(site: string, source: string): Promise<PublishPreview> {
  const response = await admin(`/v1/admin/sites/${site}/notices/preview`, 'POST', { source });
  expect(response.status).toBe(200);
  return (await response.json()) as PublishPreview;
}

async function publish(site: string, body: Record<string, unknown>) {
  return admin(`/v1/admin/sites/${site}/notices`, 'POST', body);
}

async function lastAudit(): Promise<{ actor: string; action: string; site: string | null; detail: unknown }> {
  const response = await admin('/v1/admin/audit', 'GET');
  const { entries } = (await response.json()) as {
    entries: { actor: string; action: string; site: string | null; detail: unknown }[];
  };
  return entries[0]!;
}

describe('sign-in for the admin API', () => {
  it('answers the same 401 to a missing, wrong or malformed credential, on every admin route', async () => {
    await createSite('auth-clinic');
    const bodies: string[] = [];
    for (const path of ['/v1/admin/sites', '/v1/admin/sites/auth-clinic/receipts', '/v1/admin/sites/nowhere/notices']) {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', 'Basic abc', 'Bearer short']) {
        // From a client of its own: these guesses count toward that client's sign-in limit.
        const response = await api(path, {
          headers: { 'CF-Connecting-IP': '192.0.2.1', ...(authorization ? { Authorization: authorization } : {}) },
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('WWW-Authenticate')).toContain('Bearer');
        bodies.push(await response.text());
      }
    }
    // Nothing in the answer tells a site that exists from one that does not.
    expect(new Set(bodies).size).toBe(1);
    expectErrorShape(JSON.parse(bodies[0]!));
  });

  it('says who is signed in', async () => {
    const response = await admin('/v1/admin/session', 'GET');
    expect(await response.json()).toEqual({ actor: 'token:global', site: null, via: 'token' });
  });

  it('accepts the global token as a SHA-256 digest alone', async () => {
    const digest = [
      ...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('only-the-hash-is-deployed'))),
    ]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('');
    const { default: worker } = await import('../../worker/index.js');
    const { createExecutionContext, waitOnExecutionContext } = await import('cloudflare:test');
    const call = async (token: string) => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(
        new Request('https://consent.test/v1/admin/session', { headers: { Authorization: `Bearer ${token}` } }),
        { ...env, CANDOUR_ADMIN_TOKEN: undefined, CANDOUR_ADMIN_TOKEN_SHA256: digest } satisfies Bindings,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return response.status;
    };
    expect(await call('only-the-hash-is-deployed')).toBe(200);
    expect(await call('test-admin-token-0123456789')).toBe(401);
  });
});

describe('admin tokens', () => {
  it('makes a per-site token, shown once and stored only as a hash, that reaches its own site only', async () => {
    await createSite('token-home');
    await createSite('token-other');
    const created = await admin('/v1/admin/tokens', 'POST', { label: 'Practice manager', site: 'token-home' });
    expect(created.status).toBe(201);
    const { token, info } = (await created.json()) as { token: string; info: { id: string } };
    expect(token).toMatch(/^cnd_[A-Za-z0-9_-]{32}$/);
    const stored = await env.DB.prepare('SELECT * FROM admin_tokens WHERE id = ?')
      .bind(info.id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await lastAudit()).action).toBe('token.create');

    const as = (path: string, init: RequestInit = {}) =>
      api(path, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
      });
    expect((await as('/v1/admin/sites/token-home')).status).toBe(200);
    const sites = (await (await as('/v1/admin/sites')).json()) as { sites: { id: string }[] };
    expect(sites.sites.map((site) => site.id)).toEqual(['token-home']);
    for (const path of ['/v1/admin/sites/token-other', '/v1/admin/sites/token-other/receipts', '/v1/admin/tokens']) {
      const refused = await as(path);
      expect(refused.status).toBe(403);
      expectErrorShape(await refused.json());
    }
    // A site's admin cannot register a new site either.
    const register = await as('/v1/admin/sites/token-new', {
      method: 'PUT',
      body: JSON.stringify({ organisation: { name: 'New' }, allowedOrigins: ['https://new.test'] }),
    });
    expect(register.status).toBe(403);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sites WHERE id = 'token-new'").first('n')).toBe(0);

    // Publishing through it names the token in the audit log.
    const published = await as('/v1/admin/sites/token-home/notices', {
      method: 'POST',
      body: JSON.stringify({ source: noticeSource('token-home', { wording: 'Reworded.' }) }),
    });
    expect(published.status).toBe(201);
    expect(await lastAudit()).toMatchObject({
      actor: 'token:Practice manager',
      action: 'notice.publish',
      site: 'token-home',
    });

    const revoked = await admin(`/v1/admin/tokens/${info.id}`, 'DELETE');
    expect(revoked.status).toBe(200);
    expect((await lastAudit()).action).toBe('token.revoke');
    expect((await as('/v1/admin/sites/token-home')).status).toBe(401);
    expect((await admin(`/v1/admin/tokens/${info.id}`, 'DELETE')).status).toBe(404);
  });

  it('refuses a token for a site that does not exist, and a token row cannot be rewritten or deleted', async () => {
    const response = await admin('/v1/admin/tokens', 'POST', { label: 'Ghost', site: 'no-such-site' });
    expect(response.status).toBe(422);
    const made = (await (await admin('/v1/admin/tokens', 'POST', { label: 'Keep' })).json()) as {
      info: { id: string };
    };
    await expect(
      env.DB.prepare('UPDATE admin_tokens SET token_hash = ? WHERE id = ?').bind('0'.repeat(64), made.info.id).run(),
    ).rejects.toThrow(/only be revoked/);
    await expect(env.DB.prepare('DELETE FROM admin_tokens WHERE id = ?').bind(made.info.id).run()).rejects.toThrow(
      /never deleted/,
    );
  });
});

describe('publishing a notice', () => {
  it('previews a draft: compiled document, diff by section and a material suggestion, storing nothing', async () => {
    await createSite('preview-clinic');
    const before = await noticeCount('preview-clinic');
    const wording = await preview('preview-clinic', noticeSource('preview-clinic', { wording: 'Now kinder.' }));
    expect(wording.ok).toBe(true);
    if (!wording.ok) return;
    expect(wording.base).toMatchObject({ version: 1, state: 'current' });
    expect(wording.consentChanged).toBe(false);
    expect(wording.suggestedMaterial).toBe(false);
    const about = wording.diff!.sections.find((section) => section.id === 'about');
    expect(about).toMatchObject({ change: 'changed' });
    expect(about?.change === 'changed' && about.marks).toContainEqual({ op: 'ins', text: 'Now kinder.' });

    const cookies = await preview('preview-clinic', noticeSource('preview-clinic', { extraCookie: true }));
    expect(cookies.ok && cookies.suggestedMaterial).toBe(true);
    expect(cookies.ok && cookies.diff!.cookies.added).toEqual(['Site analytics: _ga_*']);

    const same = await preview('preview-clinic', noticeSource('preview-clinic'));
    expect(same.ok && same.unchanged).toBe(true);
    expect(await noticeCount('preview-clinic')).toBe(before);
  });

  it('answers an invalid notice with 422 and its line-numbered issues, and publishes nothing', async () => {
    await createSite('invalid-clinic');
    const broken = noticeSource('invalid-clinic').replace('We are a test clinic.', 'We are <b>bold</b>.');
    const line = broken.split('\n').findIndex((text) => text.includes('<b>')) + 1;
    const checked = await preview('invalid-clinic', broken);
    expect(checked.ok).toBe(false);
    expect(checked.errors).toContainEqual({ line, message: expect.stringContaining('HTML') });

    const response = await publish('invalid-clinic', { source: broken });
    expect(response.status).toBe(422);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.issues).toContainEqual({
      path: `invalid-clinic.md:${line}`,
      message: expect.stringContaining('HTML'),
    });

    const otherSite = await publish('invalid-clinic', { source: noticeSource('someone-else') });
    expect(otherSite.status).toBe(422);
    expect(await noticeCount('invalid-clinic')).toBe(1);
  });

  it('refuses markup in what an admin types into the notice, and keeps other characters as plain text', async () => {
    await createSite('inert-clinic');
    const markup = noticeSource('inert-clinic').replace(
      'name: Site analytics',
      'name: Stats <img src=x onerror=alert(1)>',
    );
    const line = markup.split('\n').findIndex((text) => text.includes('<img')) + 1;
    const refused = await publish('inert-clinic', { source: markup });
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expectErrorShape(body);
    expect(body.error.issues).toContainEqual({
      path: `inert-clinic.md:${line}`,
      message: expect.stringContaining('HTML'),
    });

    const plain = noticeSource('inert-clinic').replace('name: Site analytics', `name: 'Tom & Jerry "Stats" <3'`);
    expect((await publish('inert-clinic', { source: plain })).status).toBe(201);
    expect((await config('inert-clinic')).services[0]!.name).toBe('Tom & Jerry "Stats" <3');
  });

  it('lets exactly one of two racing publishes win; the other gets 409', async () => {
    await createSite('race-clinic');
    const results = await Promise.all(
      ['First', 'Second', 'Third'].map((word) =>
        publish('race-clinic', { source: noticeSource('race-clinic', { wording: word }), expectedVersion: 1 }),
      ),
    );
    expect(results.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    const loser = results.find((response) => response.status === 409)!;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe('version_conflict');
    expect(await noticeCount('race-clinic')).toBe(2);
    // A stale editor (still on version 1) is refused too.
    const stale = await publish('race-clinic', {
      source: noticeSource('race-clinic', { wording: 'Late' }),
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
  });

  it('an editorial change keeps the revision visitors answered; a material one changes it', async () => {
    await createSite('material-clinic');
    const first = await config('material-clinic');

    const editorial = await publish('material-clinic', {
      source: noticeSource('material-clinic', { wording: 'Reworded.' }),
    });
    expect(editorial.status).toBe(201);
    expect(await editorial.json()).toMatchObject({ version: 2, material: false });
    expect((await config('material-clinic')).notice).toMatchObject({
      version: 2,
      cookieRevision: first.notice.cookieRevision,
    });

    // Wording alone, marked material by the admin: returning visitors are asked again.
    const wordingMaterial = await publish('material-clinic', {
      source: noticeSource('material-clinic', { wording: 'We now share with researchers.' }),
      material: true,
    });
    expect(wordingMaterial.status).toBe(201);
    const third = await config('material-clinic');
    expect(third.notice.version).toBe(3);
    expect(third.notice.cookieRevision).not.toBe(first.notice.cookieRevision);

    // A new cookie cannot be slipped in as editorial.
    const sneaky = await publish('material-clinic', {
      source: noticeSource('material-clinic', { extraCookie: true }),
      material: false,
    });
    expect(sneaky.status).toBe(422);
    expect(((await sneaky.json()) as { error: { code: string } }).error.code).toBe('material_required');

    const cookie = await publish('material-clinic', { source: noticeSource('material-clinic', { extraCookie: true }) });
    expect(await cookie.json()).toMatchObject({ version: 4, material: true });
    const fourth = await config('material-clinic');
    expect(fourth.notice.cookieRevision).not.toBe(third.notice.cookieRevision);

    const diff = (await (await admin('/v1/admin/sites/material-clinic/notices/1/diff/4', 'GET')).json()) as NoticeDiff;
    expect(diff.material).toBe(true);
    expect(diff.cookies.added).toEqual(['Site analytics: _ga_*']);
    const editorialDiff = (await (await api('/v1/sites/material-clinic/notices/1/diff/2')).json()) as NoticeDiff;
    expect(editorialDiff.material).toBe(false);
  });

  it('makes a scheduled version current at its time, and keeps published versions immutable', async () => {
    await createSite('schedule-clinic');
    // An hour ahead: the test moves the clock there instead of waiting for it.
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await publish('schedule-clinic', {
      source: noticeSource('schedule-clinic', { extraCookie: true }),
      effectiveAt: at,
    });
    expect(scheduled.status).toBe(201);
    expect(await scheduled.json()).toMatchObject({ version: 2, effectiveAt: at });
    expect((await config('schedule-clinic')).notice.version).toBe(1);
    const history = (await (await admin('/v1/admin/sites/schedule-clinic/notices', 'GET')).json()) as {
      versions: NoticeHistoryEntry[];
    };
    expect(history.versions.map((entry) => [entry.version, entry.state])).toEqual([
      [2, 'scheduled'],
      [1, 'current'],
    ]);
    expect(history.versions[0]!.publishedBy).toBe('token:global');

    // Nothing may take effect before the scheduled version: it would be overtaken by it.
    const early = await publish('schedule-clinic', {
      source: noticeSource('schedule-clinic', { wording: 'Typo fixed.' }),
    });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('schedule_conflict');

    // The Worker runs in this isolate, so its Date is the one vi.setSystemTime moves.
    vi.setSystemTime(Date.parse(at) - 1);
    try {
      expect((await config('schedule-clinic')).notice.version).toBe(1);
      vi.setSystemTime(Date.parse(at));
      expect((await config('schedule-clinic')).notice.version).toBe(2);
    } finally {
      vi.useRealTimers();
    }

    await expect(
      env.DB.prepare("UPDATE notices SET source = 'x' WHERE site_id = 'schedule-clinic' AND version = 1").run(),
    ).rejects.toThrow(/immutable/);
    await expect(env.DB.prepare("DELETE FROM notices WHERE site_id = 'schedule-clinic'").run()).rejects.toThrow(
      /immutable/,
    );
    const version = (await (await admin('/v1/admin/sites/schedule-clinic/notices/1', 'GET')).json()) as {
      source: string;
      publishedBy: string;
    };
    expect(version.source).toBe(noticeSource('schedule-clinic'));
  });
});

describe('site settings', () => {
  const valid = {
    organisation: { name: 'Settings Clinic' },
    allowedOrigins: [CLINIC_ORIGIN],
    consentExpiryMonths: 6,
    receiptRetentionDays: 2192,
    theme: { accent: '#1d4f91' },
  };

  it('saves a valid change and logs which settings changed', async () => {
    await createSite('settings-clinic');
    const response = await admin('/v1/admin/sites/settings-clinic', 'PUT', { ...valid, consentExpiryMonths: 3 });
    expect(response.status).toBe(200);
    expect((await config('settings-clinic')).consentExpiryMonths).toBe(3);
    const entry = await lastAudit();
    expect(entry).toMatchObject({ action: 'site.update', actor: 'token:global', site: 'settings-clinic' });
    expect((entry.detail as { changed: string[] }).changed).toEqual(['consentExpiryMonths', 'organisation', 'theme']);
  });

  it('refuses a bad value with a message and changes nothing', async () => {
    await createSite('settings-refuse');
    const before = await env.DB.prepare("SELECT settings, updated_at FROM sites WHERE id = 'settings-refuse'").first();
    const bad: [Record<string, unknown>, string][] = [
      [{ ...valid, theme: { accent: '#ffcc00' } }, 'theme.accent'],
      [{ ...valid, theme: { accent: 'red' } }, 'theme.accent'],
      [{ ...valid, allowedOrigins: ['https://clinic.test/path'] }, 'allowedOrigins.0'],
      [{ ...valid, allowedOrigins: [] }, 'allowedOrigins'],
      [{ ...valid, consentExpiryMonths: 13 }, 'consentExpiryMonths'],
      [{ ...valid, receiptRetentionDays: 5 }, 'receiptRetentionDays'],
      [
        { ...valid, consentMode: { functional: [], analytics: ['not_a_type'], marketing: [] } },
        'consentMode.analytics.0',
      ],
      [{ ...valid, organisation: { name: '   ' } }, 'organisation.name'],
    ];
    for (const [body, path] of bad) {
      const response = await admin('/v1/admin/sites/settings-refuse', 'PUT', body);
      expect(response.status, path).toBe(400);
      const error = await response.json();
      expectErrorShape(error);
      expect(
        error.error.issues?.map((issue) => issue.path),
        path,
      ).toContain(path);
    }
    const contrast = await admin('/v1/admin/sites/settings-refuse', 'PUT', { ...valid, theme: { accent: '#ffcc00' } });
    expect(((await contrast.json()) as { error: { issues: { message: string }[] } }).error.issues[0]!.message).toMatch(
      /contrast of 1\.\d+:1/,
    );
    const after = await env.DB.prepare("SELECT settings, updated_at FROM sites WHERE id = 'settings-refuse'").first();
    expect(after).toEqual(before);
  });
});

describe('the audit log', () => {
  it('records who did what, and refuses UPDATE and DELETE', async () => {
    await createSite('audit-clinic');
    const { entries } = (await (await admin('/v1/admin/audit?site=audit-clinic', 'GET')).json()) as {
      entries: { action: string; actor: string; at: string }[];
    };
    expect(entries.map((entry) => entry.action)).toEqual(['notice.publish', 'site.create']);
    expect(entries.every((entry) => entry.actor === 'token:global' && !Number.isNaN(Date.parse(entry.at)))).toBe(true);
    await expect(env.DB.prepare("UPDATE audit_log SET actor = 'someone else'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });
});

describe('publishing with checklist items missing needs a reason, kept in the audit log', () => {
  /** The fixture without its DPO: the checklist then finds one item missing. */
  const withoutDpo = (site: string, wording: string) => {
    const source = noticeSource(site, { wording });
    const dpo = '  dpo: { name: Data protection lead, email: dpo@clinic.test }\n';
    if (!source.includes(dpo)) throw new Error('the fixture no longer has this DPO line');
    return source.replace(dpo, '');
  };

  async function versionsOf(site: string): Promise<number> {
    const response = await admin(`/v1/admin/sites/${site}/notices`, 'GET');
    return ((await response.json()) as { versions: unknown[] }).versions.length;
  }

  it('a complete notice needs none', async () => {
    await createSite('reason-complete');
    const published = await publish('reason-complete', {
      source: noticeSource('reason-complete', { wording: 'New.' }),
    });
    expect(published.status).toBe(201);
    expect((await lastAudit()).detail).not.toHaveProperty('reason');
  });

  it('refuses a publish with items missing and no reason, naming the items, and stores nothing', async () => {
    await createSite('reason-missing');
    const auditBefore = await lastAudit();
    const response = await publish('reason-missing', { source: withoutDpo('reason-missing', 'No DPO.') });
    expect(response.status).toBe(422);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('reason_required');
    expect(body.error.message).toContain('1 item missing');
    expect(body.error.issues).toEqual([
      { path: 'checklist.dpo', message: expect.stringContaining('The data protection officer’s contact details') },
    ]);
    expect(await versionsOf('reason-missing')).toBe(1);
    expect(await lastAudit()).toEqual(auditBefore);
  });

  it.each([
    ['empty', 'reason-empty', '   '],
    ['overlong', 'reason-long', 'x'.repeat(1001)],
    ['not text', 'reason-number', 42],
    ['with control characters', 'reason-control', 'fine\u0000hidden'],
  ])('refuses a reason that is %s with the JSON error and stores nothing', async (_what, site, reason) => {
    await createSite(site);
    const before = await versionsOf(site);
    const response = await publish(site, { source: withoutDpo(site, 'Changed.'), reason });
    expect(response.status).toBe(400);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.issues?.[0]?.path).toBe('reason');
    expect(await versionsOf(site)).toBe(before);
  });

  it('publishes with a reason and keeps it, markup and all, as plain text in the audit log', async () => {
    await createSite('reason-given');
    const reason = '<img src=x onerror=alert(1)> Our DPO is <b>reviewing</b> the policy.\nBack in May.';
    const response = await publish('reason-given', { source: withoutDpo('reason-given', 'Reasoned.'), reason });
    expect(response.status).toBe(201);
    expect(await lastAudit()).toMatchObject({
      action: 'notice.publish',
      site: 'reason-given',
      detail: { version: 2, missing: ['dpo'], reason },
    });
    const stored = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE site_id = 'reason-given' AND action = 'notice.publish' ORDER BY id DESC LIMIT 1",
    ).first<{ detail: string }>();
    expect(JSON.parse(stored!.detail)).toMatchObject({ reason });
  });
});
