import { beforeAll, describe, expect, it } from 'vitest';
import { admin, api, createSite, expectErrorShape, noticeSource } from './helpers.js';

const SITE = 'markup-clinic';
const EMPTY = 'markup-empty';

const markup = (site: string, query = '', init: RequestInit = {}) =>
  api(`/v1/sites/${site}/notice-markup${query}`, init);

beforeAll(async () => {
  await createSite(SITE);
  const created = await admin(`/v1/admin/sites/${EMPTY}`, 'PUT', {
    organisation: { name: 'Quiet Clinic' },
    allowedOrigins: ['https://clinic.test'],
  });
  expect(created.status).toBe(201);
});

describe('GET /v1/sites/:site/notice-markup', () => {
  it('is the current notice as <candour-notice> with a declarative shadow root, a plain fallback and its JSON', async () => {
    const response = await markup(SITE);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/^(<!--[^>]*-->)*<candour-notice\s+site="markup-clinic" lang="en-GB" heading-level="2">/);
    expect(body).toMatch(/<candour-notice[^>]*><template [^>]*shadowrootmode="open"/);
    // Drawn by the element itself (its section disclosure buttons), every section open.
    expect(body).toMatch(/aria-expanded="true"/);
    expect(body).toContain('We are a test clinic.');
    expect(body).toContain('<div data-candour-fallback');
    const json = /<script type="application\/json" data-candour-notice>(.*?)<\/script>/s.exec(body)?.[1];
    expect(JSON.parse(json!)).toMatchObject({ site: SITE, version: 1 });
    expect(body.trimEnd()).toMatch(/<\/candour-notice>(<!--[^>]*-->)*$/);
  });

  it('answers the Welsh frame and a heading level, as npm run notice-markup does', async () => {
    const body = await (await markup(SITE, '?lang=cy&heading-level=1')).text();
    expect(body).toMatch(/<candour-notice\s+site="markup-clinic" lang="cy" heading-level="1">/);
    expect(body).toMatch(/<h1[ >]/);
  });

  it('carries a validator that moves with each publish, and answers 304 to it', async () => {
    const first = await markup(SITE);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('Cache-Control')).toMatch(/max-age=60/);
    const again = await markup(SITE, '', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await markup(SITE, '?heading-level=1')).headers.get('ETag')).not.toBe(etag);

    const published = await admin(`/v1/admin/sites/${SITE}/notices`, 'POST', {
      source: noticeSource(SITE, { wording: 'A second wording of the notice.' }),
    });
    expect(published.status).toBe(201);
    const after = await markup(SITE, '', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
    expect(await after.text()).toContain('A second wording of the notice.');
    // An earlier version stays available by number.
    const pinned = await (await markup(SITE, '?version=1')).text();
    expect(pinned).not.toContain('A second wording of the notice.');
  });

  it.each([
    ['an unknown site', 'no-such-clinic', '', 404, 'site_not_found'],
    ['a malformed site id', 'Bad_Site', '', 404, 'site_not_found'],
    ['a language it does not have', SITE, '?lang=fr', 400, 'invalid_query'],
    ['a heading level out of range', SITE, '?heading-level=7', 400, 'invalid_query'],
    ['a version that is not a number', SITE, '?version=latest', 400, 'invalid_query'],
    ['a version never published', SITE, '?version=99', 404, 'notice_not_found'],
    ['a site with no notice yet', EMPTY, '', 404, 'notice_not_found'],
  ])('answers %s with the JSON error shape', async (_, site, query, status, code) => {
    const response = await markup(site, query);
    expect(response.status).toBe(status);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe(code);
  });
});
