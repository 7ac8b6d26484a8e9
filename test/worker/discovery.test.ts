import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  DISCOVERY_BATCH_MAX,
  DISCOVERY_SITE_MAX,
  type DiscoveredCookie,
  type DiscoveryResponse,
} from '../../contract/discovery.js';
import type { SiteConfig } from '../../contract/site.js';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, noticeSource } from './helpers.js';

function report(site: string, body: unknown, origin: string | null = CLINIC_ORIGIN, source = crypto.randomUUID()) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'CF-Connecting-IP': source };
  if (origin) headers.Origin = origin;
  return api(`/v1/sites/${site}/cookies/discovered`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Row {
  name: string;
  first_seen: string;
  last_seen: string;
  reports: number;
  granted: number;
}

async function rows(site: string): Promise<Row[]> {
  const { results } = await env.DB.prepare('SELECT * FROM discovered_cookies WHERE site_id = ? ORDER BY name')
    .bind(site)
    .all<Row>();
  return results;
}

async function expectRefused(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = await response.json();
  expectErrorShape(body);
  expect(body.error.code).toBe(code);
}

describe('POST /v1/sites/:site/cookies/discovered: refusals store nothing', () => {
  it('refuses an unregistered origin, a missing Origin and an unknown site', async () => {
    await createSite('disc-origin');
    await expectRefused(
      await report('disc-origin', { names: ['_hjid'], granted: ['analytics'] }, 'https://evil.test'),
      403,
      'origin_not_allowed',
    );
    await expectRefused(
      await report('disc-origin', { names: ['_hjid'], granted: ['analytics'] }, null),
      403,
      'origin_required',
    );
    await expectRefused(
      await report('disc-nowhere', { names: ['_hjid'], granted: ['analytics'] }),
      404,
      'site_not_found',
    );
    expect(await rows('disc-origin')).toEqual([]);
    expect(await rows('disc-nowhere')).toEqual([]);
  });

  it('refuses bad bodies: oversized batches, bad names, smuggled values, unknown keys, bad JSON', async () => {
    await createSite('disc-bodies');
    const tooMany = Array.from({ length: DISCOVERY_BATCH_MAX + 1 }, (_, i) => `c${i}`);
    const bad: [unknown, string][] = [
      [{ names: tooMany, granted: ['analytics'] }, 'invalid_body'],
      [{ names: [], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['_ga=GA1.2.1234.5678'], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['_ga; path=/'], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['a b'], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['<script>'], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['x'.repeat(129)], granted: ['analytics'] }, 'invalid_body'],
      [{ names: [{ name: '_ga', value: 'GA1.2.1234' }], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['_ga'], values: { _ga: 'GA1.2.1234' }, granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['_ga'], granted: ['analytics'], consentId: crypto.randomUUID() }, 'invalid_body'],
      [{ names: ['_ga', '_ga'], granted: ['analytics'] }, 'invalid_body'],
      [{ names: ['_ga'], granted: [] }, 'invalid_body'],
      [{ names: ['_ga'], granted: ['necessary'] }, 'invalid_body'],
      [{ names: ['_ga'] }, 'invalid_body'],
      ['{"names":', 'invalid_json'],
    ];
    for (const [body, code] of bad) {
      const response = await report('disc-bodies', body);
      await expectRefused(response, 400, code);
    }
    // The test notice offers analytics only: marketing cannot have been granted.
    await expectRefused(
      await report('disc-bodies', { names: ['_fbp'], granted: ['marketing'] }),
      400,
      'unknown_category',
    );
    await expectRefused(
      await report('disc-bodies', JSON.stringify({ names: ['_ga'], granted: ['analytics'], pad: 'x'.repeat(8000) })),
      413,
      'payload_too_large',
    );
    expect(await rows('disc-bodies')).toEqual([]);
  });

  it('answers 429 once one source reports too often, and counts nothing more', async () => {
    await createSite('disc-flood');
    const source = '203.0.113.9';
    let limited: Response | null = null;
    let accepted = 0;
    for (let i = 0; i < 200 && !limited; i++) {
      const response = await report('disc-flood', { names: ['_hjid'], granted: ['analytics'] }, CLINIC_ORIGIN, source);
      if (response.status === 429) limited = response;
      else accepted += 1;
    }
    expect(limited).not.toBeNull();
    await expectRefused(limited!, 429, 'rate_limited');
    expect((await rows('disc-flood'))[0]!.reports).toBe(accepted);
    // Another visitor is not affected.
    expect((await report('disc-flood', { names: ['_hjid'], granted: ['analytics'] })).status).toBe(202);
  });
});

describe('POST /v1/sites/:site/cookies/discovered: what is kept', () => {
  it('keeps names with first and last seen, one count per report, and the categories granted', async () => {
    await createSite('disc-keep');
    const first = await report('disc-keep', { names: ['_hjid', '_clck'], granted: ['analytics'] });
    expect(first.status).toBe(202);
    expect((await first.json()) as DiscoveryResponse).toEqual({ recorded: 2, ignored: 0 });
    const before = (await rows('disc-keep')).find((row) => row.name === '_hjid')!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await report('disc-keep', { names: ['_hjid'], granted: ['analytics'] })).status).toBe(202);
    const after = await rows('disc-keep');
    expect(after.map((row) => [row.name, row.reports])).toEqual([
      ['_clck', 1],
      ['_hjid', 2],
    ]);
    const hjid = after.find((row) => row.name === '_hjid')!;
    expect(hjid.first_seen).toBe(before.first_seen);
    expect(hjid.last_seen > hjid.first_seen).toBe(true);
    expect(hjid.granted).toBe(2); // analytics
    // Nothing else about the visitor is a column at all.
    expect(Object.keys(hjid).sort()).toEqual(
      ['attributed', 'first_seen', 'granted', 'last_seen', 'name', 'reports', 'site_id'].sort(),
    );
  });

  it('keeps at most the site maximum of names, still counting the ones it has', async () => {
    await createSite('disc-cap');
    const now = new Date().toISOString();
    await env.DB.batch(
      Array.from({ length: DISCOVERY_SITE_MAX }, (_, i) =>
        env.DB.prepare(
          `INSERT INTO discovered_cookies (site_id, name, first_seen, last_seen, reports, granted)
           VALUES ('disc-cap', ?, ?, ?, 1, 2)`,
        ).bind(`filler${i}`, now, now),
      ),
    );
    const response = await report('disc-cap', { names: ['filler0', 'brand_new'], granted: ['analytics'] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ recorded: 1, ignored: 1 });
    const kept = await rows('disc-cap');
    expect(kept).toHaveLength(DISCOVERY_SITE_MAX);
    expect(kept.find((row) => row.name === 'filler0')!.reports).toBe(2);
    expect(kept.some((row) => row.name === 'brand_new')).toBe(false);
  });

  it('answers a preflight from a registered origin so that the browser may post JSON', async () => {
    await createSite('disc-preflight');
    const response = await api('/v1/sites/disc-preflight/cookies/discovered', {
      method: 'OPTIONS',
      headers: {
        Origin: CLINIC_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
  });
});

describe('the admin’s view of discovered cookies', () => {
  async function listed(site: string) {
    const response = await admin(`/v1/admin/sites/${site}/cookies/discovered`, 'GET');
    expect(response.status).toBe(200);
    return ((await response.json()) as { cookies: DiscoveredCookie[] }).cookies;
  }

  async function config(site: string): Promise<SiteConfig> {
    return (await (await api(`/v1/sites/${site}/config`)).json()) as SiteConfig;
  }

  it('lists undeclared names only, with first and last seen, count and the catalogue’s best match', async () => {
    await createSite('disc-admin');
    await report('disc-admin', {
      names: ['_ga', '_ga_ABC123', 'mystery_pref', 'candour_consent'],
      granted: ['analytics'],
    });
    await report('disc-admin', { names: ['_ga_ABC123'], granted: ['analytics'] });
    const cookies = await listed('disc-admin');
    // `_ga` is declared by the test notice; Candour's own cookie is never "undeclared".
    expect(cookies.map((cookie) => cookie.name).sort()).toEqual(['_ga_ABC123', 'mystery_pref']);
    const ga = cookies.find((cookie) => cookie.name === '_ga_ABC123')!;
    expect(ga).toMatchObject({ reports: 2, granted: ['analytics'], attributed: null });
    expect(ga.match).toMatchObject({
      serviceId: 'google-analytics',
      category: 'analytics',
      cookie: '_ga_',
      prefix: true,
    });
    expect(Date.parse(ga.lastSeen)).toBeGreaterThanOrEqual(Date.parse(ga.firstSeen));
    expect(cookies.find((cookie) => cookie.name === 'mystery_pref')!.match).toBeNull();
  });

  it('puts catalogue matches and the admin’s attributions in the site config, so withdrawal clears them', async () => {
    await createSite('disc-config');
    expect((await config('disc-config')).discovered).toBeUndefined();
    await report('disc-config', { names: ['_ga_ABC123', 'mystery_pref'], granted: ['analytics'] });
    expect((await config('disc-config')).discovered).toEqual([{ category: 'analytics', cookies: [{ name: '_ga_*' }] }]);
    const attributed = await admin('/v1/admin/sites/disc-config/cookies/discovered/mystery_pref', 'PUT', {
      category: 'analytics',
    });
    expect(attributed.status).toBe(200);
    expect((await config('disc-config')).discovered).toEqual([
      { category: 'analytics', cookies: [{ name: '_ga_*' }, { name: 'mystery_pref' }] },
    ]);
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE site_id = 'disc-config' AND action = 'cookie.attribute'",
    ).first<string>('detail');
    expect(JSON.parse(audit!)).toEqual({ name: 'mystery_pref', category: 'analytics' });
  });

  it('refuses attributions it cannot stand behind, and changes nothing', async () => {
    await createSite('disc-attr');
    await report('disc-attr', { names: ['mystery_pref'], granted: ['analytics'] });
    const refusals: [string, unknown, number, string][] = [
      ['mystery_pref', { category: 'necessary' }, 400, 'invalid_body'],
      ['mystery_pref', { category: 'analytics', extra: 1 }, 400, 'invalid_body'],
      ['mystery_pref', {}, 400, 'invalid_body'],
      ['never_seen', { category: 'analytics' }, 404, 'cookie_not_found'],
      ['bad%3Dname', { category: 'analytics' }, 404, 'cookie_not_found'],
    ];
    for (const [name, body, status, code] of refusals) {
      await expectRefused(
        await admin(`/v1/admin/sites/disc-attr/cookies/discovered/${name}`, 'PUT', body),
        status,
        code,
      );
    }
    const unauthenticated = await api('/v1/admin/sites/disc-attr/cookies/discovered/mystery_pref', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ category: 'analytics' }),
    });
    expect(unauthenticated.status).toBe(401);
    expect((await api('/v1/admin/sites/disc-attr/cookies/discovered')).status).toBe(401);
    expect((await listed('disc-attr'))[0]!.attributed).toBeNull();
    expect((await config('disc-attr')).discovered).toBeUndefined();
  });

  it('stops listing a name once a published notice declares it', async () => {
    await createSite('disc-declared');
    await report('disc-declared', { names: ['_ga_ABC123'], granted: ['analytics'] });
    expect((await listed('disc-declared')).map((cookie) => cookie.name)).toEqual(['_ga_ABC123']);
    const published = await admin('/v1/admin/sites/disc-declared/notices', 'POST', {
      source: noticeSource('disc-declared', { extraCookie: true }),
    });
    expect(published.status).toBe(201);
    expect(await listed('disc-declared')).toEqual([]);
  });
});
