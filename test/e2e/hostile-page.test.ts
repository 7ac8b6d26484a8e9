/**
 * A clinic's page is not all the clinic's: a comment form that allows HTML, a plugin, a script
 * that writes cookies. None of it may turn Candour into a way to run code or to fake consent.
 */
import type { Request } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../contract/site.js';
import {
  analyticsOrigin,
  banner,
  hostBase,
  hostPageAt,
  useBrowser,
  recordRequests,
  toAnalytics,
  workerBase,
} from './browser.js';

const session = useBrowser();

/** An attacker's host, answered by the test itself (no DNS, no network). */
const EVIL = 'http://evil.test';

let requests: Request[];
let warnings: string[];

beforeEach(async () => {
  requests = recordRequests(session.context);
  await session.context.route(`${EVIL}/**`, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'window.evil = (window.evil || []).concat(document.currentScript && document.currentScript.src);',
    }),
  );
  warnings = [];
  session.page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
});

const toEvil = () => requests.map((request) => request.url()).filter((url) => url.startsWith(EVIL));
const flag = (name: string) =>
  session.page.evaluate((key) => (window as unknown as Record<string, unknown>)[key], name);

async function acceptAll(): Promise<void> {
  await session.page.getByRole('button', { name: 'Accept all' }).click();
}

describe('the gate releases only optional categories', () => {
  it('never runs or loads markup marked necessary or an unknown category, even after Accept all', async () => {
    const url = await hostPageAt('hostile-necessary', {
      site: 'harmony-minds',
      body: `
<script type="text/plain" data-candour-category="necessary">window.ranNecessary = true;</script>
<script type="text/plain" data-candour-category="necessary" src="${EVIL}/necessary.js"></script>
<script type="text/plain" data-candour-category="essential">window.ranUnknown = true;</script>
<iframe title="necessary frame" data-candour-category="necessary" data-src="${EVIL}/frame.html"></iframe>
<script type="text/plain" data-candour-category="analytics">window.ranAnalytics = true;</script>`,
    });
    await session.page.goto(url);
    await acceptAll();
    await session.page.waitForFunction(() => 'ranAnalytics' in window && 'demoAnalytics' in window);
    expect(await flag('ranNecessary')).toBeUndefined();
    expect(await flag('ranUnknown')).toBeUndefined();
    expect(toEvil()).toEqual([]);
    expect(await session.page.getByTitle('necessary frame').getAttribute('src')).toBeNull();
    expect(warnings.filter((text) => text.includes('necessary')).length).toBeGreaterThan(0);
    expect(warnings.some((text) => text.includes('essential'))).toBe(true);
  });

  it('keeps injected markup inert under a strict-dynamic policy, running only scripts with the embed’s nonce', async () => {
    const nonce = 'r4nd0mN0nce';
    const url = await hostPageAt('hostile-strict-dynamic', {
      site: 'harmony-minds',
      csp: `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`,
      embedAttributes: `nonce="${nonce}"`,
      body: `
<div class="comment">Great clinic!
<script type="text/plain" data-candour-category="necessary" src="${EVIL}/necessary.js"></script>
<script type="text/plain" data-candour-category="analytics" src="${EVIL}/analytics.js"></script>
<script type="text/plain" data-candour-category="analytics">window.injectedInline = true;</script>
</div>
<script type="text/plain" data-candour-category="analytics" nonce="${nonce}">window.clinicInline = true;</script>
<script type="text/plain" data-candour-category="analytics" nonce="${nonce}" src="${analyticsOrigin()}/demo-analytics/ga.js?nonced"></script>`,
    });
    await session.page.goto(url);
    await banner(session.page).then((region) => region.waitFor());
    await acceptAll();
    await session.page.waitForFunction(() => 'clinicInline' in window && 'demoAnalytics' in window);
    expect(toEvil()).toEqual([]);
    expect(await flag('evil')).toBeUndefined();
    expect(await flag('injectedInline')).toBeUndefined();
    // The page's own gated tag without the nonce stays inert too: only the nonced copy loaded.
    expect(toAnalytics(requests).filter((request) => request.includes('/ga.js'))).toEqual([
      `${analyticsOrigin()}/demo-analytics/ga.js?nonced`,
    ]);
    expect(warnings.some((text) => text.includes('nonce'))).toBe(true);
  });
});

