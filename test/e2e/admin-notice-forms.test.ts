import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser, workerBase } from './browser.js';
import { adminApi, axeViolations, freshSiteId, PUBLISH_REASON, registerSite, signIn } from './admin-support.js';

let context: BrowserContext;
let page: Page;

const session = useBrowser({}, { perTest: false });

async function open(width: number): Promise<void> {
  context = await session.newContext({ viewport: { width, height: 900 } });
  page = await context.newPage();
}

/** Serene self Therapy's notice under a fresh site id, registered and published through the API. */
async function registerSerene(prefix: string): Promise<string> {
  const site = freshSiteId(prefix);
  const created = await adminApi('PUT', `/v1/admin/sites/${site}`, {
    organisation: { name: 'Serene self Therapy (test copy)' },
    allowedOrigins: [workerBase()],
  });
  if (!created.ok) throw new Error(`site ${site}: ${created.status} ${await created.text()}`);
  const source = readFileSync(path.resolve(import.meta.dirname, '../../notices/serene-self.md'), 'utf8');
  const published = await adminApi('POST', `/v1/admin/sites/${site}/notices`, {
    source: source.replace(/^site: serene-self$/m, `site: ${site}`),
    reason: PUBLISH_REASON,
  });
  expect(published.status).toBe(201);
  return site;
}

async function latest(site: string) {
  const { versions } = (await (await adminApi('GET', `/v1/admin/sites/${site}/notices`)).json()) as {
    versions: { version: number }[];
  };
  const response = await adminApi('GET', `/v1/admin/sites/${site}/notices/${versions[0]!.version}`);
  return (await response.json()) as {
    version: number;
    document: {
      facts: { retention: { what: string; period: string }[] };
      services: { id: string; cookies: { name: string; duration: string; source?: { kind: string } }[] }[];
    };
  };
}

/** Waits until the Worker has checked the draft as it now stands. */
async function checked(): Promise<void> {
  await page.getByText('Checking…').waitFor({ state: 'detached' });
  await expect.poll(() => page.getByText('No problems found.').isVisible()).toBe(true);
}

