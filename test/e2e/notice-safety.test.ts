import type { Page } from 'playwright-core';
import type { NoticeVersion } from '../../contract/notice.js';
import { noticeSource } from '../fixtures/notice-source.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCall, createTestSite, hostPageAt, useBrowser, publish, workerBase } from './browser.js';
import { notice, noticeLoaded, openPrivacyPage, shownText } from './notice-page.js';

const session = useBrowser({ viewport: { width: 1280, height: 900 } });

const SITE = 'notice-e2e-safety';
const PWNED = 'window.__pwned = (window.__pwned || 0) + 1';

beforeAll(async () => {
  await createTestSite(SITE, noticeSource(SITE));
});

/** Whatever a page's notice made: elements that run or load something, handlers, script URLs. */
function dangerousNodes(target: Page): Promise<string[]> {
  return target.evaluate(() => {
    const found: string[] = [];
    for (const host of document.querySelectorAll('candour-notice')) {
      for (const element of host.shadowRoot!.querySelectorAll('*')) {
        if (/^(script|img|svg|iframe|object|embed|style|link|math|form|input|video|audio)$/.test(element.localName)) {
          found.push(element.localName);
        }
        for (const attribute of element.attributes) {
          if (/^on/i.test(attribute.name)) found.push(`${element.localName}[${attribute.name}]`);
          if (/^\s*(javascript|data|vbscript):/i.test(attribute.value))
            found.push(`${element.localName}[${attribute.name}=${attribute.value}]`);
        }
      }
    }
    return found;
  });
}

const pwned = (target: Page) => target.evaluate(() => (window as Window & { __pwned?: number }).__pwned ?? 0);

describe('a source that carries markup', () => {
  const attacks = [
    {
      what: '<script>',
      from: 'We are a test clinic.',
      to: `We are a test clinic.\n\n<script>${PWNED}</script>`,
      line: 41,
    },
    {
      what: 'an onerror attribute',
      from: 'We use analytics cookies',
      to: `<img src=x onerror="${PWNED}"> We use analytics cookies`,
      line: 44,
    },
    {
      what: 'a javascript: link',
      from: 'We are a test clinic.',
      to: 'We are a [test clinic](javascript:window.__pwned=1).',
      line: 39,
    },
  ];

  for (const attack of attacks) {
    it(`is refused when it has ${attack.what}: 422 with the line, nothing published, nothing run`, async () => {
      const response = await adminCall('POST', `/v1/admin/sites/${SITE}/notices`, {
        source: noticeSource(SITE).replace(attack.from, attack.to),
      });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
      expect(body.error.code).toBe('invalid_notice');
      expect(body.error.issues.map((issue) => issue.path)).toEqual([`${SITE}.md:${attack.line}`]);

      const versions = (await (await fetch(`${workerBase()}/v1/sites/${SITE}/notices`)).json()) as {
        versions: { version: number }[];
      };
      expect(versions.versions.map((version) => version.version)).toEqual([1]);
      await openPrivacyPage(session.page, SITE);
      await notice(session.page).getByRole('button', { name: 'Show the full notice' }).click();
      expect(await shownText(session.page)).toMatch(/Version 1,/);
      expect(await shownText(session.page)).not.toContain('pwned');
      expect(await dangerousNodes(session.page)).toEqual([]);
      expect(await pwned(session.page)).toBe(0);
    });
  }

  it('shows markup-looking text the compiler allows as text, and runs none of it', async () => {
    // A "<" followed by a space is text in Markdown; `&lt;script&gt;` would decode to a tag and is refused.
    const text = `Write to us < script>${PWNED}< /script> or < img src=x onerror="${PWNED}"> any time.`;
    const { version } = await publish(SITE, noticeSource(SITE).replace('We are a test clinic.', text));
    await openPrivacyPage(session.page, SITE);
    expect(await shownText(session.page)).toMatch(new RegExp(`Version ${version},`));
    await notice(session.page).getByRole('button', { name: 'About us' }).click();
    expect(await shownText(session.page)).toContain(text);
    // Lit has rendered and a frame has been drawn: anything that would run has had its chance.
    await session.page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    );
    expect(await dangerousNodes(session.page)).toEqual([]);
    expect(await pwned(session.page)).toBe(0);
  });
});