describe('held-back iframes', () => {
  it('never load a javascript:, data:, blob: or vbscript: data-src, however it is spelt', async () => {
    const good = `${workerBase()}/demo/harmony-minds`;
    const hostile = [
      'javascript:parent.pwned1 = true',
      '  JaVaScRiPt:parent.pwned2 = true',
      '&#x01;javascript:parent.pwned3 = true',
      'java&#x09;script:parent.pwned4 = true',
      'data:text/html,&lt;script&gt;parent.pwned5 = true&lt;/script&gt;',
      `blob:${hostBase()}/00000000-0000-4000-8000-000000000000`,
      'VBScript:msgbox(1)',
    ];
    const url = await hostPageAt('hostile-iframes', {
      site: 'harmony-minds',
      body: [
        ...hostile.map(
          (source, i) =>
            `<iframe title="hostile ${i}" data-candour-category="analytics" data-candour-provider="Maps" data-src="${source}"></iframe>`,
        ),
        `<iframe title="good frame" data-candour-category="analytics" data-src="${good}"></iframe>`,
      ].join('\n'),
    });
    await session.page.goto(url);
    await acceptAll();
    await expect.poll(() => session.page.getByTitle('good frame').getAttribute('src')).toBe(good);
    for (let i = 0; i < hostile.length; i++) {
      expect(await session.page.getByTitle(`hostile ${i}`).getAttribute('src'), hostile[i]).toBeNull();
    }
    const pwned = await session.page.evaluate(() => Object.keys(window).filter((key) => key.startsWith('pwned')));
    expect(pwned).toEqual([]);
    expect(warnings.filter((text) => text.includes('data-src')).length).toBe(hostile.length);
  });
});

describe('the consent cookie', () => {
  let config: SiteConfig;
  beforeAll(async () => {
    config = (await (await fetch(`${workerBase()}/v1/sites/harmony-minds/config`)).json()) as SiteConfig;
  });

  /** A cookie shaped as Candour writes it, granting everything, with `changes` forged in. */
  function cookie(changes: Record<string, unknown> = {}, path = '/') {
    const decided = Date.now() - 60_000;
    const value = {
      i: crypto.randomUUID(),
      s: 'harmony-minds',
      v: config.notice.version,
      r: config.notice.cookieRevision,
      c: '111',
      m: 'accept-all',
      t: new Date(decided).toISOString(),
      e: decided + 30 * 24 * 3600 * 1000,
      g: 0,
      ...changes,
    };
    return {
      name: 'candour_consent',
      value: encodeURIComponent(JSON.stringify(value)),
      domain: '127.0.0.1',
      path,
      expires: Math.floor(Date.now() / 1000) + 3600,
    };
  }

  async function expectAsked(url: string): Promise<void> {
    await session.page.goto(url);
    await (await banner(session.page)).waitFor();
    await session.page.evaluate(() => window.candour!.ready);
    expect(await session.page.evaluate(() => window.candour!.granted('analytics'))).toBe(false);
    expect(await session.page.locator('script[data-candour-activated]').count()).toBe(0);
    expect(await flag('demoAnalytics')).toBeUndefined();
    expect(toAnalytics(requests)).toEqual([]);
  }

  it('is taken when it is exactly what Candour writes', async () => {
    await session.context.addCookies([cookie()]);
    await session.page.goto(await hostPageAt('cookie-genuine', { site: 'harmony-minds' }));
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(await banner(session.page).then((region) => region.isVisible())).toBe(false);
  });

  it.each([
    ['a consent id that is not a UUID', { i: 'attacker' }],
    ['a decision dated in the future', { t: new Date(Date.now() + 86_400_000).toISOString() }],
    ['a version that is not a positive integer', { v: '1' }],
    ['a GPC flag that is neither 0 nor 1', { g: 'no' }],
  ])('is no decision with %s: the banner shows and nothing gated runs', async (_, changes) => {
    await session.context.addCookies([cookie(changes)]);
    await expectAsked(await hostPageAt('cookie-forged', { site: 'harmony-minds' }));
  });

  it('is no decision when a second cookie of that name is on the page, until the visitor decides', async () => {
    await session.context.addCookies([cookie({}, '/'), cookie({}, '/cookie-twice')]);
    const url = await hostPageAt('cookie-twice', { site: 'harmony-minds' });
    await expectAsked(url);
    // Deciding clears the planted copy, so the decision holds on the next page.
    await session.page.getByRole('button', { name: 'Reject all' }).click();
    await session.page.getByText('You’ve rejected optional cookies.').waitFor();
    expect((await session.context.cookies()).filter((stored) => stored.name === 'candour_consent')).toHaveLength(1);
    await session.page.reload();
    await session.page.evaluate(() => window.candour!.ready);
    expect(await session.page.evaluate(() => window.candour!.get()?.method)).toBe('reject-all');
    expect(await banner(session.page).then((region) => region.isVisible())).toBe(false);
  });
});

