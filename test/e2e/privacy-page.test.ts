import AxeBuilder from '@axe-core/playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeVersion } from '../../contract/notice.js';
import { useBrowser, workerBase } from './browser.js';

const session = useBrowser({}, { perTest: false });

let notice: NoticeVersion;

beforeAll(async () => {
  notice = (await (await fetch(`${workerBase()}/v1/sites/osjct/notices/current`)).json()) as NoticeVersion;
});

/**
 * axe runs as a script in the page, which a context with JavaScript off cannot do (it hangs), so it
 * checks the same address in a second context. The page has no script of its own to run there.
 */
async function violations(url: string, width: number): Promise<string[]> {
  const context = await session.browser.newContext({ viewport: { width, height: width < 400 ? 640 : 800 } });
  const page = await context.newPage();
  await page.goto(url);
  expect(await page.evaluate(() => document.scripts.length)).toBe(0);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  await context.close();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

describe.each([320, 1280])('the OSJCT privacy page with JavaScript off, at %i px', (width) => {
  it('shows the summary, every section, the fine-print tables and the cookie table, axe-clean and without sideways scroll', async () => {
    const context = await session.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width, height: width < 400 ? 640 : 800 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${workerBase()}/v1/sites/osjct/privacy`);
    expect(response?.status()).toBe(200);
    const doc = notice.document;

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(doc.title);
    const summary = page.getByRole('region', { name: 'Summary' });
    expect(await summary.textContent()).toContain(doc.summary[0]!.slice(0, 60));

    const contents = page.getByRole('navigation', { name: 'Contents' });
    for (const section of doc.sections) {
      const heading = page.getByRole('heading', { level: 2, name: section.title, exact: true });
      expect(await heading.count(), section.title).toBe(1);
      expect(await heading.getAttribute('id')).toBe(section.id);
      await expect(contents.getByRole('link', { name: section.title, exact: true }).getAttribute('href')).resolves.toBe(
        `#${section.id}`,
      );
    }

    // OSJCT's fine print: six-column tables, as real tables with column headers.
    const sixColumn = page.locator('table').filter({ has: page.locator('thead th:nth-child(6)') });
    expect(await sixColumn.count()).toBeGreaterThanOrEqual(7);
    await expect(sixColumn.first().getByRole('columnheader', { name: 'Retention period' }).count()).resolves.toBe(1);

    const cookies = page.getByRole('table', { name: 'Cookies declared for this site' });
    expect(await cookies.count()).toBe(1);
    const firstCookie = doc.services.flatMap((service) => service.cookies)[0]!;
    expect(await cookies.textContent()).toContain(firstCookie.name);

    // A deep link lands on the section, with no script to scroll it there.
    await page.goto(`${workerBase()}/v1/sites/osjct/privacy#cookies`);
    await expect(
      page.locator('#cookies').evaluate((element) => element.getBoundingClientRect().top),
    ).resolves.toBeLessThan(50);

    expect(await violations(`${workerBase()}/v1/sites/osjct/privacy`, width)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    // Nothing was refused by the page's policy (the stylesheet loaded) and nothing failed.
    expect(
      await page
        .locator('table.stack')
        .first()
        .evaluate((table) => getComputedStyle(table).borderCollapse),
    ).toBe('collapse');
    expect(errors).toEqual([]);

    // For a person to look at: the top of the page, a fine-print table, and the cookie table.
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: `/tmp/privacy-${width}.png` });
    await sixColumn.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/privacy-${width}-table.png` });
    await cookies.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/privacy-${width}-cookies.png` });
    await context.close();
  });
});

describe('the Welsh privacy page', () => {
  it('has Welsh headings around the notice and links back to the English page', async () => {
    const context = await session.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${workerBase()}/v1/sites/osjct/privacy`);
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
    expect(await page.getByRole('heading', { level: 2, name: 'Crynodeb' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Cwcis a ddatganwyd ar gyfer y wefan hon' }).count()).toBe(1);
    expect(await violations(page.url(), 1280)).toEqual([]);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en-GB');
    await context.close();
  });
});
