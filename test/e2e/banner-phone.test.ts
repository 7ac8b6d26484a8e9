import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hostPageAt, useBrowser, workerBase } from './browser.js';

/** The five demo clinics (shared/CONTRACT.md), whose names make the banner's heading one or two lines. */
const SITES = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'];
const LANGUAGES = [
  { lang: 'en-GB', region: /^Cookies on/, accept: 'Accept all', reject: 'Reject all', manage: 'Manage preferences' },
  { lang: 'cy', region: /^Cwcis ar/, accept: 'Derbyn y cyfan', reject: 'Gwrthod y cyfan', manage: 'Rheoli dewisiadau' },
];

const session = useBrowser({}, { perTest: false });

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

/** What makes one button look more inviting than another. */
const looks = (button: Locator) =>
  button.evaluate((element) => {
    const style = getComputedStyle(element);
    return [style.backgroundColor, style.color, style.fontSize, style.fontWeight, style.borderColor].join(' ');
  });

describe.each(LANGUAGES)('the banner on a 320 × 640 phone, $lang', (language) => {
  it.each(SITES)(
    '%s: under half the screen, Accept and Reject side by side and alike, targets big enough',
    async (site) => {
      const context = await session.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      // The demo clinic's page in English; the same clinic on a Welsh page (html lang="cy").
      await page.goto(
        language.lang === 'cy'
          ? await hostPageAt(`phone-${site}`, { site, lang: 'cy' })
          : `${workerBase()}/demo/${site}`,
      );
      const banner = page.getByRole('region', { name: language.region });
      await banner.waitFor();
      const accept = banner.getByRole('button', { name: language.accept });
      const reject = banner.getByRole('button', { name: language.reject });
      const manage = banner.getByRole('button', { name: language.manage });
      const notice = banner.getByRole('link', { name: /privacy notice|hysbysiad preifatrwydd/ });

      const whole = await box(banner);
      expect(whole.height).toBeLessThan(320);
      // The page stays visible above it.
      expect(whole.y).toBeGreaterThan(320);

      // Accept and Reject: one row, the same size and the same look (neither is the easy way out).
      const [a, r] = [await box(accept), await box(reject)];
      expect(a.y).toBe(r.y);
      expect([a.width, a.height]).toEqual([r.width, r.height]);
      expect(a.height).toBeGreaterThanOrEqual(44);
      expect(a.width).toBeGreaterThanOrEqual(44);
      expect(await looks(accept)).toBe(await looks(reject));

      // Manage preferences is a text control of at least 24 px (WCAG 2.5.8) clear of the buttons;
      // the notice link is in the sentence (the inline exception) and on screen.
      const m = await box(manage);
      expect(m.height).toBeGreaterThanOrEqual(24);
      expect(m.y).toBeGreaterThanOrEqual(a.y + a.height + 4);
      expect(m.y + m.height).toBeLessThanOrEqual(whole.y + whole.height);
      expect(await notice.isVisible()).toBe(true);

      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/banner-phone-${site}-${language.lang}.png` });
      await context.close();
    },
  );

  it('still offers the notice’s summary on a wide screen, and works', async () => {
    const context = await session.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(await hostPageAt(`wide-${language.lang}`, { site: 'osjct', lang: language.lang }));
    const banner = page.getByRole('region', { name: language.region });
    await banner.waitFor();
    await banner.locator('summary').click();
    const summary = (await (await fetch(`${workerBase()}/v1/sites/osjct/config`)).json()) as {
      notice: { summary: string[] };
    };
    await expect(banner.getByText(summary.notice.summary[0]!.slice(0, 40)).isVisible()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: `/tmp/banner-wide-${language.lang}.png` });
    await banner.getByRole('button', { name: language.reject }).click();
    await page.getByRole('region', { name: language.region }).getByRole('status').waitFor();
    await context.close();
  });
});
