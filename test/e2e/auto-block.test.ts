import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from './admin-support.js';
import { banner, cookieNames, hostPageAt, recordRequests, toAnalytics, useBrowser, workerBase } from './browser.js';

/**
 * Automatic blocking (issue #12): scripts and frames from catalogued hosts, with no Candour
 * markup, held back until their category is granted. The catalogue's real hosts are answered by
 * stubs through Playwright routes, so every request the page makes to them is seen (and none
 * leaves the machine). Harmony Minds declares analytics only.
 */
const GTAG = 'https://www.googletagmanager.com/gtag/js';
const GTM = 'https://www.googletagmanager.com/gtm.js';
const PIXEL = 'https://connect.facebook.net/en_US/fbevents.js';
const YOUTUBE = 'https://www.youtube.com/embed/demo';
/** A host no catalogue entry names: what a clinic's own or a necessary supplier's script looks like. */
const PLATFORM = 'https://static.clinic-platform.test/loader.js';

/** Each stub records that it ran, in order, on window.ran; Google Analytics' also sets its cookie. */
function stub(name: string): string {
  const cookie = name.startsWith('G-') ? `document.cookie = '_ga=GA1.1.stub; path=/';` : '';
  return `(window.ran = window.ran || []).push(${JSON.stringify(name)});${cookie}`;
}

const TAG_MANAGER = `${stub('gtm')}
var s = document.createElement('script');
s.async = true;
s.src = '${GTAG}?id=G-FROM-GTM';
s.onload = function () { (window.ran = window.ran || []).push('gtm-onload'); };
document.head.appendChild(s);
var t = document.createElement('script');
t.setAttribute('src', '${PIXEL}');
document.head.appendChild(t);`;

let context: BrowserContext;
let page: Page;
let requests: string[];

const session = useBrowser({}, { perTest: false });

beforeEach(async () => {
  context = await session.newContext();
  requests = [];
  const answer = (body: string) => ({ status: 200, contentType: 'text/javascript', body });
  await context.route(
    /^https:\/\/(www\.googletagmanager\.com|connect\.facebook\.net|static\.clinic-platform\.test)\//,
    (route) => {
      const url = new URL(route.request().url());
      requests.push(url.href);
      if (url.pathname === '/gtm.js') return route.fulfill(answer(TAG_MANAGER));
      if (url.pathname === '/loader.js') return route.fulfill(answer(stub('platform')));
      return route.fulfill(answer(stub(url.searchParams.get('id') ?? url.pathname)));
    },
  );
  await context.route(/^https:\/\/www\.youtube\.com\//, (route) => {
    requests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>video</p>' });
  });
  page = await context.newPage();
});

const ran = () => page.evaluate(() => (window as unknown as { ran?: string[] }).ran ?? []);

async function openPage(name: string, head: string, body = '') {
  await page.goto(await hostPageAt(name, { site: 'harmony-minds', tag: 'site', head, body }));
  await (await banner(page)).waitFor();
  // The platform's own script runs at once: every script before it in the page has been dealt with.
  await expect.poll(ran).toContain('platform');
}