describe('a stored decision without the site’s config', () => {
  const unreachable = () =>
    session.page.route('**/v1/sites/harmony-minds/config', (route) => route.abort('connectionrefused'));

  function stored(decidedDaysAgo: number, expiresInDays: number) {
    const day = 24 * 3600 * 1000;
    const decided = Date.now() - decidedDaysAgo * day;
    return {
      name: 'candour_consent',
      value: encodeURIComponent(
        JSON.stringify({
          i: crypto.randomUUID(),
          s: 'harmony-minds',
          v: 1,
          r: 'a'.repeat(64),
          c: '111',
          m: 'accept-all',
          t: new Date(decided).toISOString(),
          e: Date.now() + expiresInDays * day,
          g: 0,
        }),
      ),
      domain: '127.0.0.1',
      path: '/',
      // The browser would keep it: only the expiry written inside says it has lapsed.
      expires: Math.floor(Date.now() / 1000) + 3600,
    };
  }

  it('is applied while within the expiry it recorded', async () => {
    await unreachable();
    await session.context.addCookies([stored(10, 20)]);
    await session.page.goto(await hostPageAt('offline-valid', { site: 'harmony-minds' }));
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
  });

  it('is not applied once past the expiry it recorded', async () => {
    await unreachable();
    await session.context.addInitScript(() => {
      const errors: string[] = [];
      (window as unknown as { candourErrors: string[] }).candourErrors = errors;
      document.addEventListener('candour-error', (event) =>
        errors.push((event as CustomEvent<{ code: string }>).detail.code),
      );
    });
    await session.context.addCookies([stored(200, -1)]);
    await session.page.goto(await hostPageAt('offline-lapsed', { site: 'harmony-minds' }));
    await session.page.evaluate(() => window.candour!.ready);
    await expect.poll(() => flag('candourErrors')).toEqual(['config_unavailable']);
    expect(await session.page.evaluate(() => window.candour!.granted('analytics'))).toBe(false);
    expect(await session.page.locator('script[data-candour-activated]').count()).toBe(0);
    expect(await flag('demoAnalytics')).toBeUndefined();
    expect(toAnalytics(requests)).toEqual([]);
  });
});

describe('links from the site’s settings', () => {
  it('never become a javascript: href; the notice opens in place instead', async () => {
    await session.context.route(`${workerBase()}/v1/sites/harmony-minds/config`, async (route) => {
      const response = await route.fetch();
      const hostile = (await response.json()) as SiteConfig;
      hostile.notice.url = 'javascript:alert(document.domain)';
      hostile.organisation.website = ' JavaScript:alert(1)';
      for (const service of hostile.services) service.privacyUrl = 'javascript:alert(2)';
      await route.fulfill({ response, json: hostile });
    });
    const url = await hostPageAt('hostile-links', {
      site: 'harmony-minds',
      body: `<candour-notice site="harmony-minds" section="cookies" compact privacy-url="javascript:alert(3)"></candour-notice>`,
    });
    await session.page.goto(url);
    await (await banner(session.page)).waitFor();
    await session.page.getByRole('link', { name: /in our privacy notice$|uses your information$/ }).waitFor();
    await session.page.getByRole('button', { name: 'Manage preferences' }).click();
    await session.page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
    const hrefs = await session.page.evaluate(() => {
      const found: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll('*')) {
          if (element instanceof HTMLAnchorElement && element.hasAttribute('href')) found.push(element.href);
          if (element.shadowRoot) visit(element.shadowRoot);
        }
      };
      visit(document);
      return found;
    });
    expect(hrefs.length).toBeGreaterThan(1);
    expect(hrefs.filter((href) => !/^(https?|mailto|tel):/.test(href))).toEqual([]);
    await session.page
      .getByRole('dialog', { name: 'Cookie preferences' })
      .getByRole('button', { name: 'Close' })
      .click();
    await session.page.getByRole('link', { name: 'Read our privacy notice' }).click();
    await session.page.getByRole('dialog', { name: 'Privacy notice' }).waitFor();
  });
});