describe('a notice whose strings look like markup, given to the element directly', () => {
  it('renders every string as text: no element is created and nothing runs', async () => {
    const url = await hostPageAt('notice-hostile', {
      site: 'harmony-minds',
      body: '<candour-notice id="preview"></candour-notice>',
    });
    await session.page.goto(url);
    await session.page.waitForFunction(() => customElements.get('candour-notice') !== undefined);
    const markup = `<img src=x onerror="${PWNED}"><script>${PWNED}</script><svg onload="${PWNED}">`;
    const hostile: NoticeVersion = {
      site: 'harmony-minds',
      version: 7,
      hash: 'a'.repeat(64),
      cookieRevision: 'b'.repeat(64),
      effectiveAt: '2025-01-01T00:00:00.000Z',
      publishedAt: '2025-01-01T00:00:00.000Z',
      material: false,
      document: {
        site: 'harmony-minds',
        language: `en" onclick="${PWNED}`,
        title: `Title ${markup}`,
        organisation: `Org ${markup}`,
        lastUpdated: '2025-01-01',
        summary: [`Summary ${markup}`],
        audiences: [{ id: `x" onfocus="${PWNED}`, label: `Label ${markup}` }],
        facts: {
          controller: { name: 'x' },
          complaints: [],
          purposes: [],
          recipients: [],
          retention: [],
          transfers: [],
          rights: [],
        },
        services: [],
        sections: [
          {
            id: `cookies" autofocus onfocus="${PWNED}`,
            title: `Section ${markup}`,
            summary: `Section summary ${markup}`,
            audiences: [],
            blocks: [
              { type: 'heading', level: 3, text: `Heading ${markup}`, id: `h" onmouseover="${PWNED}` },
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: `Text ${markup}` },
                  { type: 'strong', text: `Strong ${markup}` },
                  { type: 'em', text: `Em ${markup}` },
                  { type: 'link', href: `javascript:${PWNED}`, text: 'script link' },
                  { type: 'link', href: ` JavaScript:${PWNED}`, text: 'spaced script link' },
                  { type: 'link', href: `data:text/html,<script>${PWNED}</script>`, text: 'data link' },
                  { type: 'link', href: 'https://example.org/"><script>', text: `Link ${markup}` },
                  { type: 'link', href: `#x" onclick="${PWNED}`, text: 'anchor link' },
                  { type: 'break' },
                  { type: 'code', text: `Code ${markup}` },
                ],
              },
              {
                type: 'list',
                ordered: true,
                start: `2" onclick="${PWNED}` as unknown as number,
                items: [[{ type: 'text', text: `Item ${markup}` }]],
              },
              { type: 'quote', blocks: [{ type: 'paragraph', content: [{ type: 'text', text: `Quote ${markup}` }] }] },
              { type: 'rule' },
              {
                type: 'table',
                caption: `Caption ${markup}`,
                head: [`Head ${markup}`],
                align: [`right" onclick="${PWNED}` as 'right'],
                rows: [[[{ type: 'text', text: `Cell ${markup}` }]]],
              },
            ],
          },
        ],
      },
    };
    await session.page.evaluate((value) => {
      const element = document.querySelector('candour-notice') as HTMLElement & { notice: unknown };
      element.notice = value;
    }, hostile);
    await noticeLoaded(session.page);
    await notice(session.page).getByRole('button', { name: 'Show the full notice' }).click();
    const text = await shownText(session.page);
    for (const label of [
      'Title',
      'Org',
      'Summary',
      'Section',
      'Section summary',
      'Heading',
      'Text',
      'Strong',
      'Em',
      'Item',
      'Code',
      'Quote',
      'Caption',
      'Head',
      'Cell',
    ]) {
      expect(text).toContain(`${label} ${markup}`);
    }
    // Unsafe addresses are shown as their words, not as links; the safe one stays a link.
    expect(
      await notice(session.page)
        .getByRole('link')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).toEqual(['https://example.org/"><script>']);
    expect(text).toContain('script link');
    expect(text).toContain('data link');
    expect(text).toContain('anchor link');
    await notice(session.page).locator('.content').hover();
    await notice(session.page).locator('#notice-title').click();
    await session.page.keyboard.press('Tab');
    // Lit has rendered and a frame has been drawn: anything that would run has had its chance.
    await session.page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    );
    expect(await dangerousNodes(session.page)).toEqual([]);
    expect(await pwned(session.page)).toBe(0);
  });
});

describe('caching a pinned version', () => {
  it('round-trips the ETag from a page on another origin: 200, then 304 with If-None-Match', async () => {
    const url = await hostPageAt('notice-etag', { site: 'harmony-minds' });
    await session.page.goto(url);
    const result = await session.page.evaluate(async (address) => {
      const first = await fetch(address, { cache: 'no-store' });
      const etag = first.headers.get('ETag');
      const body = (await first.json()) as { hash: string };
      const second = await fetch(address, { cache: 'no-store', headers: { 'If-None-Match': etag ?? '' } });
      return {
        first: first.status,
        etag,
        hash: body.hash,
        cacheControl: first.headers.get('Cache-Control'),
        second: second.status,
        secondBody: await second.text(),
      };
    }, `${workerBase()}/v1/sites/harmony-minds/notices/1`);
    expect(result).toEqual({
      first: 200,
      etag: `"${result.hash}"`,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      cacheControl: 'public, max-age=31536000, immutable',
      second: 304,
      secondBody: '',
    });
  });

  it('is kept by the browser: a second read comes from its cache', async () => {
    await openPrivacyPage(session.page, 'osjct');
    const address = `${workerBase()}/v1/sites/osjct/notices/1`;
    const sizes = await session.page.evaluate(async (url) => {
      await (await fetch(url)).json();
      await (await fetch(url)).json();
      return (performance.getEntriesByName(url) as PerformanceResourceTiming[]).map((entry) => ({
        transferred: entry.transferSize,
        body: entry.decodedBodySize,
      }));
    }, address);
    expect(sizes).toHaveLength(2);
    expect(sizes[0]!.transferred).toBeGreaterThan(0);
    expect(sizes[1]).toEqual({ transferred: 0, body: sizes[0]!.body });
  });
});
