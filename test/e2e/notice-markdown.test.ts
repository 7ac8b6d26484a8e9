import { beforeAll, describe, expect, it } from 'vitest';
import { noticeSource } from '../fixtures/notice-source.js';
import { createTestSite, useBrowser } from './browser.js';
import { expandedSections, notice, openPrivacyPage, shownText } from './notice-page.js';

const session = useBrowser({ viewport: { width: 1280, height: 900 } });

const SITE = 'notice-e2e-markdown';

/** The cookies section written with the Markdown the compiler now accepts beyond the old subset. */
const BODY = [
  'Two spaces end this line  ',
  'and the cookie `_ga` counts visits. Read [about us](#about) first.',
  '',
  '> The ICO says: keep it short.',
  '',
  '---',
  '',
  '3. third step',
  '4. fourth step',
  '',
  '| Cookie | Lasts |',
  '| :--- | ---: |',
  '| _ga | 2 years |',
].join('\n');

beforeAll(async () => {
  await createTestSite(SITE, noticeSource(SITE).replace('We use analytics cookies only if you allow them.', BODY));
});

describe('notice Markdown beyond paragraphs, lists and tables, in a real browser', () => {
  it('shows code, a line break, a quote, a dividing line, a list from 3 and a right-aligned column', async () => {
    await openPrivacyPage(session.page, SITE);
    await notice(session.page).getByRole('button', { name: 'Cookies' }).click();
    expect(await shownText(session.page)).toContain('Two spaces end this line\nand the cookie _ga counts visits.');
    const section = notice(session.page).locator('#section-cookies');
    await expect.poll(() => section.locator('code').textContent()).toBe('_ga');
    expect(await section.getByRole('blockquote').textContent()).toContain('The ICO says: keep it short.');
    expect(await section.getByRole('separator').count()).toBe(1);
    const steps = section.getByRole('list').filter({ hasText: 'third step' });
    expect(await steps.evaluate((list) => [list.localName, (list as HTMLOListElement).start])).toEqual(['ol', 3]);
    // The author's table (its "Lasts" column), not the declared-cookies table the section also shows.
    const lasts = section.locator('td[data-label="Lasts"]', { hasText: '2 years' });
    expect(await lasts.evaluate((cell) => getComputedStyle(cell).textAlign)).toBe('right');
  });

  it('opens the section an in-notice #link names', async () => {
    await openPrivacyPage(session.page, SITE);
    await notice(session.page).getByRole('button', { name: 'Cookies' }).click();
    expect((await expandedSections(session.page)).about).toBe(false);
    await notice(session.page).getByRole('link', { name: 'about us' }).click();
    await expect.poll(async () => (await expandedSections(session.page)).about).toBe(true);
    expect(new URL(session.page.url()).hash).toBe('#about');
  });
});
