import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyticsOrigin, hostPageAt, useBrowser, workerBase } from './browser.js';

const session = useBrowser({}, { perTest: false });

async function open(width: number, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await session.browser.newContext({ viewport: { width, height: width < 400 ? 640 : 800 } });
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** The element that really has focus, through shadow roots. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return `${active?.tagName.toLowerCase()}:${(active?.getAttribute('aria-label') ?? active?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}`;
  });
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);

describe.each([320, 1280])('every layer at %i px', (width) => {
  for (const site of ['harmony-minds', 'le-petit-saint', 'osjct']) {
    it(`${site}: banner, preferences and confirmation are axe-clean and do not scroll sideways`, async () => {
      const { context, page } = await open(width, `${workerBase()}/demo/${site}`);
      const banner = page.getByRole('region', { name: /^Cookies on/ });
      await banner.waitFor();
      expect(await violations(page)).toEqual([]);
      expect(await noHorizontalScroll(page)).toBe(true);

      await banner.getByRole('button', { name: 'Manage preferences' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cookie preferences' });
      await dialog.waitFor();
      for (const summary of await dialog.locator('summary').all()) await summary.click();
      expect(await violations(page)).toEqual([]);
      expect(await noHorizontalScroll(page)).toBe(true);
      // Every control is a target of at least 24 by 24 px (WCAG 2.5.8).
      const small = await dialog.evaluate((element) =>
        [...(element.getRootNode() as ShadowRoot).querySelectorAll('button, summary, a, input')]
          .map((control) => ({ control: control.outerHTML.slice(0, 60), box: control.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
          .map(({ control }) => control),
      );
      expect(small).toEqual([]);

      await dialog.getByRole('button', { name: 'Save my choices' }).click();
      await page.getByText('You’ve saved your cookie choices.').waitFor();
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  }
});

describe('keyboard only', () => {
  it('reaches the banner first, goes through every layer, and focus returns to what opened it', async () => {
    const { context, page } = await open(1280, `${workerBase()}/demo/harmony-minds`);
    await page.getByRole('region', { name: /^Cookies on/ }).waitFor();
    // The banner never takes focus by itself…
    expect(await focused(page)).toMatch(/^body:/);
    // …but it is the first thing Tab reaches: the notice link in its text, the notice's summary, then the choices.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Read our privacy notice');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('summary:How we use your information (summary)');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Accept all');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Manage preferences');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
    expect(await focused(page)).toBe('button:Close');
    // Tab to the analytics switch and turn it on with Space.
    for (let i = 0; i < 10 && !(await focused(page)).startsWith('input'); i++) await page.keyboard.press('Tab');
    expect(
      await page
        .getByRole('switch', { name: /Analytics/ })
        .evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement),
    ).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.getByRole('switch', { name: /Analytics/ }).isChecked()).toBe(true);
    for (let i = 0; i < 10 && (await focused(page)) !== 'button:Save my choices'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => 'demoAnalytics' in window);
    // The confirmation takes focus (its buttons were where focus was) and is announced.
    expect(await focused(page)).toMatch(/^section:Cookies on Harmony Minds/);
    expect(await page.getByRole('status').textContent()).toContain('You’ve saved your cookie choices.');

    // Change it again from the confirmation's link, then leave with Escape: focus comes back.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^button:You can change your cookie settings/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await page.getByRole('switch', { name: /Analytics/ }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await focused(page)).toMatch(/^button:You can change your cookie settings/);

    // The footer's "Cookie settings" link opens the dialog and gets focus back.
    await page.getByRole('link', { name: 'Cookie settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('a:Cookie settings');
    await context.close();
  });
});

describe('a strict Content Security Policy', () => {
  it('shows the banner and activates gated scripts with the page’s nonce, with no violations', async () => {
    const worker = workerBase();
    const analytics = analyticsOrigin();
    const csp = [
      "default-src 'self'",
      `script-src 'self' ${worker} ${analytics} 'nonce-pag3n0nce'`,
      "style-src 'self'",
      `connect-src 'self' ${worker} ${analytics}`,
      "img-src 'self'",
      `frame-src ${worker}`,
    ].join('; ');
    const url = await hostPageAt('strict-csp', {
      site: 'harmony-minds',
      csp,
      body: `<script type="text/plain" data-candour-category="analytics" nonce="pag3n0nce">window.inlineRan = true;</script>
<iframe title="Video" data-candour-category="analytics" data-src="${worker}/demo/harmony-minds"></iframe>`,
    });
    const context = await session.browser.newContext();
    await context.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { violations: string[] }).violations.push(
          `${event.violatedDirective} ${event.blockedURI}`,
        ),
      );
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('region', { name: /^Cookies on/ }).waitFor();
    await page.getByRole('button', { name: 'Manage preferences' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => 'inlineRan' in window && 'demoAnalytics' in window);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await context.close();
  });
});

describe('theme colours a site picks', () => {
  it('corrects an accent that white text cannot be read on', async () => {
    const url = await hostPageAt('weak-theme', {
      site: 'harmony-minds',
      head: '<style>:root { --candour-accent: #ffdd00; }</style>',
    });
    const { context, page } = await open(1280, url);
    const accept = page.getByRole('button', { name: 'Accept all' });
    await accept.waitFor();
    const colours = await accept.evaluate((element) => {
      const style = getComputedStyle(element);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colours.text).toBe('rgb(255, 255, 255)');
    expect(colours.background).not.toBe('rgb(255, 221, 0)');
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});

describe('focus not obscured (WCAG 2.4.11)', () => {
  it('keeps a focused page control clear of the fixed banner', async () => {
    const { context, page } = await open(1280, `${workerBase()}/demo/harmony-minds`);
    const banner = page.getByRole('region', { name: /^Cookies on/ });
    await banner.waitFor();
    // Walk the page by keyboard to the contact form's button, low on the page.
    for (let i = 0; i < 40 && !(await focused(page)).startsWith('button:Send message'); i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Send message');
    const [control, panel] = await Promise.all([
      page.getByRole('button', { name: 'Send message' }).boundingBox(),
      banner.boundingBox(),
    ]);
    expect(control!.y + control!.height).toBeLessThanOrEqual(panel!.y);
    await context.close();
  });
});

describe('user preferences of the system', () => {
  it('drops motion under prefers-reduced-motion and stays usable and axe-clean in forced colours', async () => {
    const context = await session.browser.newContext({ reducedMotion: 'reduce', forcedColors: 'active' });
    const page = await context.newPage();
    await page.goto(`${workerBase()}/demo/harmony-minds`);
    await page.getByRole('button', { name: 'Manage preferences' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cookie preferences' });
    await dialog.waitFor();
    const knob = await dialog.evaluate((element) => {
      const root = element.getRootNode() as ShadowRoot;
      const style = getComputedStyle(root.querySelector('.switch')!, '::after');
      return style.transitionDuration;
    });
    expect(knob).toBe('0s');
    expect(await violations(page)).toEqual([]);
    const border = await dialog
      .getByRole('button', { name: 'Save my choices' })
      .evaluate((element) => getComputedStyle(element).borderTopStyle);
    expect(border).toBe('solid');
    await page.getByRole('switch', { name: /Analytics/ }).check();
    await dialog.getByRole('button', { name: 'Save my choices' }).click();
    await page.waitForFunction(() => 'demoAnalytics' in window);
    await context.close();
  });
});
