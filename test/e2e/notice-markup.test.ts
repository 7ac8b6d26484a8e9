import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeVersion } from '../../contract/notice.js';
import { noticeMarkup } from '../../widget/notice-markup.js';
import { signIn } from './admin-support.js';
import { hostPageAt, recordRequests, useBrowser, workerBase } from './browser.js';

let notice: NoticeVersion;
let markup: string;

const PWNED = 'window.__pwned = (window.__pwned || 0) + 1';
/** Strings that would end the JSON's script element, or make elements, if anything let them through. */
const HOSTILE_SUMMARY = `We care. </script><script>${PWNED}</script><img src=x onerror="${PWNED}"> Always.`;
const HOSTILE_SECTION = `</template><script>${PWNED}</script> <!-- a comment --> & more`;

const session = useBrowser({}, { perTest: false });

/** What a webmaster copies: the Worker's answer (the admin's Notice view offers the same). */
const MARKUP_URL = () => `${workerBase()}/v1/sites/osjct/notice-markup`;

beforeAll(async () => {
  notice = (await (await fetch(`${workerBase()}/v1/sites/osjct/notices/current`)).json()) as NoticeVersion;
  const response = await fetch(MARKUP_URL());
  expect(response.status).toBe(200);
  markup = await response.text();
});

describe('the notice markup the Worker serves', () => {
  it('is what npm run notice-markup prints for the same version, byte for byte', async () => {
    expect(markup).toBe(await noticeMarkup(notice));
    expect(markup).toContain('shadowrootmode="open"');
  });

  it('is in the admin’s Notice view, ready to copy', async () => {
    const context = await session.newContext();
    const page = await context.newPage();
    await signIn(page, '#/osjct/notice');
    const box = page.getByLabel('Copy the notice’s HTML for your privacy page');
    await expect.poll(() => box.inputValue()).toBe(markup);
    expect(await box.getAttribute('readonly')).not.toBeNull();
    await context.close();
  });
});

