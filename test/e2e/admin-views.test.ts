import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser, workerBase } from './browser.js';
import { axeViolations, registerSite, signIn, visitorWhoAccepted } from './admin-support.js';

const session = useBrowser({}, { perTest: false });

/** Whether the page scrolls sideways: at 320 px nothing may (WCAG 1.4.10, reflow). */
function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Tabs to the next control and says how its focus shows: the outline or ring the browser draws
 * for keyboard focus ('none' when nothing would show), with the control's name.
 */
async function tabAndLook(page: Page): Promise<{ name: string; ring: string }> {
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    if (!focused || focused === document.body) return { name: '(nothing)', ring: 'left the page' };
    // The preview's frames are pages of their own, the visitors' banner in them (tested with the widget).
    if (focused.tagName === 'IFRAME') return { name: 'a preview frame', ring: 'its own page' };
    const style = getComputedStyle(focused);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = outline ? `outline ${style.outlineWidth}` : style.boxShadow !== 'none' ? 'box-shadow' : 'none';
    return { name: `${focused.tagName} ${(focused.textContent ?? '').trim().slice(0, 40)}`, ring };
  });
}

/** axe finds nothing, nothing scrolls sideways, and the next few Tab stops all show their focus. */
async function checkView(page: Page, view: string, width: number): Promise<void> {
  expect(await axeViolations(page), `${view} at ${width} px`).toEqual([]);
  expect(await sideways(page), `${view} at ${width} px scrolls sideways`).toBe(0);
  // From the view's heading (where the page puts focus on opening a section), or the page's top.
  await page.evaluate(() => {
    const heading = document.querySelector<HTMLElement>('.admin-panel h2');
    if (!heading) return (document.activeElement as HTMLElement | null)?.blur();
    heading.tabIndex = -1;
    heading.focus();
  });
  for (let stop = 0; stop < 3; stop++) {
    const focused = await tabAndLook(page);
    if (focused.ring === 'left the page') break;
    expect(focused.ring, `${view} at ${width} px: focus on ${focused.name} does not show`).not.toBe('none');
  }
  if (process.env.CANDOUR_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.CANDOUR_SCREENSHOTS}/admin-${view}-${width}.png`, fullPage: true });
}

/** Opens a section from the navigation, as a keyboard or mouse user would, and waits for it. */
async function openSection(page: Page, link: string, ready: () => Promise<unknown>): Promise<void> {
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: link }).click();
  await ready();
}

describe('every admin view', () => {
  it.each([320, 1280])(
    'at %i px: axe-clean, no sideways scrolling, keyboard focus visible (sign-in, notice forms, source, checklist and preview, cookies, settings, records and ledger, audit, tokens)',
    async (width) => {
      const site = await registerSite(`admin-views-${width}`);
      await (await visitorWhoAccepted(session.browser, site)).close();
      const context = await session.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();

      await page.goto(`${workerBase()}/admin`);
      await page.getByLabel('Admin token').waitFor();
      await checkView(page, 'sign-in', width);

      await signIn(page, `#/${site}/notice`);
      await expect.poll(() => page.getByText('No problems found.').isVisible()).toBe(true);
      await page.getByRole('region', { name: /ICO checklist/ }).waitFor();
      const visitors = page.getByRole('region', { name: 'As visitors see it: the banner and the notice' });
      await visitors.scrollIntoViewIfNeeded();
      await visitors
        .locator('iframe')
        .first()
        .contentFrame()
        .getByRole('region', { name: /^Cookies on/ })
        .waitFor();
      await checkView(page, 'notice-forms', width);

      await page.getByRole('button', { name: 'Source', exact: true }).click();
      await page.getByLabel('Notice source').waitFor();
      await checkView(page, 'notice-source', width);

      await openSection(page, 'Cookies', () => page.getByRole('heading', { name: 'Cookies', level: 2 }).waitFor());
      await checkView(page, 'cookies', width);

      await openSection(page, 'Settings', () => page.getByRole('heading', { name: 'Site settings' }).waitFor());
      await checkView(page, 'settings', width);

      await openSection(page, 'Consent records', () => page.getByRole('region', { name: 'Receipts' }).waitFor());
      await page.getByRole('button', { name: 'Verify the ledger' }).click();
      await page.getByText(/The ledger verifies: \d+ receipts? checked/).waitFor();
      await checkView(page, 'records', width);

      await openSection(page, 'Audit log', () => page.getByRole('row', { name: /Verified the ledger/ }).waitFor());
      await checkView(page, 'audit', width);

      await openSection(page, 'Admin tokens', () => page.getByLabel('Who or what is it for?').waitFor());
      await checkView(page, 'tokens', width);
    },
    // A walk through nine views with axe on each: minutes on a slow machine, not seconds.
    300_000,
  );
});
