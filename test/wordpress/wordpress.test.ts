import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findServiceBySource } from '../../contract/catalogue.js';
import { launchBrowser } from '../e2e/browser.js';
import { runPhp } from './wordpress-server.js';

const skip = inject('wordpressSkip') !== '';
const wordpress = () => inject('wordpressBase');
const worker = () => inject('wordpressWorker');

/** Google's tag, as a local stub: it sets _ga and sends a hit, as the real one would. */
const GTAG_STUB = `window.gtagLoads = (window.gtagLoads || 0) + 1;
document.cookie = '_ga=GA1.1.1234.5678; path=/; max-age=3600';
fetch('https://www.google-analytics.com/g/collect?v=2&tid=G-CANDOUR1', { method: 'POST', mode: 'no-cors' });`;

const php = (code: string) => runPhp(inject('wordpressDir'), Number(new URL(wordpress()).port), code);

let browser: Browser;

beforeAll(async () => {
  if (!skip) browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/**
 * A visitor's browser. Every request leaving for another host than WordPress and the Worker is
 * logged; Google's hosts are answered by the stub above and the rest refused (the machine is
 * offline), so the log shows what a real visit would have sent.
 */
async function visitor(width = 1280): Promise<{ context: BrowserContext; page: Page; outside: Request[] }> {
  const context = await browser.newContext({ viewport: { width, height: width < 400 ? 640 : 800 } });
  const outside: Request[] = [];
  const local = [new URL(wordpress()).host, new URL(worker()).host];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (local.includes(url.host)) return route.continue();
    outside.push(route.request());
    if (url.host === 'www.googletagmanager.com')
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: GTAG_STUB });
    if (url.host.endsWith('google-analytics.com')) return route.fulfill({ status: 204 });
    return route.abort();
  });
  return { context, page: await context.newPage(), outside };
}

const toGoogle = (requests: Request[]) =>
  requests.map((request) => request.url()).filter((url) => /googletagmanager\.com|google-analytics\.com/.test(url));

async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

async function candourViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('candour-consent')
    .include('.candour-cookie-settings')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

