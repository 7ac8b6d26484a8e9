/**
 * The first script (embed.ts) leaves out what most pages never need: held-back frames and the
 * timing of a compact notice are one small module (widget/page-parts.ts), fetched by the pages
 * that have one. A returning visitor's frame still loads, without the session.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { banner, hostPageAt, recordRequests, useBrowser, workerBase } from './browser.js';

const session = useBrowser();

const manifest = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../dist/public/.vite/manifest.json'), 'utf8'),
) as Record<string, { file: string }>;
const chunk = (source: string) => `${workerBase()}/${manifest[source]!.file}`;

describe('the page parts of the first script', () => {
  it('load a returning visitor’s granted frame with the parts alone, not the session', async () => {
    // Not a Candour page: nothing inside the frame loads a script of its own.
    const frameSource = `${workerBase()}/.well-known/jwks.json`;
    const url = await hostPageAt('parts-frame', {
      site: 'harmony-minds',
      tag: 'site',
      body: `<iframe title="A video" width="400" height="200" data-candour-category="analytics" data-src="${frameSource}"></iframe>`,
    });
    await session.page.goto(url);
    await (await banner(session.page)).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => session.page.locator('iframe').getAttribute('src')).toBe(frameSource);
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    // The first page's own work done (its receipt sent, today's look for cookies begun), so the
    // next page has no reason of its own to load the session.
    await session.page.waitForFunction(
      () =>
        localStorage.getItem('candour_receipt_queue') === null &&
        localStorage.getItem('candour_discovery:harmony-minds') !== null,
    );

    const requests = recordRequests(session.context);
    await session.page.reload();
    await expect.poll(() => session.page.locator('iframe').getAttribute('src')).toBe(frameSource);
    await session.page.evaluate(() => window.candour!.ready);
    const scripts = requests.filter((request) => request.resourceType() === 'script').map((request) => request.url());
    expect(scripts).toContain(chunk('widget/page-parts.ts'));
    expect(scripts).not.toContain(chunk('widget/boot.ts'));
    expect(await session.page.getByRole('group', { name: 'A video' }).count()).toBe(0);
  });

  it('are not fetched by a privacy page, whose notice loads at once', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(
      await hostPageAt('parts-privacy', {
        site: 'harmony-minds',
        tag: 'site',
        body: '<candour-notice site="harmony-minds"></candour-notice>',
      }),
    );
    await session.page.locator('candour-notice').getByRole('heading').first().waitFor();
    const scripts = requests.filter((request) => request.resourceType() === 'script').map((request) => request.url());
    expect(scripts).toContain(chunk('widget/ui/candour-notice.ts'));
    expect(scripts).not.toContain(chunk('widget/page-parts.ts'));
  });
});