/** A section's heading or button: its name is the title after the open/closed marker (− or +). */
const titled = (title: string) => new RegExp(`(^|\\s)${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const pwned = (page: Page) => page.evaluate(() => (window as Window & { __pwned?: number }).__pwned ?? 0);

describe('the server-rendered notice with JavaScript off', () => {
  it.each([320, 1280])(
    'reads completely at %i px: title, summary, every section, the fine-print tables',
    async (width) => {
      const url = await hostPageAt(`markup-${width}`, { site: 'osjct', body: markup });
      const context = await session.newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(url);
      const doc = notice.document;
      const element = page.locator('candour-notice');
      await expect(element.getByRole('heading', { level: 2, name: doc.title }).count()).resolves.toBe(1);
      await expect(element.getByText(doc.summary[0]!.slice(0, 60)).filter({ visible: true }).count()).resolves.toBe(1);
      for (const section of doc.sections) {
        // Shown once: the shadow root's copy; the light-DOM fallback is there for crawlers, not drawn.
        const title = element.getByRole('heading', { level: 3, name: titled(section.title) });
        expect(await title.count(), section.title).toBe(1);
        const summary = element.getByText(section.summary, { exact: true }).filter({ visible: true });
        expect(await summary.count(), section.title).toBeGreaterThanOrEqual(1);
      }
      const sixColumn = element.getByRole('table').filter({ has: page.locator('thead th:nth-child(6)') });
      expect(await sixColumn.count()).toBeGreaterThanOrEqual(7);
      await expect(sixColumn.first().getByRole('columnheader', { name: 'Retention period' }).count()).resolves.toBe(1);
      // The fallback and the data are in the light DOM, for search engines and for hydration.
      await expect(element.locator('[data-candour-fallback] h3').count()).resolves.toBe(doc.sections.length);
      await page.screenshot({ path: `/tmp/notice-markup-nojs-${width}.png` });
      await context.close();
    },
  );
});

describe('the server-rendered notice with JavaScript on', () => {
  it('hydrates: the same nodes stay, the notice is not fetched again, and the sections still open and close', async () => {
    const url = await hostPageAt('markup-hydrate', { site: 'osjct', body: markup });
    const context = await session.newContext({ viewport: { width: 1280, height: 800 } });
    const requests = recordRequests(context);
    const page = await context.newPage();
    // Hold the element's module until the server's markup is on screen and marked.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/v1\/chunks\/candour-notice-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    // Not until `load`: the page's load waits for the held module.
    await page.goto(url, { waitUntil: 'commit' });
    const title = page.locator('candour-notice').getByRole('heading', { level: 2, name: notice.document.title });
    await title.waitFor();
    await title.evaluate((node) => ((node as HTMLElement).dataset.fromServer = 'yes'));
    release();
    await page.waitForFunction(() => customElements.get('candour-notice') !== undefined);
    await page.evaluate(async () => {
      await (document.querySelector('candour-notice') as HTMLElement & { loaded: Promise<void> }).loaded;
    });
    // Lit took the server's nodes over rather than drawing new ones.
    await expect(title.getAttribute('data-from-server')).resolves.toBe('yes');
    expect(await page.locator('candour-notice').getByRole('heading', { level: 2 }).count()).toBe(1);
    expect(requests.map((request) => request.url()).filter((address) => address.includes('/notices/'))).toEqual([]);

    // The element works: a section closes and opens again, and a link in the notice is a link.
    const first = notice.document.sections[0]!;
    const disclosure = page.locator('candour-notice').getByRole('button', { name: titled(first.title) });
    await expect(disclosure.getAttribute('aria-expanded')).resolves.toBe('true');
    await disclosure.click();
    await expect.poll(() => disclosure.getAttribute('aria-expanded')).toBe('false');
    await expect(page.locator(`candour-notice #content-${first.id}`).isHidden()).resolves.toBe(true);
    await disclosure.click();
    await expect.poll(() => disclosure.getAttribute('aria-expanded')).toBe('true');
    const link = page.locator('candour-notice').getByRole('link').first();
    await expect(link.getAttribute('href')).resolves.toMatch(/^(https:|mailto:|tel:|#)/);

    const results = await new AxeBuilder({ page })
      .include('candour-notice')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
    await page.screenshot({ path: '/tmp/notice-markup-js-1280.png' });
    await context.close();
  });
});

describe('a notice whose text looks like markup', () => {
  it('stays text in the shadow root, the fallback and the JSON, with JavaScript off and on', async () => {
    const hostile: NoticeVersion = structuredClone(notice);
    hostile.document.summary[0] = HOSTILE_SUMMARY;
    hostile.document.sections[0]!.summary = HOSTILE_SECTION;
    const url = await hostPageAt('markup-hostile', { site: 'osjct', body: await noticeMarkup(hostile) });
    for (const javaScriptEnabled of [false, true]) {
      const context = await session.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(url);
      const element = page.locator('candour-notice');
      const shown = (text: string) => element.getByText(text, { exact: true }).filter({ visible: true }).count();
      await expect(shown(HOSTILE_SUMMARY)).resolves.toBe(1);
      await expect(shown(HOSTILE_SECTION)).resolves.toBe(1);
      // Only the JSON's own script element is inside, and it was not cut short.
      const inside = await page.locator('candour-notice script').count();
      expect(inside).toBe(1);
      await expect(page.locator('candour-notice img').count()).resolves.toBe(0);
      if (javaScriptEnabled) {
        await page.evaluate(async () => {
          await customElements.whenDefined('candour-notice');
          await (document.querySelector('candour-notice') as HTMLElement & { loaded: Promise<void> }).loaded;
        });
        await expect(shown(HOSTILE_SUMMARY)).resolves.toBe(1);
        expect(await pwned(page)).toBe(0);
      }
      await context.close();
    }
  });
});
