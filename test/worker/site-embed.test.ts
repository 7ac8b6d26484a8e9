import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeVersion } from '../../contract/notice.js';
import { embedConfig, type EmbedConfig, type SiteConfig } from '../../contract/site.js';
import { api, CLINIC_ORIGIN, createSite, expectErrorShape } from './helpers.js';

const SITE = 'embed-clinic';

beforeAll(async () => {
  await createSite(SITE);
});

/** What the script sets on its own element before the embed runs. */
function carriedConfig(script: string): EmbedConfig {
  const match = /^document\.currentScript&&\(document\.currentScript\.candourConfig=(.*)\);\n/.exec(script);
  if (!match) throw new Error('no config at the head of the script');
  return JSON.parse(match[1]!) as EmbedConfig;
}

describe('site-specific embed script', () => {
  it('carries the gate’s share of the config /config answers, ahead of the embed code', async () => {
    const response = await api(`/v1/sites/${SITE}/embed.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('javascript');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    const script = await response.text();
    const config = (await (await api(`/v1/sites/${SITE}/config`)).json()) as SiteConfig;
    expect(carriedConfig(script)).toEqual(embedConfig(config));
    // The site build of the embed code, not the generic tag's.
    const embed = await (await api('/v1/site-embed.js')).text();
    expect(script.endsWith(embed)).toBe(true);
    expect(embed).not.toBe(await (await api('/v1/embed.js')).text());
  });

  it('answers 304 to its own ETag, and another site’s script has another ETag', async () => {
    const first = await api(`/v1/sites/${SITE}/embed.js`);
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await api(`/v1/sites/${SITE}/embed.js`, { headers: { 'If-None-Match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await api(`/v1/sites/${SITE}/embed.js`, { headers: { 'If-None-Match': '"0000"' } });
    expect(stale.status).toBe(200);

    // Another site's script is another config, so another validator.
    await createSite('embed-clinic-two');
    const other = await api('/v1/sites/embed-clinic-two/embed.js');
    expect(other.headers.get('ETag')).not.toBe(etag);
    expect(carriedConfig(await other.text()).site).toBe('embed-clinic-two');
  });

  it('answers an unknown site with the JSON error shape, and a CORS read from a stranger with 403', async () => {
    for (const site of ['no-such-clinic', 'Bad_Id']) {
      const response = await api(`/v1/sites/${site}/embed.js`);
      expect(response.status).toBe(404);
      expectErrorShape(await response.json());
    }
    const stranger = await api(`/v1/sites/${SITE}/embed.js`, { headers: { Origin: 'https://stranger.test' } });
    expect(stranger.status).toBe(403);
    expectErrorShape(await stranger.json());
    const own = await api(`/v1/sites/${SITE}/embed.js`, { headers: { Origin: CLINIC_ORIGIN } });
    expect(own.status).toBe(200);
    expect(own.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
  });
});

describe('one section of the current notice (for a compact notice)', () => {
  it('answers layer 1 and that section only, as the current version', async () => {
    const full = (await (await api(`/v1/sites/${SITE}/notices/current`)).json()) as NoticeVersion;
    const response = await api(`/v1/sites/${SITE}/notices/current/sections/cookies`);
    expect(response.status).toBe(200);
    const partial = (await response.json()) as NoticeVersion & { partial: boolean };
    expect(partial).toMatchObject({ partial: true, version: full.version, hash: full.hash });
    expect(partial.document.sections).toEqual(full.document.sections.filter((section) => section.id === 'cookies'));
    expect(partial.document.summary).toEqual(full.document.summary);
    expect(partial.document.organisation).toBe(full.document.organisation);
    expect(partial.document.services).toEqual([]);
  });

  it('answers a section the notice lacks, or an unknown site, with the JSON error shape', async () => {
    for (const path of [
      `/v1/sites/${SITE}/notices/current/sections/nothing-here`,
      '/v1/sites/no-such-clinic/notices/current/sections/cookies',
    ]) {
      const response = await api(path);
      expect(response.status).toBe(404);
      expectErrorShape(await response.json());
    }
  });
});
