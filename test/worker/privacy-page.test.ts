import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDocument } from '../../contract/notice.js';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, noticeSource } from './helpers.js';

const SITE = 'privacy-clinic';
const SCHEDULED = 'privacy-scheduled';
const HOSTILE = 'privacy-hostile';
const EMPTY = 'privacy-empty';

const page = (site: string, query = '', init: RequestInit = {}) => api(`/v1/sites/${site}/privacy${query}`, init);

/**
 * A stored version the compiler would never write: script in every string, a `javascript:` link,
 * an id that tries to leave its attribute. Written straight into D1, as an old or tampered row.
 */
function hostileDocument(site: string): NoticeDocument {
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  return {
    site,
    language: 'en-GB',
    title: `Title ${evil}`,
    organisation: `Org ${evil}`,
    summary: [`Summary ${evil}`],
    audiences: [],
    facts: {
      controller: { name: 'x' },
      complaints: [],
      purposes: [],
      recipients: [],
      retention: [],
      transfers: [],
      rights: [],
    },
    services: [
      {
        id: 'a',
        name: 'A',
        category: 'analytics',
        provider: 'P',
        purpose: 'p',
        cookies: [
          {
            name: `_c${evil}`,
            provider: `P${evil}`,
            purpose: `purpose ${evil}`,
            duration: '1 day',
            source: { kind: 'provider', name: `Docs ${evil}`, url: 'javascript:alert(3)' },
          },
        ],
      },
    ],
    sections: [
      {
        id: 'cookies" onmouseover="alert(4)',
        title: `Cookies ${evil}`,
        summary: `Section summary ${evil}`,
        audiences: [],
        blocks: [
          { type: 'heading', level: 3, text: `Sub ${evil}`, id: 'x"><script>alert(5)</script>' },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: `Text ${evil}` },
              { type: 'link', href: 'javascript:alert(6)', text: 'click me' },
              { type: 'link', href: 'data:text/html,<script>alert(7)</script>', text: 'data link' },
              { type: 'code', text: evil },
            ],
          },
          {
            type: 'table',
            caption: `Caption ${evil}`,
            head: [`H"><script>alert(8)</script>`],
            align: ['left" onclick="alert(9)' as 'left'],
            rows: [[[{ type: 'text', text: `Cell ${evil}` }]]],
          },
          { type: 'list', ordered: true, start: 3, items: [[{ type: 'em', text: evil }]] },
          { type: 'quote', blocks: [{ type: 'paragraph', content: [{ type: 'strong', text: evil }] }] },
        ],
      },
    ],
  };
}

