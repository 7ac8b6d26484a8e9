import { describe, expect, it } from 'vitest';
import { hostPageAt, useBrowser, nextReceipt, receiptOf, workerBase } from './browser.js';

const session = useBrowser({}, { perTest: false });

const IMPORT_MAP = {
  imports: {
    lit: '/files/node_modules/lit/index.js',
    'lit/': '/files/node_modules/lit/',
    'lit-html': '/files/node_modules/lit-html/lit-html.js',
    'lit-html/': '/files/node_modules/lit-html/',
    'lit-element/': '/files/node_modules/lit-element/',
    '@lit/reactive-element': '/files/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/files/node_modules/@lit/reactive-element/',
    'js-cookie': '/files/node_modules/js-cookie/dist/js.cookie.mjs',
  },
};

describe('the npm entry', () => {
  it('starts Candour from a site’s own ES modules, with the same banner, gating and receipts', async () => {
    const url = await hostPageAt('npm-entry', {
      site: 'harmony-minds',
      embed: false,
      head: `<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
<script type="module">
  import { startCandour } from '/files/dist/npm/index.js';
  startCandour({ site: 'harmony-minds', base: ${JSON.stringify(workerBase())} });
</script>`,
    });
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    const banner = page.getByRole('region', { name: 'Cookies on Harmony Minds' });
    await banner.waitFor();
    expect(await page.evaluate(() => 'demoAnalytics' in window)).toBe(false);
    const receipt = nextReceipt(page);
    await banner.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => 'demoAnalytics' in window);
    expect((await receiptOf(await receipt)).receipt.choices.analytics).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
