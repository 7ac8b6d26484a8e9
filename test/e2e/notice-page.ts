import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { workerBase } from './browser.js';

/** The five organisations of CONTRACT.md, seeded by the e2e global setup. */
export const ORGANISATIONS = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'] as const;

/** Screenshots for a person to look at; never in the repository. */
export const SHOTS = '/tmp/candour-notice-shots';

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CANDOUR_NOTICE_SHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

export const notice = (page: Page): Locator => page.locator('candour-notice').first();

/** Waits until `<candour-notice>` has loaded its notice (or failed to). */
export async function noticeLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => customElements.get('candour-notice') !== undefined);
  await notice(page).evaluate((element) => (element as HTMLElement & { loaded: Promise<void> }).loaded);
  await notice(page).evaluate(
    (element) => (element as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete,
  );
}

/** Answers the cookie banner ("Reject all") and hides its confirmation, as a visitor would. */
export async function dismissBanner(page: Page): Promise<void> {
  await page.evaluate(() => window.candour!.ready);
  if (await page.evaluate(() => window.candour!.get() !== null)) return;
  const region = page.getByRole('region', { name: /^Cookies on/ });
  await region.getByRole('button', { name: 'Reject all' }).click();
  await region.getByRole('button', { name: 'Hide this message' }).click();
  await region.waitFor({ state: 'hidden' });
}

/** The privacy page of a demo clinic, with its notice loaded and the banner answered. */
export async function openPrivacyPage(page: Page, site: string, hash = ''): Promise<void> {
  await page.goto(`${workerBase()}/demo/${site}/privacy${hash}`);
  await noticeLoaded(page);
  await dismissBanner(page);
}

/** Whether the page scrolls sideways. */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** The words the notice shows (hidden parts are not in `innerText`). */
export function shownText(page: Page): Promise<string> {
  return notice(page).evaluate((element) => (element.shadowRoot!.firstElementChild as HTMLElement).innerText);
}

/** State of every section's disclosure button, by section id. */
export function expandedSections(page: Page): Promise<Record<string, boolean>> {
  return notice(page).evaluate((element) =>
    Object.fromEntries(
      [...element.shadowRoot!.querySelectorAll('.section')].map((section) => [
        section.id.replace(/^section-/, ''),
        section.querySelector('.disclosure')!.getAttribute('aria-expanded') === 'true',
      ]),
    ),
  );
}

/** The element focused inside the notice's shadow root, described for assertions. */
export function focusedInNotice(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const host = document.activeElement;
    if (host?.localName !== 'candour-notice') return null;
    const focused = host.shadowRoot!.activeElement;
    return focused ? `${focused.localName}.${focused.className}:${focused.textContent?.trim()}` : null;
  });
}
