import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredCookie } from '../../contract/discovery.js';
import type { SiteConfig } from '../../contract/site.js';
import { adminApi, PUBLISH_REASON, registerSite, signIn } from './admin-support.js';
import { cookieNames, disableCache, hostPageAt, useBrowser, workerBase } from './browser.js';

/**
 * Cookie discovery end to end: a clinic page whose analytics (released by Accept) set cookies the
 * notice never declared; the visitor's browser reports their names, the admin's Cookies view lists
 * them and drafts their declaration, and withdrawal clears them.
 */
/** Registered once for the file (its tests share one page and visitor). */
let SITE = '';
const VALUES = ['SECRETVALUE4242', 'ANOTHERSECRET77'];
/** Hotjar's (in the catalogue) and one nobody knows; neither is in Harmony Minds' notice. */
const SETS_COOKIES = `<script type="text/plain" data-candour-category="analytics">
document.cookie = "_hjSessionUser_42=${VALUES[0]}; path=/";
document.cookie = "clinic_mystery=${VALUES[1]}; path=/";
</script>`;

let visitor: BrowserContext;
let pageUrl: string;
const reports: Request[] = [];

const session = useBrowser({}, { perTest: false });

beforeAll(async () => {
  SITE = await registerSite('disc-e2e');
  pageUrl = await hostPageAt('discovery', { site: SITE, head: SETS_COOKIES });
});

async function listed(): Promise<DiscoveredCookie[]> {
  const response = await adminApi('GET', `/v1/admin/sites/${SITE}/cookies/discovered`);
  return ((await response.json()) as { cookies: DiscoveredCookie[] }).cookies;
}

async function configOf(): Promise<SiteConfig> {
  return (await (await fetch(`${workerBase()}/v1/sites/${SITE}/config`)).json()) as SiteConfig;
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`,
  );
}

describe('cookie discovery', () => {
  it('reports the names of undeclared cookies after Accept, never their values', async () => {
    visitor = await session.browser.newContext();
    visitor.on('request', (request) => {
      if (request.url().includes('/cookies/discovered')) reports.push(request);
    });
    const page = await visitor.newPage();
    await page.goto(pageUrl);
    // Nothing is reported before a decision, whatever the page holds.
    await page.evaluate(() => window.candour!.ready);
    expect(reports).toEqual([]);
    const reported = page.waitForRequest((request) => request.url().includes('/cookies/discovered'));
    await page.getByRole('button', { name: 'Accept all' }).click();
    const request = await reported;
    const body = request.postDataJSON() as { names: string[]; granted: string[] };
    expect(body.names.sort()).toEqual(['_hjSessionUser_42', 'clinic_mystery']);
    expect(body.granted).toEqual(expect.arrayContaining(['analytics']));
    for (const value of VALUES) expect(request.postData()).not.toContain(value);
    expect(request.headers().referer ?? '').toBe('');
    expect((await request.response())!.status()).toBe(202);

    const stored = await listed();
    expect(stored.map((cookie) => cookie.name).sort()).toEqual(['_hjSessionUser_42', 'clinic_mystery']);
    for (const value of VALUES) expect(JSON.stringify(stored)).not.toContain(value);
    // This browser remembers for the day what it reported, so the next page view does not repeat it.
    const log = await page.evaluate((site) => JSON.parse(localStorage.getItem(`candour_discovery:${site}`)!), SITE);
    expect(log).toMatchObject({ reports: 1 });
    expect(log.names.sort()).toEqual(['_hjSessionUser_42', 'clinic_mystery']);
    await page.close();
  });

  it('lists them by name in the admin’s Cookies view, axe-clean at 320 and 1280 px', async () => {
    const context = await session.newContext();
    const page = await context.newPage();
    await signIn(page, `#/${SITE}/cookies`);
    const view = page.locator('candour-admin-cookies');
    const hotjar = view.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '_hjSessionUser_42' }) });
    await expect.poll(() => hotjar.isVisible()).toBe(true);
    expect(await hotjar.innerText()).toMatch(/Hotjar/);
    expect(await hotjar.innerText()).toMatch(/Reports\s*1/);
    const mystery = view.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'clinic_mystery' }) });
    expect(await mystery.innerText()).toMatch(/No known service sets this name/);
    expect(await mystery.getByRole('button', { name: 'Declare in notice draft' }).isDisabled()).toBe(true);
    for (const value of VALUES) expect(await view.innerText()).not.toContain(value);

    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/h12b-cookies-${width}.png`, fullPage: true });
    }
    await context.close();
  });

  it('attributes a cookie by keyboard, and one click drafts a declaration that asks visitors again', async () => {
    const context = await session.newContext();
    const page = await context.newPage();
    await signIn(page, `#/${SITE}/cookies`);
    const view = page.locator('candour-admin-cookies');
    const hotjar = view.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '_hjSessionUser_42' }) });
    const mystery = view.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'clinic_mystery' }) });
    await expect.poll(() => mystery.isVisible()).toBe(true);

    // Keyboard: attribute the unknown cookie to analytics, so withdrawal clears it.
    await mystery.getByLabel('Cleared when a visitor withdraws').focus();
    await mystery.getByLabel('Cleared when a visitor withdraws').selectOption('analytics');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => view.getByRole('status').innerText())
      .toContain('clinic_mystery is now cleared when a visitor withdraws analytics consent.');
    const config = await configOf();
    expect(config.discovered).toEqual([
      { category: 'analytics', cookies: [{ name: '_hjSessionUser_*' }, { name: 'clinic_mystery' }] },
    ]);

    // Declaring the catalogued one drafts Hotjar into the notice; publishing asks visitors again.
    const before = config.notice.cookieRevision;
    await hotjar.getByRole('button', { name: 'Declare in notice draft' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toContain('Hotjar and its cookies are now in the notice draft');
    expect(page.url()).toMatch(/\/notice$/);
    await page.getByRole('button', { name: 'Review and publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
    await dialog.waitFor();
    // Harmony Minds' notice lacks items of the ICO's checklist: publishing asks why (issue #14).
    await dialog.getByLabel('Why publish with these items missing?').fill(PUBLISH_REASON);
    await dialog.getByRole('button', { name: 'Publish version 2' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = await configOf();
    expect(after.notice.version).toBe(2);
    expect(after.notice.cookieRevision).not.toBe(before);
    expect(after.services.find((service) => service.id === 'hotjar')?.cookies.map((cookie) => cookie.name)).toContain(
      '_hjSessionUser_*',
    );
    expect((await listed()).map((cookie) => cookie.name)).toEqual(['clinic_mystery']);
    await context.close();
  });

  it('clears the discovered cookies of a withdrawn category', async () => {
    const page = await visitor.newPage();
    await disableCache(page);
    await page.goto(pageUrl);
    await page.evaluate(() => window.candour!.ready);
    // The notice changed (Hotjar declared): the visitor is asked again and accepts.
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect
      .poll(() => cookieNames(visitor))
      .toEqual(expect.arrayContaining(['_hjSessionUser_42', 'clinic_mystery']));
    await page.evaluate(() => window.candour!.withdraw());
    await expect
      .poll(async () =>
        (await cookieNames(visitor)).filter((name) => name === '_hjSessionUser_42' || name === 'clinic_mystery'),
      )
      .toEqual([]);
    await visitor.close();
  });
});
