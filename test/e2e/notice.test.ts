import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser, workerBase } from './browser.js';
import {
  dismissBanner,
  expandedSections,
  focusedInNotice,
  notice,
  noticeLoaded,
  openPrivacyPage,
  ORGANISATIONS,
  screenshot,
  scrollsSideways,
  shownText,
} from './notice-page.js';

const session = useBrowser({}, { perTest: false });

function freshPage(width = 1280, height = 900): Promise<Page> {
  return session.open({ viewport: { width, height } });
}

const showFullNotice = () => notice(session.page).getByRole('button', { name: 'Show the full notice' }).click();

/** Key facts each organisation's notice must state, as the served text says them. */
const KEY_FACTS: Record<(typeof ORGANISATIONS)[number], string[]> = {
  'harmony-minds': ['Information on child and adult patients is retained for a period of seven years.'],
  osjct: ['8 years after discharge or last use of record'],
  'le-petit-saint': ['CCTV recordings will be retained for a maximum of 30 days'],
  'dp-customers': ['we will report a breach to the Information Commissioner within 72 hours of discovery'],
  'serene-self': ['within the required time limit of 20 working days', 'There is an administration charge of £20.00.'],
};

describe('the privacy page of each organisation', () => {
  for (const site of ORGANISATIONS) {
    describe(site, () => {
      it('shows layer 1 first, sections closed, and its key facts once the full notice is shown', async () => {
        await freshPage();
        await openPrivacyPage(session.page, site);
        const title = notice(session.page).getByRole('heading', { level: 1 });
        expect(await title.count()).toBe(1);
        const before = await shownText(session.page);
        expect(before).toMatch(/Version 1, in effect from \d{1,2} \w+ \d{4}/);
        expect(Object.values(await expandedSections(session.page)).every((open) => !open)).toBe(true);
        expect(await notice(session.page).locator('.content:visible').count()).toBe(0);

        await showFullNotice();
        const after = await shownText(session.page);
        for (const fact of KEY_FACTS[site]) expect(after).toContain(fact);
        expect(Object.values(await expandedSections(session.page)).every((open) => open)).toBe(true);
        expect(await notice(session.page).getByRole('button', { name: 'Show sections only' }).count()).toBe(1);
      });

      for (const width of [320, 1280]) {
        it(`has no horizontal scroll at ${width} px in any layer, and axe finds nothing`, async () => {
          await freshPage(width, 800);
          await openPrivacyPage(session.page, site);
          await screenshot(session.page, `${site}-${width}-1-summary`);
          expect(await scrollsSideways(session.page), 'layer 1 and the section list').toBe(false);

          await notice(session.page).locator('.disclosure').first().click();
          expect(await scrollsSideways(session.page), 'one section open').toBe(false);

          await showFullNotice();
          await screenshot(session.page, `${site}-${width}-3-full`);
          expect(await scrollsSideways(session.page), 'the full notice').toBe(false);
          const results = await new AxeBuilder({ page: session.page }).analyze();
          expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

          await session.page.goto(`${workerBase()}/demo/${site}`);
          await noticeLoaded(session.page);
          await dismissBanner(session.page);
          await notice(session.page).scrollIntoViewIfNeeded();
          await screenshot(session.page, `${site}-${width}-compact`);
          expect(await scrollsSideways(session.page), 'the contact form’s compact notice').toBe(false);
          const home = await new AxeBuilder({ page: session.page }).include('candour-notice').analyze();
          expect(home.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

          await session.page.evaluate(() => window.candour!.showNotice('cookies'));
          const dialog = session.page.getByRole('dialog', { name: 'Privacy notice' });
          await dialog.waitFor();
          await session.page.waitForFunction(() =>
            document.querySelector('dialog candour-notice')?.shadowRoot?.querySelector('.section'),
          );
          await screenshot(session.page, `${site}-${width}-dialog`);
          expect(await scrollsSideways(session.page), 'the notice in a dialog').toBe(false);
        });
      }
    });
  }
});

describe('deep links', () => {
  it('opens the section a link names, scrolls to it and focuses its button', async () => {
    await freshPage(1280, 700);
    await session.page.goto(`${workerBase()}/demo/osjct/privacy#cookies`);
    await noticeLoaded(session.page);
    const expanded = await expandedSections(session.page);
    expect(expanded.cookies).toBe(true);
    expect(Object.entries(expanded).filter(([, open]) => open)).toEqual([['cookies', true]]);
    await expect
      .poll(() => focusedInNotice(session.page))
      .toBe('button.disclosure:Information Collected by Our Website');
    const top = await notice(session.page)
      .locator('#section-cookies .disclosure')
      .evaluate((element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(8);
    expect(top).toBeLessThan(40);
  });

  it('opens the section around a sub-heading, and follows later hash changes', async () => {
    await freshPage(1280, 700);
    await session.page.goto(`${workerBase()}/demo/harmony-minds/privacy#cookies-what-is-a-cookie`);
    await noticeLoaded(session.page);
    expect((await expandedSections(session.page)).cookies).toBe(true);
    const subHeading = notice(session.page).getByRole('heading', { name: 'What is a Cookie?' });
    expect(await subHeading.evaluate((element) => element.localName)).toBe('h3');
    await expect.poll(() => subHeading.isVisible()).toBe(true);

    await session.page.evaluate(() => (location.hash = '#data-breach'));
    await expect.poll(async () => (await expandedSections(session.page))['data-breach']).toBe(true);
    await expect
      .poll(() => focusedInNotice(session.page))
      .toBe('button.disclosure:What Happens in the Event of a Data Breach?');
  });
});

describe('keyboard and screen reader', () => {
  it('reaches a section’s button with Tab; Enter and Space toggle aria-expanded', async () => {
    await freshPage();
    await openPrivacyPage(session.page, 'serene-self');
    await session.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let focused: string | null = null;
    for (let presses = 0; presses < 40 && !focused?.startsWith('button.disclosure'); presses++) {
      await session.page.keyboard.press('Tab');
      focused = await focusedInNotice(session.page);
    }
    expect(focused).toBe('button.disclosure:Serene self Therapy will');
    const button = notice(session.page).getByRole('button', { name: 'Serene self Therapy will' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.getAttribute('aria-controls')).toBe('content-commitments');
    await session.page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await notice(session.page).locator('#content-commitments').isVisible()).toBe(true);
    await session.page.keyboard.press('Space');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await notice(session.page).locator('#content-commitments').isVisible()).toBe(false);
    // Each section button is inside a heading one level below the notice's title.
    expect(await button.evaluate((element) => element.parentElement!.localName)).toBe('h2');
  });

  it('lets a reader show only the parts for one audience', async () => {
    await freshPage();
    await openPrivacyPage(session.page, 'osjct');
    const sections = async () => Object.keys(await expandedSections(session.page));
    const all = await sections();
    await notice(session.page)
      .getByLabel('Show the parts for')
      .selectOption({ label: 'People making enquiries or complaints' });
    const some = await sections();
    expect(some).toContain('enquiries');
    expect(some).not.toContain('employees');
    expect(some.length).toBeLessThan(all.length);
  });
});

describe('printing', () => {
  it('prints every section’s full text and none of the controls', async () => {
    await freshPage();
    await openPrivacyPage(session.page, 'le-petit-saint');
    await session.page.emulateMedia({ media: 'print' });
    const contents = notice(session.page).locator('.content');
    const count = await contents.count();
    expect(count).toBeGreaterThan(10);
    for (let index = 0; index < count; index++) expect(await contents.nth(index).isVisible()).toBe(true);
    expect(await shownText(session.page)).toContain('CCTV recordings will be retained for a maximum of 30 days');
    expect(await notice(session.page).locator('.toolbar').isVisible()).toBe(false);
    await session.page.emulateMedia({ media: 'screen' });
    expect(await contents.first().isVisible()).toBe(false);
  });
});
