import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeVersion } from '../../contract/notice.js';
import type { SiteConfig } from '../../contract/site.js';
import worker from '../../worker/index.js';
import {
  admin,
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  noticeSource,
  postReceipt,
  receiptCount,
  receiptRequest,
  WORKER,
} from './helpers.js';

/**
 * The public routes answer from the isolate's memory (worker/public-cache.ts). These tests run in
 * the same isolate as the Worker, so every answer after the first of its kind comes from that
 * memory: a publish or a settings change must be seen by the very next request all the same.
 */
const SITE = 'cache-clinic';

const PUBLIC_GETS = [
  '/config',
  '/embed.js',
  '/notices/current',
  '/notices/current/sections/cookies',
  '/privacy',
] as const;

beforeAll(async () => {
  await createSite(SITE);
});

async function config(site = SITE): Promise<{ config: SiteConfig; etag: string }> {
  const response = await api(`/v1/sites/${site}/config`);
  expect(response.status).toBe(200);
  return { config: await response.json(), etag: response.headers.get('ETag')! };
}

async function publish(site: string, wording: string): Promise<number> {
  const response = await admin(`/v1/admin/sites/${site}/notices`, 'POST', { source: noticeSource(site, { wording }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { version: number }).version;
}

async function etagsOf(site: string): Promise<Record<string, string>> {
  const etags: Record<string, string> = {};
  for (const path of PUBLIC_GETS) {
    const response = await api(`/v1/sites/${site}${path}`);
    expect(response.status, path).toBe(200);
    etags[path] = response.headers.get('ETag')!;
    expect(etags[path], path).toMatch(/^"[^"]+"$/);
  }
  return etags;
}

describe('conditional requests on every public GET', () => {
  it('answers 304 with no body to its own ETag (weak or in a list), and 200 to another', async () => {
    const etags = await etagsOf(SITE);
    for (const path of PUBLIC_GETS) {
      const url = `/v1/sites/${SITE}${path}`;
      for (const header of [etags[path]!, `W/${etags[path]}`, `"nope", ${etags[path]}`, '*']) {
        const again = await api(url, { headers: { 'If-None-Match': header } });
        expect(again.status, `${path} ${header}`).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('ETag')).toBe(etags[path]);
        expect(again.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
      }
      for (const header of ['"0000"', 'not a tag', '']) {
        const other = await api(url, { headers: { 'If-None-Match': header } });
        expect(other.status, `${path} ${header}`).toBe(200);
        expect((await other.text()).length).toBeGreaterThan(0);
      }
    }
  });

  it('marks a pinned version immutable and revalidates it by its content hash', async () => {
    const current = (await (await api(`/v1/sites/${SITE}/notices/current`)).json()) as NoticeVersion;
    const url = `/v1/sites/${SITE}/notices/${current.version}`;
    const pinned = await api(url);
    expect(pinned.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(pinned.headers.get('ETag')).toBe(`"${current.hash}"`);
    expect(await pinned.json()).toEqual(current);
    const again = await api(url, { headers: { 'If-None-Match': `"${current.hash}"` } });
    expect(again.status).toBe(304);
  });

  it('gives a page’s origin its CORS grant on a 304 too, and varies on Origin', async () => {
    const { etag } = await config();
    const response = await api(`/v1/sites/${SITE}/config`, {
      headers: { 'If-None-Match': etag, Origin: CLINIC_ORIGIN },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
    expect(response.headers.get('Vary')).toContain('Origin');
  });
});

describe('what the isolate keeps is never stale', () => {
  it('shows a newly published version at once on every public GET, and the old ETags get 200', async () => {
    const site = 'cache-publish';
    await createSite(site);
    const before = await etagsOf(site);
    expect((await config(site)).config.notice.version).toBe(1);

    expect(await publish(site, 'Second wording.')).toBe(2);

    const { config: after } = await config(site);
    expect(after.notice.version).toBe(2);
    expect(after.notice.summary.join(' ')).toContain('Second wording.');
    const current = (await (await api(`/v1/sites/${site}/notices/current`)).json()) as NoticeVersion;
    expect(current.version).toBe(2);
    const page = await (await api(`/v1/sites/${site}/privacy`)).text();
    expect(page).toContain('Second wording.');
    expect(page).toMatch(/Version 2, in effect from [^<]*<\/span> \(in force/);
    // The script carries only the gate's share of the config (contract/site.ts embedConfig): the
    // version in force, which is what tells a returning visitor to be asked again.
    const script = await (await api(`/v1/sites/${site}/embed.js`)).text();
    expect(script).toContain('"notice":{"version":2,');

    for (const path of PUBLIC_GETS) {
      const stale = await api(`/v1/sites/${site}${path}`, { headers: { 'If-None-Match': before[path]! } });
      expect(stale.status, path).toBe(200);
      expect(stale.headers.get('ETag'), path).not.toBe(before[path]);
    }
    // The first version is still there at its own address, unchanged.
    const first = (await (await api(`/v1/sites/${site}/notices/1`)).json()) as NoticeVersion;
    expect(first.version).toBe(1);
    expect(first.document.summary.join(' ')).not.toContain('Second wording.');
  });

  it('shows a settings change at once in the config and the embed script', async () => {
    const site = 'cache-settings';
    await createSite(site);
    const before = await config(site);
    const embedBefore = await api(`/v1/sites/${site}/embed.js`);
    expect(before.config.organisation.name).toBe('Test Clinic');

    const saved = await admin(`/v1/admin/sites/${site}`, 'PUT', {
      organisation: { name: 'Renamed Clinic' },
      allowedOrigins: [CLINIC_ORIGIN],
      consentExpiryMonths: 9,
    });
    expect(saved.status).toBe(200);

    const after = await config(site);
    expect(after.config.organisation.name).toBe('Renamed Clinic');
    expect(after.config.consentExpiryMonths).toBe(9);
    expect(after.etag).not.toBe(before.etag);
    const revalidated = await api(`/v1/sites/${site}/config`, { headers: { 'If-None-Match': before.etag } });
    expect(revalidated.status).toBe(200);
    const script = await api(`/v1/sites/${site}/embed.js`, {
      headers: { 'If-None-Match': embedBefore.headers.get('ETag')! },
    });
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('"consentExpiryMonths":9,');
  });

  it('reads a change written elsewhere afresh for a receipt at once, and for public reads after any admin write', async () => {
    // Straight to D1, as a write through another isolate would be: this isolate did not see it.
    const site = 'cache-direct';
    await createSite(site);
    expect((await config(site)).config.organisation.name).toBe('Test Clinic');
    const writeElsewhere = async (change: Record<string, unknown>) => {
      const row = await env.DB.prepare('SELECT settings FROM sites WHERE id = ?')
        .bind(site)
        .first<{ settings: string }>();
      const settings = { ...JSON.parse(row!.settings), ...change };
      await env.DB.prepare('UPDATE sites SET settings = ? WHERE id = ?').bind(JSON.stringify(settings), site).run();
    };

    await writeElsewhere({ organisation: { name: 'Written Elsewhere' } });
    // Any admin write through this isolate forgets what it read about every site.
    await createSite('cache-direct-other');
    expect((await config(site)).config.organisation.name).toBe('Written Elsewhere');

    // A receipt never relies on a state read before: an origin removed elsewhere is refused at once.
    await writeElsewhere({ allowedOrigins: ['https://another.test'] });
    const refused = await postReceipt(site, receiptRequest());
    expect(refused.status).toBe(403);
    expectErrorShape(await refused.json());
    expect(await receiptCount(site)).toBe(0);
  });
});

describe('bad input changes nothing kept', () => {
  it('answers an unknown section, a bad version and a scheduled one with the JSON error, then the real answers', async () => {
    const { etag } = await config();
    for (const [path, status] of [
      ['/notices/current/sections/no-such-section', 404],
      ['/notices/current/sections/BAD%20ID', 404],
      ['/notices/999', 404],
      ['/notices/0', 400],
      ['/notices/1e3', 400],
      ['/privacy?version=999', 404],
    ] as const) {
      const response = await api(`/v1/sites/${SITE}${path}`, { headers: { 'If-None-Match': '*' } });
      expect(response.status, path).toBe(status);
      expectErrorShape(await response.json());
    }
    const unknown = await api('/v1/sites/no-such-clinic/config', { headers: { 'If-None-Match': '*' } });
    expect(unknown.status).toBe(404);
    expectErrorShape(await unknown.json());
    expect((await config()).etag).toBe(etag);
    const section = await api(`/v1/sites/${SITE}/notices/current/sections/cookies`);
    expect(section.status).toBe(200);
    const body = (await section.json()) as NoticeVersion & { partial: boolean };
    expect(body.partial).toBe(true);
    expect(body.document.sections.map((candidate) => candidate.id)).toEqual(['cookies']);
  });
});

describe('a kept answer belongs to one site, one Worker origin and one page origin', () => {
  const OTHER_ORIGIN = 'https://other-clinic.test';
  const STRANGER = 'https://stranger.test';

  /** The same Worker reached under another host name (a custom domain beside workers.dev). */
  async function viaHost(host: string, path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`${host}${path}`, init), env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  it('never serves one site’s config, script, notice or section for another with the same settings and wording', async () => {
    // Two sites whose stored settings text is identical, each with its own notice.
    await createSite('twin-a', [CLINIC_ORIGIN, OTHER_ORIGIN]);
    await createSite('twin-b', [CLINIC_ORIGIN, OTHER_ORIGIN]);
    for (const path of [
      '/config',
      '/embed.js',
      '/notices/current',
      '/notices/1',
      '/notices/current/sections/cookies',
    ]) {
      const a = await (await api(`/v1/sites/twin-a${path}`)).text();
      const b = await (await api(`/v1/sites/twin-b${path}`)).text();
      expect(a, path).toContain('twin-a');
      expect(a, path).not.toContain('twin-b');
      expect(b, path).toContain('twin-b');
      expect(b, path).not.toContain('twin-a');
    }
  });

  it('names the Worker origin that was asked, not the one a kept answer was first built for', async () => {
    await createSite('twin-host');
    const first = (await (await api('/v1/sites/twin-host/config')).json()) as SiteConfig;
    expect(first.notice.url.startsWith(`${WORKER}/`)).toBe(true);
    const other = await viaHost('https://consent.example', '/v1/sites/twin-host/config');
    expect(((await other.json()) as SiteConfig).notice.url.startsWith('https://consent.example/')).toBe(true);
    // The script names no Worker address at all: it takes its own from its src.
    const script = await (await viaHost('https://consent.example', '/v1/sites/twin-host/embed.js')).text();
    expect(script).not.toContain('https://consent.example');
    expect(script).not.toContain(WORKER);
  });

  it('grants CORS to the page origin asking, on 200 and 304, and refuses a stranger even when the answer is kept', async () => {
    await createSite('twin-cors', [CLINIC_ORIGIN, OTHER_ORIGIN]);
    for (const path of PUBLIC_GETS) {
      const url = `/v1/sites/twin-cors${path}`;
      const warm = await api(url, { headers: { Origin: CLINIC_ORIGIN } });
      expect(warm.headers.get('Access-Control-Allow-Origin'), path).toBe(CLINIC_ORIGIN);
      const etag = warm.headers.get('ETag')!;
      const variants: Record<string, string>[] = [{}, { 'If-None-Match': etag }, { 'Accept-Encoding': 'gzip' }];
      for (const headers of variants) {
        const other = await api(url, { headers: { ...headers, Origin: OTHER_ORIGIN } });
        expect([200, 304], path).toContain(other.status);
        expect(other.headers.get('Access-Control-Allow-Origin'), path).toBe(OTHER_ORIGIN);
        expect(other.headers.get('Vary'), path).toContain('Origin');
        const stranger = await api(url, { headers: { ...headers, Origin: STRANGER } });
        expect(stranger.status, path).toBe(403);
        expect(stranger.headers.get('Access-Control-Allow-Origin'), path).toBeNull();
        expectErrorShape(await stranger.json());
      }
    }
  });
});

describe('compressed answers', () => {
  async function gunzip(response: Response): Promise<string> {
    return new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).text();
  }

  it('sends gzip to a client that accepts it, the same entity and validator as the plain answer', async () => {
    for (const path of PUBLIC_GETS) {
      const url = `/v1/sites/${SITE}${path}`;
      const plain = await api(url);
      expect(plain.headers.get('Content-Encoding'), path).toBeNull();
      const text = await plain.text();
      for (const acceptEncoding of ['gzip', 'gzip, deflate, br, zstd', 'br;q=1, *;q=0.5']) {
        const zipped = await api(url, { headers: { 'Accept-Encoding': acceptEncoding } });
        expect(zipped.headers.get('Content-Encoding'), `${path} ${acceptEncoding}`).toBe('gzip');
        expect(zipped.headers.get('Vary'), path).toContain('Accept-Encoding');
        expect(zipped.headers.get('ETag'), path).toBe(plain.headers.get('ETag'));
        expect(await gunzip(zipped), path).toBe(text);
      }
      for (const acceptEncoding of ['identity', 'gzip;q=0', 'br', '*;q=0']) {
        const refused = await api(url, { headers: { 'Accept-Encoding': acceptEncoding } });
        expect(refused.headers.get('Content-Encoding'), `${path} ${acceptEncoding}`).toBeNull();
        expect(await refused.text(), path).toBe(text);
      }
    }
  });

  it('compresses the new version after a publish, never the old one', async () => {
    const site = 'cache-gzip-publish';
    await createSite(site);
    const gzip = { headers: { 'Accept-Encoding': 'gzip' } };
    for (const path of PUBLIC_GETS)
      expect(await gunzip(await api(`/v1/sites/${site}${path}`, gzip))).not.toContain('Fresh wording.');
    await publish(site, 'Fresh wording.');
    for (const path of PUBLIC_GETS) {
      // The script carries the version in force, not the wording.
      const fresh = path === '/embed.js' ? '"notice":{"version":2,' : 'Fresh wording.';
      expect(await gunzip(await api(`/v1/sites/${site}${path}`, gzip)), path).toContain(fresh);
    }
  });
});
