import { noticeSource } from '../fixtures/notice-source.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCall, createTestSite, hostBase, hostPageAt, useBrowser, publish, workerBase } from './browser.js';
import {
  dismissBanner,
  expandedSections,
  focusedInNotice,
  notice,
  noticeLoaded,
  openPrivacyPage,
  screenshot,
  scrollsSideways,
  shownText,
} from './notice-page.js';

const session = useBrowser({ viewport: { width: 1280, height: 900 } });

const VERSIONED = 'notice-e2e-versions';
const WELSH_DEFAULT = 'notice-e2e-cymraeg';

/** Version 2 of VERSIONED: "about" removed, "rights" added, the cookies section reworded. */
function secondVersion(): string {
  return noticeSource(VERSIONED, { extraCookie: true })
    .replace(/## About us \{#about\}[\s\S]*?(?=## Cookies)/, '')
    .replace(
      'We use analytics cookies only if you allow them.',
      'We use analytics cookies only when you allow them, and never for adverts.\n\n' +
        '## Your rights {#rights}\nSummary: What you can ask us to do.\n\nYou can ask for a copy of your records.\n',
    );
}

beforeAll(async () => {
  await createTestSite(VERSIONED, noticeSource(VERSIONED));
  await publish(VERSIONED, secondVersion());
  await createTestSite(WELSH_DEFAULT, noticeSource(WELSH_DEFAULT));
  const settings = await adminCall('PUT', `/v1/admin/sites/${WELSH_DEFAULT}`, {
    organisation: { name: 'Test Clinic' },
    allowedOrigins: [hostBase(), workerBase()],
    defaultLanguage: 'cy',
  });
  expect(settings.status).toBe(200);
});

describe('earlier versions', () => {
  it('lists every version and shows an earlier one in place, with what has changed since', async () => {
    await openPrivacyPage(session.page, VERSIONED);
    expect(await shownText(session.page)).toMatch(/Version 2, in effect from/);
    const toggle = notice(session.page).getByRole('button', { name: 'Earlier versions' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await notice(session.page).locator('#versions').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const list = notice(session.page).locator('#versions');
    expect(await list.getByRole('listitem').allInnerTexts()).toEqual([
      'Version 2 (in force, you are reading this)',
      'Version 1',
    ]);

    await list.getByRole('button', { name: 'Version 1' }).click();
    const note = notice(session.page).locator('#earlier');
    await note.getByText('You are reading version 1').waitFor();
    await expect.poll(() => focusedInNotice(session.page)).toMatch(/^div\.panel earlier:/);
    expect(await shownText(session.page)).toMatch(/Version 1, in effect from/);
    expect(Object.keys(await expandedSections(session.page))).toEqual(['about', 'cookies']);
    await note.getByRole('listitem').first().waitFor();
    expect(await note.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Cookies: reworded\n/),
      'Your rights: section added',
      'About us: section removed',
    ]);
    expect(await note.locator('del').allTextContents()).toEqual(['Removed: if', 'Removed: them.']);
    expect(await note.locator('ins').allTextContents()).toEqual(['Added: when', 'Added: them, and never for adverts.']);
    expect(await note.getByText('The cookies we ask about changed, so visitors were asked again.').count()).toBe(1);
    await screenshot(session.page, 'versions-1280-earlier');

    await note.getByRole('button', { name: 'Read the current version' }).click();
    expect(await note.count()).toBe(0);
    expect(Object.keys(await expandedSections(session.page))).toEqual(['cookies', 'rights']);
    await expect.poll(() => focusedInNotice(session.page)).toBe('button.link-button versions-toggle:Earlier versions');
  });

  it('reads the way at 320 px too', async () => {
    await session.open({ viewport: { width: 320, height: 700 } });
    await openPrivacyPage(session.page, VERSIONED);
    await notice(session.page).getByRole('button', { name: 'Earlier versions' }).click();
    await notice(session.page).getByRole('button', { name: 'Version 1' }).click();
    await notice(session.page).locator('#earlier ins').first().waitFor();
    await screenshot(session.page, 'versions-320-earlier');
    expect(await scrollsSideways(session.page)).toBe(false);
  });

  it('shows a pinned version beside the one in force', async () => {
    const url = await hostPageAt('notice-pinned', {
      site: VERSIONED,
      body: `<candour-notice site="${VERSIONED}" version="1"></candour-notice>`,
    });
    await session.page.goto(url);
    await noticeLoaded(session.page);
    expect(await shownText(session.page)).toMatch(/Version 1, in effect from/);
    await notice(session.page).getByText('You are reading version 1').waitFor();
  });

  it('has no "Earlier versions" control while there is only one version', async () => {
    await openPrivacyPage(session.page, 'harmony-minds');
    expect(await notice(session.page).getByRole('button', { name: 'Earlier versions' }).count()).toBe(0);
  });
});

describe('language of the notice’s own words', () => {
  it('follows a Welsh page, keeping the notice text marked as English', async () => {
    const url = await hostPageAt('notice-cy', {
      site: 'harmony-minds',
      lang: 'cy',
      body: '<candour-notice site="harmony-minds"></candour-notice>',
    });
    await session.page.goto(url);
    await noticeLoaded(session.page);
    const text = await shownText(session.page);
    expect(text).toMatch(
      /Fersiwn 1, mewn grym o \d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
    );
    expect(text).toMatch(/diweddarwyd ddiwethaf 30 Mai 2024/);
    expect(await notice(session.page).getByRole('button', { name: 'Dangos yr hysbysiad llawn' }).count()).toBe(1);
    expect(await notice(session.page).locator('.frame').getAttribute('lang')).toBe('cy');
    expect(await notice(session.page).locator('#notice-title').getAttribute('lang')).toBe('en-GB');
    expect(await notice(session.page).locator('#section-cookies').getAttribute('lang')).toBe('en-GB');
  });

  it('uses the site’s default when the page is in neither English nor Welsh, and the page when it is', async () => {
    for (const [lang, button] of [
      ['fr', 'Dangos yr hysbysiad llawn'],
      ['en-GB', 'Show the full notice'],
    ]) {
      const url = await hostPageAt(`notice-default-${lang}`, {
        site: WELSH_DEFAULT,
        lang,
        body: `<candour-notice site="${WELSH_DEFAULT}"></candour-notice>`,
      });
      await session.page.goto(url);
      await noticeLoaded(session.page);
      await notice(session.page).getByRole('button', { name: button }).waitFor();
    }
  });
});

describe('the just-in-time notice beside a contact form', () => {
  it('says in two lines what happens to what is typed, and links to the full section', async () => {
    await session.page.goto(`${workerBase()}/demo/harmony-minds`);
    await noticeLoaded(session.page);
    await dismissBanner(session.page);
    const compact = notice(session.page).locator('.compact');
    expect(await compact.locator('p').allInnerTexts()).toEqual([
      'The personal and sensitive information we ask for at first contact, through the website and from referrers.',
      'Read “Information We Collect About You” in our privacy notice',
    ]);
    const link = compact.getByRole('link');
    // The page's relative privacy-url, resolved and checked (https, or http on loopback) before it is a link.
    expect(await link.getAttribute('href')).toBe(
      new URL('/demo/harmony-minds/privacy#information-we-collect', workerBase()).href,
    );
    await link.click();
    await session.page.waitForURL(/\/privacy#information-we-collect$/);
    await noticeLoaded(session.page);
    expect((await expandedSections(session.page))['information-we-collect']).toBe(true);
    expect(await shownText(session.page)).toContain(
      'We collect information about you when you complete the contact form',
    );
  });

  it('opens the section over the page where the site has no privacy page to link to', async () => {
    const url = await hostPageAt('notice-compact', {
      site: 'osjct',
      body: `<form aria-describedby="why"><label>Email <input type="email"></label>
        <candour-notice id="why" site="osjct" section="enquiries" compact></candour-notice></form>`,
    });
    await session.page.goto(url);
    await noticeLoaded(session.page);
    await dismissBanner(session.page);
    const link = notice(session.page).getByRole('link', {
      name: 'Read “For Enquiries & Complaints” in our privacy notice',
    });
    await link.click();
    const dialog = session.page.getByRole('dialog', { name: 'Privacy notice' });
    await dialog.waitFor();
    await session.page.waitForFunction(
      () =>
        document
          .querySelector('dialog candour-notice')
          ?.shadowRoot?.querySelector('#section-enquiries .disclosure')
          ?.getAttribute('aria-expanded') === 'true',
    );
    await session.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => focusedInNotice(session.page))
      .toBe('a.:Read “For Enquiries & Complaints” in our privacy notice');
  });
});

describe('the notice layer of the widget', () => {
  it('opens from a data-candour="notice" trigger at its section and gives focus back on close', async () => {
    const url = await hostPageAt('notice-trigger', {
      site: 'le-petit-saint',
      body: '<p><a href="#" id="trigger" data-candour="notice" data-candour-section="cctv-policy">CCTV</a></p>',
    });
    await session.page.goto(url);
    await dismissBanner(session.page);
    await session.page.locator('#trigger').click();
    const dialog = session.page.getByRole('dialog', { name: 'Privacy notice' });
    await dialog.waitFor();
    await session.page.waitForFunction(
      () =>
        document
          .querySelector('dialog candour-notice')
          ?.shadowRoot?.querySelector('#section-cctv-policy .disclosure')
          ?.getAttribute('aria-expanded') === 'true',
    );
    expect(await dialog.getByText('CCTV recordings will be retained for a maximum of 30 days').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await session.page.evaluate(() => document.activeElement?.id)).toBe('trigger');
  });
});