describe('the notice forms', () => {
  it('a practice manager adds a cookie to a service and changes a retention period, and publishes, without YAML', async () => {
    const site = await registerSite('forms-harmony');
    await open(1280);
    await signIn(page, `#/${site}/notice`);
    await checked();
    expect(await page.getByRole('button', { name: 'Forms', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Notice source').count()).toBe(0);

    await page.getByRole('button', { name: 'Sharing, keeping, rights' }).click();
    await page.getByLabel('Kept 1: for how long').fill('Eight years after your last appointment');
    await page.getByRole('button', { name: 'Services and cookies' }).click();
    const service = page.getByRole('group', { name: 'Google Analytics' });
    // Where each fact comes from: Harmony Minds' policy names no Google Analytics cookie, so _ga is
    // marked as from Google's documentation; a cookie added by hand is marked as the author's.
    const ga = service.getByRole('group', { name: 'Cookie _ga', exact: true });
    const from = ga.getByLabel('Where these facts come from');
    expect(await from.locator('option:checked').textContent()).toContain('The provider’s documentation');
    expect(await ga.getByLabel('Name of the source').inputValue()).toBe("Google's documentation");
    await service.getByRole('button', { name: 'Add a cookie to Google Analytics by hand' }).click();
    const cookie = service.getByRole('group', { name: 'Cookie (new)' });
    await cookie.getByLabel('Cookie name').fill('_gid');
    await service
      .getByRole('group', { name: 'Cookie _gid' })
      .getByLabel('What it does')
      .fill('Tells visitors apart for a day.');
    await service.getByRole('group', { name: 'Cookie _gid' }).getByLabel('How long it lasts').fill('24 hours');
    expect(
      await service
        .getByRole('group', { name: 'Cookie _gid' })
        .getByLabel('Where these facts come from')
        .locator('option:checked')
        .textContent(),
    ).toContain('Written by us for this notice');
    await checked();
    // The same draft, seen as source: nothing typed in the forms is lost.
    await page.getByRole('button', { name: 'Source', exact: true }).click();
    const source = await page.getByLabel('Notice source').inputValue();
    expect(source).toContain('period: Eight years after your last appointment');
    expect(source).toContain('name: _gid');
    await page.getByRole('button', { name: 'Forms', exact: true }).click();
    await page.getByRole('button', { name: 'Sharing, keeping, rights' }).click();
    expect(await page.getByLabel('Kept 1: for how long').inputValue()).toBe('Eight years after your last appointment');

    await page.getByRole('button', { name: 'Review and publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
    await dialog.waitFor();
    const publish = dialog.getByRole('button', { name: 'Publish version 2' });
    expect(await publish.isDisabled()).toBe(true);
    await dialog.getByLabel('Why publish with these items missing?').fill(PUBLISH_REASON);
    await publish.click();
    await expect.poll(() => page.getByText(/Version 2 is published and in force now/).isVisible()).toBe(true);

    const published = await latest(site);
    expect(published.version).toBe(2);
    expect(published.document.facts.retention[0]!.period).toBe('Eight years after your last appointment');
    const gid = published.document.services[0]!.cookies.find((entry) => entry.name === '_gid');
    expect(gid).toMatchObject({ duration: '24 hours', source: { kind: 'author' } });

    await page.goto(`${workerBase()}/admin#/${site}/audit`);
    await expect.poll(() => page.getByText(`Reason: “${PUBLISH_REASON}”`).isVisible()).toBe(true);
  });

  it('the checklist shows Serene self Therapy’s missing complaint route and retention periods, and links to their fields', async () => {
    const site = await registerSerene('forms-serene');
    await open(1280);
    await signIn(page, `#/${site}/notice`);
    await checked();
    const checklist = page.getByRole('region', { name: /ICO checklist/ });
    const complaint = checklist.getByRole('listitem').filter({ hasText: 'The right to complain to the ICO' });
    expect(await complaint.textContent()).toContain('Missing');
    expect(await complaint.textContent()).toContain('No complaint route is given.');
    const retention = checklist.getByRole('listitem').filter({ hasText: 'How long data is kept' });
    expect(await retention.textContent()).toContain('Missing');

    // Every item not present links to a field: its button puts keyboard focus on a control of the forms.
    const fixes = checklist.getByRole('button', { name: /^Fix: / });
    const count = await fixes.count();
    expect(count).toBeGreaterThan(3);
    for (let index = 0; index < count; index++) {
      const fix = fixes.nth(index);
      const label = (await fix.textContent())!.trim();
      await fix.click();
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const focused = document.activeElement;
              return Boolean(
                focused?.closest('candour-admin-notice-form') && focused.matches('input, select, textarea, button'),
              );
            }),
          { message: `${label} puts focus on a control of the forms` },
        )
        .toBe(true);
    }

    await retention.getByRole('button', { name: 'Fix: How long data is kept' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-facts-retention-0-what');
    await complaint.getByRole('button', { name: 'Fix: The right to complain to the ICO' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Add the ICO as a complaint route');
    await page.keyboard.press('Enter');
    await expect.poll(() => complaint.textContent()).toContain('Present');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('points out the hardest summary lines with a Flesch reading ease', async () => {
    const site = await registerSerene('forms-readability');
    await open(1280);
    await signIn(page, `#/${site}/notice`);
    await checked();
    const plain = page.getByRole('region', { name: 'Plain language' });
    await plain.getByRole('listitem').first().waitFor();
    const first = plain.getByRole('button').first();
    const label = (await first.textContent())!.trim();
    expect(await plain.textContent()).toMatch(/: -?\d+, (hard to read|fairly hard)/);
    await first.click();
    const focused = await page.evaluate(() => document.activeElement?.id ?? '');
    expect(focused).toMatch(/^field-(summary-\d+|sections-\d+-summary)$/);
    expect(label).toMatch(/^(Summary paragraph \d+|Summary of “.+”)$/);
  });

  it('previews the draft as visitors see it: the real banner over the notice, phone and desktop side by side, in English and Welsh', async () => {
    const site = await registerSite('forms-visitors');
    await open(1280);
    await signIn(page, `#/${site}/notice`);
    await checked();
    const preview = page.getByRole('region', { name: 'As visitors see it: the banner and the notice' });
    // The frames are drawn once the section comes near the screen.
    await preview.scrollIntoViewIfNeeded();
    const phoneFrame = preview.locator('iframe[title^="Phone, 360 px wide, English"]');
    const desktopFrame = preview.locator('iframe[title^="Desktop, 1024 px wide, English"]');
    const phone = phoneFrame.contentFrame();
    const desktop = desktopFrame.contentFrame();
    const bannerIn = (frame: typeof phone, name: string) => frame.getByRole('region', { name });
    await bannerIn(desktop, 'Cookies on Harmony Minds (test copy)').waitFor();
    await bannerIn(phone, 'Cookies on Harmony Minds (test copy)').waitFor();
    // Each frame is as wide as its screen, so the banner's own phone layout applies in the phone's:
    // the summary disclosure shows on the desktop and not on the phone.
    const about = 'How we use your information (summary)';
    await desktop.getByText(about).waitFor();
    expect(await phone.getByText(about).isVisible()).toBe(false);
    expect(await phone.locator('main').evaluate((main) => main.ownerDocument.documentElement.clientWidth)).toBe(360);
    expect(await desktop.locator('main').evaluate((main) => main.ownerDocument.documentElement.clientWidth)).toBe(1024);
    const [phoneBox, desktopBox] = [(await phoneFrame.boundingBox())!, (await desktopFrame.boundingBox())!];
    expect(phoneBox.y).toBe(desktopBox.y);
    expect(phoneBox.x + phoneBox.width).toBeLessThan(desktopBox.x);
    expect(phoneBox.width / desktopBox.width).toBeCloseTo(360 / 1024, 2);

    // The draft, not the published version: a summary typed in the forms reaches both screens.
    await page.getByRole('button', { name: 'Title and summary' }).click();
    await page.getByLabel('Summary paragraph 1').fill('We keep what you tell us safe. Ask us anything.');
    await checked();
    await expect
      .poll(() => desktop.getByRole('region', { name: /^Cookies on/ }).textContent())
      .toContain('We keep what you tell us safe. Ask us anything.');
    await phone
      .locator('candour-notice-preview')
      .getByText('We keep what you tell us safe. Ask us anything.')
      .waitFor();

    // Welsh: the same draft, with the banner and the notice in Welsh.
    await preview.getByRole('button', { name: 'Cymraeg (Welsh)' }).click();
    const welshPhone = preview.locator('iframe[title^="Phone, 360 px wide, Cymraeg"]').contentFrame();
    await bannerIn(welshPhone, 'Cwcis ar Harmony Minds (test copy)').waitFor();
    expect(await welshPhone.getByRole('button', { name: 'Derbyn y cyfan' }).isVisible()).toBe(true);
    expect(await welshPhone.locator('html').getAttribute('lang')).toBe('cy');

    // Keyboard: from the language switch, Tab goes into the phone's page, to its banner's first control.
    await preview.getByRole('button', { name: 'Cymraeg (Welsh)' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => welshPhone.locator('html').evaluate((root) => root.ownerDocument.activeElement?.tagName))
      .toBe('CANDOUR-CONSENT');
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each([320, 1280])('the notice page with its forms and checklist is axe-clean at %i px', async (width) => {
    const site = await registerSite(`forms-axe-${width}`);
    await open(width);
    await signIn(page, `#/${site}/notice`);
    await checked();
    expect(await axeViolations(page)).toEqual([]);
  });
});