beforeAll(async () => {
  await createSite(SITE);
  await createSite(SCHEDULED);
  const scheduled = await admin(`/v1/admin/sites/${SCHEDULED}/notices`, 'POST', {
    source: noticeSource(SCHEDULED, { wording: 'Announced next week, not before.', extraCookie: true }),
    effectiveAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  expect(scheduled.status).toBe(201);

  await createSite(HOSTILE);
  // In force from now: after version 1, which createSite made effective a moment ago.
  const past = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO notices (site_id, version, hash, cookie_revision, source, document, material,
       effective_at, published_at, published_by) VALUES (?, 2, 'hostile-hash', 'r', '', ?, 0, ?, ?, 'test')`,
  )
    .bind(HOSTILE, JSON.stringify(hostileDocument(HOSTILE)), past, past)
    .run();

  const created = await admin(`/v1/admin/sites/${EMPTY}`, 'PUT', {
    organisation: { name: 'Quiet Clinic' },
    allowedOrigins: [CLINIC_ORIGIN],
  });
  expect(created.status).toBe(201);
});

describe('GET /v1/sites/:site/privacy', () => {
  it('is the whole current notice as one HTML page: summary, contents, every section, the cookie table', async () => {
    const response = await page(SITE);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    const body = await response.text();
    expect(body).toMatch(/^<!doctype html>/);
    expect(body).toContain('<html lang="en-GB">');
    expect(body).toContain('Test Clinic looks after your information.');
    // Contents links land on the section anchors the widget uses for deep links.
    expect(body).toContain('<a href="#about">About us</a>');
    expect(body).toContain('<a href="#cookies">Cookies</a>');
    expect(body).toContain('<h2 id="about">About us</h2>');
    expect(body).toContain('<h2 id="cookies">Cookies</h2>');
    expect(body).toContain('id="section-cookies"');
    expect(body).toContain('Who we are.');
    expect(body).toContain('We are a test clinic.');
    expect(body).toMatch(/<caption>\s*Cookies declared for this site\s*<\/caption>/);
    expect(body).toContain('<code>_ga</code> (Analytics Ltd)');
    expect(body).toContain('Tells visits apart');
    expect(body).toContain('Our privacy policy');
    expect(body).toMatch(/Version 1, in effect from \d{1,2} [A-Z][a-z]+ \d{4}/);
    // Needs no script at all.
    expect(body).not.toMatch(/<script/i);
    expect(body).toContain('<link rel="stylesheet" href="/v1/privacy.css" />');
  });

  it('carries the strict page policy, short caching, its language and a validator', async () => {
    const response = await page(SITE);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('Permissions-Policy')).toContain('camera=()');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('Content-Language')).toBe('en-GB');
    expect(response.headers.get('ETag')).toMatch(/^"[0-9a-f]{64}\.en\.1"$/);
  });

  it('answers 304 with no body to a matching If-None-Match, and 200 to a stale one', async () => {
    const etag = (await page(SITE)).headers.get('ETag')!;
    const again = await page(SITE, '', { headers: { 'If-None-Match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await page(SITE, '', { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
    // The Welsh page is another entity: the English validator does not match it.
    const welsh = await page(SITE, '?lang=cy', { headers: { 'If-None-Match': etag } });
    expect(welsh.status).toBe(200);
    expect(welsh.headers.get('ETag')).not.toBe(etag);
  });

  it('speaks Welsh with ?lang=cy and names both languages as alternates', async () => {
    const response = await page(SITE, '?lang=cy');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Language')).toBe('cy');
    const body = await response.text();
    expect(body).toContain('<html lang="cy">');
    expect(body).toContain('<h2 id="candour-summary">Crynodeb</h2>');
    expect(body).toContain('Cynnwys');
    expect(body).toMatch(/<caption>\s*Cwcis a ddatganwyd ar gyfer y wefan hon\s*<\/caption>/);
    expect(body).toMatch(/Fersiwn 1, mewn grym o \d{1,2} [A-Z][a-z]+ \d{4}/);
    // The notice's own text stays in the language its author wrote, marked as such.
    expect(body).toMatch(/id="section-about"\s+lang="en-GB"/);
    const alternate = (tag: string, lang: string) =>
      new RegExp(
        `rel="alternate"\\s+hreflang="${tag}"\\s+href="https://consent.test/v1/sites/${SITE}/privacy\\?lang=${lang}"`,
      );
    expect(body).toMatch(alternate('en-GB', 'en'));
    expect(body).toMatch(alternate('cy', 'cy'));
  });

  it('shows nothing of a version scheduled for later, and will not show it by number', async () => {
    const body = await (await page(SCHEDULED)).text();
    expect(body).toContain('Test Clinic looks after your information.');
    expect(body).not.toContain('Announced next week');
    expect(body).not.toContain('_ga_*');
    expect(body).not.toContain('Version 2');
    expect(body).not.toContain('Earlier versions');
    const pinned = await page(SCHEDULED, '?version=2');
    expect(pinned.status).toBe(404);
    const error = await pinned.json();
    expectErrorShape(error);
    expect(error.error.code).toBe('notice_not_found');
    expect(JSON.stringify(error)).not.toContain('Announced');
  });

  it('writes every string of a hostile stored notice as text, and no unsafe link', async () => {
    const response = await page(HOSTILE);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toMatch(/ on[a-z]+="/i);
    expect(body).not.toContain('javascript:');
    expect(body).not.toMatch(/<a [^>]*href="data:/);
    expect(body).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('Text &lt;script&gt;');
    // The refused links keep their words, as plain text.
    expect(body).toContain('click me');
    expect(body).toContain('data link');
    expect(body).toContain('Docs &lt;script&gt;');
    // It lists the earlier, clean version it replaced, as a link to that version's page.
    expect(body).toContain(`href="https://consent.test/v1/sites/${HOSTILE}/privacy?lang=en&amp;version=1"`);
  });

  it('shows an earlier version that was in force, saying it has been replaced', async () => {
    const response = await page(HOSTILE, '?version=1');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('You are reading version 1');
    expect(body).toContain('Read the current version');
    expect(body).toContain('Test Clinic looks after your information.');
    expect(response.headers.get('ETag')).toMatch(/\.en\.2"$/);
  });

  it('refuses a bad query with the JSON error shape, but ignores a campaign tag', async () => {
    for (const query of ['?lang=fr', '?lang=%3Cscript%3E', '?version=0', '?version=abc']) {
      const response = await page(SITE, query);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('invalid_query');
    }
    expect((await page(SITE, '?utm_source=newsletter')).status).toBe(200);
  });

  it('is a JSON 404 for a site nobody registered', async () => {
    const response = await page('no-such-clinic');
    expect(response.status).toBe(404);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('site_not_found');
  });

  it('is an HTML 404 page for a registered site with no notice yet', async () => {
    const response = await page(EMPTY);
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain('This site has not published a privacy notice yet.');
    expect(body).toContain('Quiet Clinic');
    expect(await (await page(EMPTY, '?lang=cy')).text()).toContain('Nid yw’r wefan hon wedi cyhoeddi');
  });

  it('is linked from the demo clinic’s privacy page', async () => {
    const body = await (await api(`/demo/${SITE}/privacy`)).text();
    expect(body).toContain(`<a href="/v1/sites/${SITE}/privacy">This notice as a plain page</a>`);
  });
});
