import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure } from '../../bench/size.js';
import { hostPageAt, nextReceipt, useBrowser, recordRequests, toAnalytics, workerBase } from './browser.js';

const session = useBrowser();

type Manifest = Record<string, { file: string; imports?: string[] }>;
const manifest = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../dist/public/.vite/manifest.json'), 'utf8'),
) as Manifest;

const banner = () => session.page.getByRole('region', { name: /^Cookies on/ });

const consentDefaults = () =>
  session.page.evaluate(
    () =>
      ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []).filter(
        (entry) =>
          typeof entry === 'object' &&
          entry !== null &&
          'length' in entry &&
          Array.from(entry as ArrayLike<unknown>)[1] === 'default',
      ).length,
  );

describe('the site-specific tag (config inside the script)', () => {
  it('shows the banner from the first wave (the session and the whole config side by side), and Accept runs the gated script', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(await hostPageAt('site-tag', { site: 'harmony-minds', tag: 'site' }));
    await banner().waitFor();
    expect(requests.map((request) => request.url())).toContain(`${workerBase()}/v1/sites/harmony-minds/embed.js`);
    // The script carries only the gate's share; the banner's words come with the whole config, once.
    expect(requests.filter((request) => new URL(request.url()).pathname.endsWith('/config'))).toHaveLength(1);
    expect(toAnalytics(requests)).toEqual([]);

    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(toAnalytics(requests).length).toBeGreaterThan(0);
  });

  it('lets a returning visitor fetch the embed script alone, which releases their gated scripts in its own task', async () => {
    // A gated script the parser meets right after the embed, and a plain one after it that notes
    // whether the gated one has run. Released by the first script as it reads the decision, the
    // gated script runs as soon as it is parsed; released by any later module, it would not have.
    const head = [
      '<script type="text/plain" data-candour-category="analytics" async>window.gatedRan = true;</script>',
      '<script>window.gatedBeforeNextScript = window.gatedRan === true;</script>',
    ].join('');
    await session.page.goto(await hostPageAt('returning', { site: 'harmony-minds', tag: 'site', head }));
    // Recorded before the reload: a receipt still queued would rightly bring the session back.
    const recorded = nextReceipt(session.page);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    await recorded;
    expect(
      await session.page.evaluate(() => (window as { gatedBeforeNextScript?: boolean }).gatedBeforeNextScript),
    ).toBe(false);

    const requests = recordRequests(session.context);
    await session.page.reload();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    await session.page.evaluate(() => window.candour!.ready);
    expect(
      await session.page.evaluate(() => (window as { gatedBeforeNextScript?: boolean }).gatedBeforeNextScript),
    ).toBe(true);
    const fromWorker = requests.filter((request) => request.url().startsWith(`${workerBase()}/`));
    expect(fromWorker.map((request) => request.url())).toEqual([`${workerBase()}/v1/sites/harmony-minds/embed.js`]);
    // All it fetched, gzipped as the bench measures it (issue #11's goal: 3 KB; this is the ceiling reached).
    const body = new Uint8Array(await (await fetch(fromWorker[0]!.url())).arrayBuffer());
    expect(measure('site-specific embed.js', body).gzip).toBeLessThanOrEqual(3.75 * 1024);
    expect(await banner().count()).toBe(0);
    expect(await session.page.evaluate(() => window.candour!.granted('analytics'))).toBe(true);
  });

  it('on a first visit, Accept runs the gated script before any further script request', async () => {
    await session.page.goto(await hostPageAt('first-accept', { site: 'harmony-minds', tag: 'site' }));
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    await session.page.evaluate(() => window.candour!.ready);
    const requests = recordRequests(session.context);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    const scripts = requests.filter((request) => request.resourceType() === 'script').map((request) => request.url());
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts[0]).toBe(toAnalytics(requests)[0]);
  });
});

describe('Consent Mode default', () => {
  for (const tag of ['site', 'data-site'] as const) {
    it(`is in dataLayer exactly once, first visit and returning (${tag} tag)`, async () => {
      await session.page.goto(await hostPageAt(`default-once-${tag}`, { site: 'harmony-minds', tag }));
      await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
      await session.page.evaluate(() => window.candour!.ready);
      expect(await consentDefaults()).toBe(1);

      await session.page.getByRole('button', { name: 'Accept all' }).click();
      await session.page.waitForFunction(() => 'demoAnalytics' in window);
      await session.page.reload();
      await session.page.waitForFunction(() => 'demoAnalytics' in window);
      await session.page.evaluate(() => window.candour!.ready);
      expect(await consentDefaults()).toBe(1);
    });
  }
});

describe('a compact notice', () => {
  it('fetches nothing until it nears the viewport, then only its own section', async () => {
    const requests = recordRequests(session.context);
    const noticeChunk = `/${manifest['widget/ui/candour-notice.ts']!.file}`;
    await session.page.goto(
      await hostPageAt('compact-below', {
        site: 'harmony-minds',
        tag: 'site',
        body: '<div style="height: 4000px"></div><form><candour-notice site="harmony-minds" section="cookies" compact></candour-notice></form>',
      }),
    );
    await banner().waitFor();
    await session.page.evaluate(() => window.candour!.ready);
    const paths = () => requests.map((request) => new URL(request.url()).pathname);
    const noticeRequests = () => paths().filter((file) => file.startsWith('/v1/sites/') && file.includes('/notices'));
    expect(noticeRequests()).toEqual([]);
    expect(paths()).not.toContain(noticeChunk);

    await session.page.locator('candour-notice').scrollIntoViewIfNeeded();
    await session.page
      .locator('candour-notice .compact')
      .getByRole('link', { name: /cookies/i })
      .waitFor();
    expect(paths()).toContain(noticeChunk);
    expect(noticeRequests()).toEqual(['/v1/sites/harmony-minds/notices/current/sections/cookies']);
  });
});
