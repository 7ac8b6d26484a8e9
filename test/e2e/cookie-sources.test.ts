import { describe, expect, it } from 'vitest';
import { hostPageAt, useBrowser } from './browser.js';
import { openPrivacyPage } from './notice-page.js';

const session = useBrowser();

/**
 * Harmony Minds' policy names Google Analytics but not its cookies: their names and expiry come
 * from Google's documentation, and a visitor reading the cookie list is told so.
 */
const GOOGLE_DOCS = 'https://support.google.com/analytics/answer/11397207';

async function analyticsCookies(site: string, lang?: string) {
  await session.page.goto(await hostPageAt(`sources-${site}-${lang ?? 'en'}`, { site, ...(lang ? { lang } : {}) }));
  await session.page.getByRole('button', { name: lang === 'cy' ? 'Rheoli dewisiadau' : 'Manage preferences' }).click();
  const dialog = session.page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.locator('summary', { hasText: 'Google Analytics' }).click();
  return dialog;
}

describe('where a cookie fact comes from, shown to visitors', () => {
  it('the preferences dialog of harmony-minds says the Google Analytics cookies come from Google’s documentation', async () => {
    const dialog = await analyticsCookies('harmony-minds');
    for (const name of ['_ga', '_ga_*']) {
      const row = dialog
        .locator('tbody tr')
        .filter({ has: session.page.locator('code', { hasText: new RegExp(`^${name.replace('*', '\\*')}$`) }) });
      await expect.poll(() => row.isVisible()).toBe(true);
      expect(await row.locator('td').first().innerText()).toMatch(/Source: Google's documentation$/);
      expect(await row.getByRole('link', { name: "Google's documentation" }).getAttribute('href')).toBe(GOOGLE_DOCS);
    }
  });

  it('says it in Welsh on a Welsh page', async () => {
    const dialog = await analyticsCookies('harmony-minds', 'cy');
    const first = dialog.locator('tbody tr').first();
    await expect.poll(() => first.isVisible()).toBe(true);
    expect(await first.locator('td').first().innerText()).toMatch(/Ffynhonnell: Google's documentation$/);
  });

  it('the notice’s cookies section lists the declared cookies with their source', async () => {
    await openPrivacyPage(session.page, 'harmony-minds', '#cookies');
    const table = session.page.getByRole('table', { name: 'Cookies declared for this site' });
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Cookie', 'Purpose', 'Expires', 'Source']);
    const links = table.getByRole('link', { name: "Google's documentation" });
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('href')).toBe(GOOGLE_DOCS);

    // A notice whose cookies all come from its own policy says so, row by row.
    await openPrivacyPage(session.page, 'le-petit-saint', '#cookies');
    const own = session.page.getByRole('table', { name: 'Cookies declared for this site' });
    await expect.poll(() => own.isVisible()).toBe(true);
    const sources = await own.locator('tbody tr td:last-child').allInnerTexts();
    expect(sources.map((text) => text.trim())).toEqual(['Our privacy policy', 'Our privacy policy']);
  });
});
