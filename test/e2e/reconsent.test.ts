import { describe, expect, it } from 'vitest';
import { noticeSource } from '../fixtures/notice-source.js';
import { createTestSite, disableCache, hostPageAt, useBrowser, nextReceipt, publish, receiptOf } from './browser.js';

const session = useBrowser({}, { perTest: false });

describe('a new notice version', () => {
  it('asks returning visitors again only when what they agreed to changed, and says what changed', async () => {
    const site = 'e2e-reconsent';
    await createTestSite(site, noticeSource(site));
    const url = await hostPageAt('reconsent', { site });
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await disableCache(page);
    await page.goto(url);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.getByText('You’ve accepted optional cookies.').waitFor();

    // Editorial: new wording, same categories, services and purposes.
    const editorial = await publish(site, noticeSource(site, { wording: 'We have reworded this paragraph.' }));
    expect(editorial.version).toBe(2);
    await page.reload();
    await page.evaluate(() => window.candour!.ready);
    expect(await page.getByRole('region', { name: /^Cookies on/ }).count()).toBe(0);
    expect(await page.evaluate(() => window.candour!.granted('analytics'))).toBe(true);

    // Material: a new cookie.
    const material = await publish(
      site,
      noticeSource(site, { wording: 'We have reworded this paragraph.', extraCookie: true }),
    );
    expect(material.version).toBe(3);
    await page.reload();
    const banner = page.getByRole('region', { name: /^Cookies on/ });
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain('Our cookies have changed since you last chose');
    await expect.poll(() => banner.getByText('What changed since you last chose').isVisible()).toBe(true);
    await expect
      .poll(() => banner.getByRole('listitem').allTextContents())
      .toContain('New cookie: Site analytics: _ga_*');
    // Until they answer again, nothing runs on the old consent.
    expect(await page.evaluate(() => window.candour!.granted('analytics'))).toBe(false);
    expect(await page.evaluate(() => window.candour!.get())).toBeNull();

    const receipt = nextReceipt(page);
    await banner.getByRole('button', { name: 'Accept all' }).click();
    expect((await receiptOf(await receipt)).receipt).toMatchObject({ noticeVersion: 3, event: 'updated' });
    await context.close();
  });
});