describe('automatic blocking without markup', () => {
  it('holds back a plain <script src> to Google Analytics and a tag manager’s, then runs both once after Accept', async () => {
    await openPage(
      'auto-parsed',
      `<script async src="${GTM}?id=GTM-TEST"></script>
       <script src="${GTAG}?id=G-PARSED"></script>
       <script src="${PLATFORM}"></script>`,
    );
    await expect.poll(ran).toContain('gtm');
    expect(await ran()).not.toContain('G-PARSED');
    expect(await ran()).not.toContain('G-FROM-GTM');
    // What a script inserts is held before the browser asks for it: not one request.
    expect(requests.filter((url) => url.includes('G-FROM-GTM'))).toEqual([]);
    expect(requests.filter((url) => url.startsWith(PIXEL))).toEqual([]);
    // The one request a plain tag written in the HTML can cost: Chromium's preload scanner reads
    // the HTML ahead of the parser (while embed.js downloads, or as later packets arrive) and asks
    // for the address before any script sees the element, so nothing on the page can take it back
    // (docs/webmasters.md says so, with the fix). It is only a download, which no element made: the
    // element is held as text/plain, the script never ran, no cookie was set; Accept runs it.
    expect(requests.filter((url) => url.includes('G-PARSED')).length).toBeLessThanOrEqual(1);
    await expect(page.locator(`script[src="${GTAG}?id=G-PARSED"]`).getAttribute('type')).resolves.toBe('text/plain');
    expect(await cookieNames(context)).not.toContain('_ga');

    await page.getByRole('button', { name: 'Accept all' }).click();
    // The ordered tag waits for the ordered scripts before it (the page's own analytics stand-in);
    // the tag manager's async one does not: wait for both, each a positive signal.
    await expect.poll(ran).toContain('G-FROM-GTM');
    await expect.poll(ran).toContain('G-PARSED');
    await expect.poll(ran).toContain('gtm-onload');
    const order = await ran();
    // Each once (the tag manager's is async, so it keeps no place in the order, as without Candour).
    expect(order.filter((name) => name.startsWith('G-'))).toEqual(expect.arrayContaining(['G-PARSED', 'G-FROM-GTM']));
    expect(order.filter((name) => name.startsWith('G-'))).toHaveLength(2);
    // Meta Pixel is marketing, which this site does not use: it is never released.
    expect(order).not.toContain('/en_US/fbevents.js');
    expect(requests.filter((url) => url.startsWith(PIXEL))).toEqual([]);
  });

  it('keeps them blocked after Reject all', async () => {
    const head = `<script src="${GTM}?id=GTM-TEST"></script>
      <script src="${GTAG}?id=G-PARSED"></script>
      <script src="${PLATFORM}"></script>`;
    await openPage('auto-reject', head);
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.reload();
    await expect.poll(ran).toContain('platform');
    await expect.poll(ran).toContain('gtm');
    expect(await ran()).not.toContain('G-PARSED');
    expect(await ran()).not.toContain('G-FROM-GTM');
    expect(requests.filter((url) => url.includes('G-FROM-GTM'))).toEqual([]);
  });

  it('runs once where markup gating and automatic blocking both apply', async () => {
    await openPage(
      'auto-and-markup',
      `<script type="text/plain" data-candour-category="analytics" src="${GTAG}?id=G-MARKED"></script>
       <script src="${PLATFORM}"></script>`,
    );
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(ran).toContain('G-MARKED');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect((await ran()).filter((name) => name === 'G-MARKED')).toHaveLength(1);
    expect(requests.filter((url) => url.includes('G-MARKED'))).toHaveLength(1);
  });

  it('never holds back a script from a host the catalogue does not name', async () => {
    await openPage('auto-necessary', `<script src="${PLATFORM}"></script>`);
    expect(await ran()).toEqual(['platform']);
  });

  it('holds back a YouTube frame behind the placeholder', async () => {
    await openPage(
      'auto-frame',
      `<script src="${PLATFORM}"></script>`,
      `<iframe title="Video" src="${YOUTUBE}"></iframe>`,
    );
    const frame = page.locator('iframe[title="Video"]');
    await expect.poll(() => frame.getAttribute('data-candour-category')).toBe('marketing');
    expect(await frame.getAttribute('src')).not.toBe(YOUTUBE);
  });
});

describe('the demo clinics whose analytics arrives without markup', () => {
  it.each([
    ['serene-self', 'a Wix-style platform loader'],
    ['osjct', 'a tag-manager loader'],
  ])('%s (%s): nothing reaches the analytics origin before Accept; withdrawal clears _ga', async (site) => {
    const seen = recordRequests(context);
    await page.goto(`${workerBase()}/demo/${site}`);
    await (await banner(page)).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('script[data-candour-category]:not([type="text/plain"])').count()).toBe(0);
    expect(toAnalytics(seen)).toEqual([]);
    expect(await cookieNames(context)).not.toContain('_ga');

    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => toAnalytics(seen).length).toBeGreaterThan(0);
    await expect.poll(() => cookieNames(context)).toEqual(expect.arrayContaining(['_ga', '_ga_DEMO']));

    await page.evaluate(() => window.candour!.withdraw());
    await expect.poll(async () => (await cookieNames(context)).filter((name) => name.startsWith('_ga'))).toEqual([]);
  });

  it('serene-self: after a visitor accepts, the admin’s Cookies view lists _ga and _ga_DEMO, which its notice never declared, and drafts their declaration', async () => {
    await page.goto(`${workerBase()}/demo/serene-self`);
    await (await banner(page)).waitFor();
    const reported = page.waitForRequest((request) => request.url().endsWith('/cookies/discovered'));
    await page.getByRole('button', { name: 'Accept all' }).click();
    expect((await reported).postDataJSON().names).toEqual(expect.arrayContaining(['_ga', '_ga_DEMO']));

    const admin = await session.newContext();
    const view = await admin.newPage();
    await signIn(view, '#/serene-self/cookies');
    const cookies = view.locator('candour-admin-cookies');
    const listed = (name: string) =>
      cookies.getByRole('listitem').filter({ has: view.getByRole('heading', { name, exact: true }) });
    await expect.poll(() => listed('_ga_DEMO').isVisible()).toBe(true);
    expect(await listed('_ga').innerText()).toMatch(/Google Analytics/);
    await listed('_ga').getByRole('button', { name: 'Declare in notice draft' }).click();
    await expect
      .poll(() => view.getByRole('status').first().innerText())
      .toContain('and its cookies are now in the notice draft');
    await admin.close();
  });
});