describe.skipIf(skip)('Candour in a real WordPress', () => {
  it('prints the embed as the first script in <head>, before plugins’ own and queued tags', async () => {
    for (const query of ['', '?no-html5=1']) {
      const html = await (await fetch(`${wordpress()}/${query}`)).text();
      const head = html.slice(html.indexOf('<head'), html.indexOf('</head>'));
      const scripts = [...head.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      expect(scripts[0]).toContain(`src="${worker()}/v1/sites/harmony-minds/embed.js"`);
      expect(scripts.findIndex((tag) => tag.includes('plugin-head-script'))).toBeGreaterThan(0);
      // Site Kit's tag is held back with exactly one type, also where the theme prints
      // type='text/javascript' on every tag (no HTML5 support); its inline parts still run.
      const gtag = scripts.filter((tag) => tag.includes('googletagmanager.com/gtag/js'));
      expect(gtag).toHaveLength(1);
      expect(gtag[0]!.match(/\stype=/g)).toHaveLength(1);
      expect(gtag[0]).toContain('type="text/plain" data-candour-category="analytics"');
      expect(head).toContain('function gtag(){dataLayer.push(arguments);}');
      expect(head).not.toMatch(/<script[^>]*type="text\/plain"[^>]*>\s*window\.dataLayer/);
      // No hint to Google's host, no emoji script or its s.w.org hint (the option is on).
      expect(head).not.toMatch(/<link[^>]*googletagmanager/);
      expect(head).not.toContain('s.w.org');
      expect(head).not.toContain('_wpemojiSettings');
    }
  });

  it('matches addresses to services as the contract’s catalogue does', () => {
    const urls = [
      'https://www.googletagmanager.com/gtag/js?id=G-1',
      'https://www.googletagmanager.com/gtm.js?id=GTM-1',
      '//connect.facebook.net/en_US/fbevents.js',
      'https://static.hotjar.com/c/hotjar-1.js',
      'https://www.google.com/recaptcha/api.js',
      'https://www.google.com/maps/embed?pb=1',
      'https://www.google.com/search',
      'https://GOOGLE-ANALYTICS.com./g/collect',
      'https://evilgoogle-analytics.com/g/collect',
      'https://www.youtube-nocookie.com/embed/1',
      'javascript:alert(1)',
      '/wp-includes/js/jquery/jquery.min.js',
    ];
    const fromPhp = JSON.parse(
      php(`$urls = json_decode( '${JSON.stringify(urls)}', true );
echo wp_json_encode( array_map( function ( $url ) { $service = candour_service_for_url( $url ); return $service ? $service['id'] : null; }, $urls ) );`),
    ) as (string | null)[];
    const fromContract = urls.map(
      (url) => findServiceBySource(url.startsWith('//') ? `https:${url}` : url)?.id ?? null,
    );
    expect(fromContract).toContain('google-analytics');
    expect(fromPhp).toEqual(fromContract);
  });

  it('sends nothing to Google before a choice, loads the tag after Accept, and stops it after withdrawal', async () => {
    const { context, page, outside } = await visitor();
    await page.goto(wordpress());
    const banner = page.getByRole('region', { name: /^Cookies on/ });
    await banner.waitFor();
    expect(await page.evaluate(() => document.head.querySelector('script')?.id)).toBe('candour-embed');
    await page.evaluate(() => window.candour!.ready);
    await page.waitForLoadState('networkidle');
    expect(
      await page.evaluate(() => (window as unknown as { pluginHeadScriptRan?: boolean }).pluginHeadScriptRan),
    ).toBe(true);
    expect(toGoogle(outside)).toEqual([]);
    expect(await cookieNames(context)).not.toContain('_ga');

    await banner.getByRole('button', { name: 'Accept all' }).click();
    await expect
      .poll(() => toGoogle(outside))
      .toEqual([
        'https://www.googletagmanager.com/gtag/js?id=G-CANDOUR1',
        'https://www.google-analytics.com/g/collect?v=2&tid=G-CANDOUR1',
      ]);
    await expect.poll(() => cookieNames(context)).toContain('_ga');
    // Site Kit's queued config was in dataLayer for the tag to read when it came.
    expect(await page.evaluate(() => JSON.stringify(window.dataLayer))).toContain('G-CANDOUR1');

    // Withdraw through the "Cookie settings" block on the page.
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cookie preferences' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => page.evaluate(() => window.candour!.granted('analytics'))).toBe(false);
    await expect.poll(() => cookieNames(context)).not.toContain('_ga');
    const before = toGoogle(outside).length;
    await page.reload();
    await page.evaluate(() => window.candour!.ready);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (window as unknown as { gtagLoads?: number }).gtagLoads)).toBeUndefined();
    expect(toGoogle(outside)).toHaveLength(before);
    expect(await cookieNames(context)).not.toContain('_ga');
    await context.close();
  });

  it('opens the preferences from the "Cookie settings" block and from the shortcode', async () => {
    const { context, page } = await visitor();
    await page.goto(wordpress());
    await page.getByRole('region', { name: /^Cookies on/ }).waitFor();
    for (const name of ['Cookie settings', 'Change your cookie choices']) {
      await page.getByRole('link', { name }).click();
      const dialog = page.getByRole('dialog', { name: 'Cookie preferences' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    }
    expect(page.url()).toBe(`${wordpress()}/`);
    await context.close();
  });

  it('shows the layered notice from [candour_notice], and a link to the plain notice without JavaScript', async () => {
    const { context, page } = await visitor();
    await page.goto(`${wordpress()}/?pagename=notice`);
    const notice = page.locator('candour-notice[site="harmony-minds"]');
    await expect.poll(() => notice.getByRole('heading', { name: 'Privacy Policy' }).first().isVisible()).toBe(true);
    await context.close();

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const still = await plain.newPage();
    await still.goto(`${wordpress()}/?pagename=notice`);
    const link = still.getByRole('link', { name: 'Read our privacy notice' });
    expect(await link.getAttribute('href')).toBe(`${worker()}/v1/sites/harmony-minds/privacy`);
    await plain.close();
  });

  it.each([320, 1280])('leaves nothing for axe to find in Candour’s parts at %i px', async (width) => {
    const { context, page } = await visitor(width);
    await page.goto(wordpress());
    await page.getByRole('region', { name: /^Cookies on/ }).waitFor();
    expect(await candourViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
    expect(await candourViolations(page)).toEqual([]);
    await context.close();
  });
});

/** Signs in to wp-admin in a fresh browser context. */
async function signIn(user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${wordpress()}/wp-login.php`);
  await page.getByLabel('Username or Email Address').fill(user);
  await page.getByLabel('Password', { exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.waitForURL(/wp-admin/);
  return { context, page };
}

/** A save of other values through options.php, without the settings form's nonce. */
function forgedSave(page: Page) {
  return page.request.post(`${wordpress()}/wp-admin/options.php`, {
    form: {
      option_page: 'candour',
      action: 'update',
      'candour_settings[worker]': 'https://evil.example',
      'candour_settings[site]': 'evil',
    },
  });
}

async function embedSource(): Promise<string | undefined> {
  const html = await (await fetch(wordpress())).text();
  return /<script[^>]*id="candour-embed"[^>]*>/.exec(html)?.[0];
}

describe.skipIf(skip)('Settings → Candour', () => {
  it('takes only https addresses (http on loopback) without path, user or query, and kebab site ids', () => {
    const addresses = [
      'https://consent.example.org',
      'https://Consent.Example.org:8443/',
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://[::1]:8787',
      'http://consent.example.org',
      'javascript:alert(1)',
      'data:text/html,x',
      '//consent.example.org',
      'https://consent.example.org/v1/embed.js',
      'https://consent.example.org?x=1',
      'https://consent.example.org#x',
      'https://user@consent.example.org',
      'https://consent example.org',
      'https://consent.example.org"><script>',
      'https://-bad-.example.org',
      `https://${'a'.repeat(200)}.org`,
    ];
    const sites = ['harmony-minds', 'ab', 'a', 'Harmony', 'harmony minds', '-harmony', 'x'.repeat(64), '<b>'];
    const results = JSON.parse(
      php(`$check = function ( $value ) { return is_wp_error( $value ) ? $value->get_error_code() : $value; };
echo wp_json_encode( array(
  'addresses' => array_map( function ( $a ) use ( $check ) { return $check( candour_parse_worker_address( $a ) ); }, json_decode( base64_decode( '${Buffer.from(JSON.stringify(addresses)).toString('base64')}' ), true ) ),
  'sites' => array_map( function ( $s ) use ( $check ) { return $check( candour_parse_site_id( $s ) ); }, json_decode( base64_decode( '${Buffer.from(JSON.stringify(sites)).toString('base64')}' ), true ) ),
) );`),
    ) as { addresses: string[]; sites: string[] };
    expect(results.addresses).toEqual([
      'https://consent.example.org',
      'https://consent.example.org:8443',
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://[::1]:8787',
      'candour_worker_insecure',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
      'candour_worker_invalid',
    ]);
    expect(results.sites).toEqual([
      'harmony-minds',
      'ab',
      'candour_site_invalid',
      'candour_site_invalid',
      'candour_site_invalid',
      'candour_site_invalid',
      'candour_site_invalid',
      'candour_site_invalid',
    ]);
  });

  it('refuses a bad address or site id with its reason and keeps what was stored', { timeout: 180_000 }, async () => {
    const stored = await embedSource();
    expect(stored).toContain('/v1/sites/harmony-minds/embed.js');
    const { context, page } = await signIn('admin');
    await page.goto(`${wordpress()}/wp-admin/options-general.php?page=candour`);
    const address = page.getByLabel('Worker address');
    const site = page.getByLabel('Site id');
    expect(await address.inputValue()).toBe(worker());
    expect(await site.inputValue()).toBe('harmony-minds');

    // Through the form, one of each kind of refusal; every rule is checked below through PHP.
    const bad: [string, string, RegExp][] = [
      ['http://consent.example.org', 'harmony-minds', /must use https:\/\//],
      [worker(), '"><script>alert(1)</script>', /2 to 63 lowercase letters/],
      ['', '', /Enter the Worker address/],
    ];
    for (const [badAddress, badSite, reason] of bad) {
      await address.fill(badAddress);
      await site.fill(badSite);
      await page.getByRole('button', { name: 'Save Changes' }).click();
      await expect
        .poll(() => page.locator('.notice-error, .error').allInnerTexts())
        .toEqual(expect.arrayContaining([expect.stringMatching(reason), expect.stringMatching(/Nothing was saved/)]));
      expect(await page.locator('script:has-text("alert(1)")').count()).toBe(0);
      expect(await embedSource()).toBe(stored);
    }

    // A save without the form's nonce is refused by WordPress, and changes nothing.
    const forged = await forgedSave(page);
    expect(forged.status()).toBe(403);
    expect(await embedSource()).toBe(stored);

    // Good values save, with WordPress's own confirmation.
    await address.fill(`${worker()}/`);
    await site.fill('harmony-minds');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(await address.inputValue()).toBe(worker());
    expect(await embedSource()).toBe(stored);
    await context.close();
  });

  it('offers the "Cookie settings" block in the block editor', { timeout: 180_000 }, async () => {
    const { context, page } = await signIn('admin');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${wordpress()}/wp-admin/post-new.php?post_type=page`);
    const title = await page.waitForFunction(
      () =>
        (
          window as unknown as { wp?: { blocks?: { getBlockType(name: string): { title: string } | undefined } } }
        ).wp?.blocks?.getBlockType('candour/cookie-settings')?.title,
      undefined,
      { timeout: 120_000 },
    );
    expect(await title.jsonValue()).toBe('Cookie settings');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not open to a subscriber, through the screen or options.php', async () => {
    const { context, page } = await signIn('reader');
    const screen = await page.goto(`${wordpress()}/wp-admin/options-general.php?page=candour`);
    expect(screen?.status()).toBe(403);
    const forged = await forgedSave(page);
    expect(forged.status()).toBe(403);
    expect(await embedSource()).toContain('/v1/sites/harmony-minds/embed.js');
    await context.close();
  });

  it('says when the banner’s privacy link and WordPress’s privacy page differ, and agrees once privacyUrl is set', async () => {
    const { context, page } = await signIn('admin');
    const screen = `${wordpress()}/wp-admin/options-general.php?page=candour`;
    await page.goto(screen);
    const status = page.locator('#candour-privacy-status');
    await expect.poll(() => status.innerText()).toMatch(/no published privacy page/);

    // Publishing the privacy page WordPress drafted at install.
    const privacyUrl = php(`$id = (int) get_option( 'wp_page_for_privacy_policy' );
wp_update_post( array( 'ID' => $id, 'post_status' => 'publish' ) );
echo get_privacy_policy_url();`);
    expect(privacyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await page.goto(screen);
    await expect.poll(() => status.innerText()).toMatch(/does not go to your privacy page/);
    expect(await status.innerText()).toContain(privacyUrl);

    // The Candour admin sets privacyUrl as the screen asks.
    const headers = { Authorization: `Bearer ${inject('wordpressAdminToken')}`, 'Content-Type': 'application/json' };
    const { sites } = (await (await fetch(`${worker()}/v1/admin/sites`, { headers })).json()) as {
      sites: { id: string; settings: Record<string, unknown> }[];
    };
    const settings = sites.find((site) => site.id === 'harmony-minds')!.settings;
    const saved = await fetch(`${worker()}/v1/admin/sites/harmony-minds`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...settings, privacyUrl }),
    });
    expect(saved.ok).toBe(true);
    await page.goto(screen);
    await expect.poll(() => status.innerText()).toMatch(/goes to your privacy page/);
    await context.close();

    const visit = await visitor();
    await visit.page.goto(wordpress());
    const link = visit.page.locator('candour-consent [part~="notice-link"]');
    await expect.poll(() => link.getAttribute('href')).toBe(privacyUrl);
    await visit.context.close();
  });
});
