import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPageAt, useBrowser, recordRequests, toAnalytics, workerBase } from './browser.js';

const session = useBrowser();

type Manifest = Record<string, { file: string; imports?: string[] }>;
const manifest = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../dist/public/.vite/manifest.json'), 'utf8'),
) as Manifest;

/** The files an entry loads with its static imports. */
function reach(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const dependency of manifest[entry]?.imports ?? []) reach(dependency, seen);
  return seen;
}

/** The Lit side: the banner's and the notice's modules and their imports, less what the core shares. */
const uiFiles = (() => {
  const core = reach('widget/boot.ts');
  const ui = new Set([...reach('widget/ui/index.ts'), ...reach('widget/ui/candour-notice.ts')]);
  return [...ui].filter((key) => !core.has(key)).map((key) => `/${manifest[key]!.file}`);
})();

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
  it('shows the banner without asking for the config, and Accept runs the gated script', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(await hostPageAt('site-tag', { site: 'harmony-minds', tag: 'site' }));
    await banner().waitFor();
    expect(requests.map((request) => request.url())).toContain(`${workerBase()}/v1/sites/harmony-minds/embed.js`);
    expect(requests.filter((request) => new URL(request.url()).pathname.endsWith('/config'))).toEqual([]);
    expect(toAnalytics(requests)).toEqual([]);

    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(toAnalytics(requests).length).toBeGreaterThan(0);
  });

  it('lets a returning visitor with a valid decision load no Lit, and still runs their gated script', async () => {
    await session.page.goto(await hostPageAt('returning', { site: 'harmony-minds', tag: 'site' }));
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(uiFiles.length).toBeGreaterThan(0);

    const requests = recordRequests(session.context);
    await session.page.reload();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    await session.page.evaluate(() => window.candour!.ready);
    const fetched = requests.map((request) => new URL(request.url()).pathname);
    expect(fetched).toContain('/v1/sites/harmony-minds/embed.js');
    expect(fetched.filter((file) => uiFiles.includes(file))).toEqual([]);
    expect(await banner().count()).toBe(0);
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
