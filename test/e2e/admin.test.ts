import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyExport } from '../../worker/crypto/verify-export.js';
import { useBrowser, workerBase } from './browser.js';
import { runScheduledAt } from './scheduled-run.js';
import {
  adminApi,
  axeViolations,
  banner,
  editSource,
  noticeVersions,
  PUBLISH_REASON,
  registerSite,
  signIn,
  visitorReturns,
  visitorWhoAccepted,
} from './admin-support.js';

const session = useBrowser({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });

const visitors: BrowserContext[] = [];

afterEach(async () => {
  for (const visitor of visitors.splice(0)) await visitor.close();
});

/** Replaces `from` with `to`, and says so at once if the notice no longer has `from`. */
function edit(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`the notice no longer contains ${JSON.stringify(from)}`);
  return source.replace(from, to);
}

/** A new cookie in Google Analytics: what visitors consent to changes. */
const addCookie = (source: string) =>
  edit(
    source,
    '    cookies:\n',
    '    cookies:\n      - name: _gid\n        provider: Google\n        purpose: Tells visitors apart for a day.\n        duration: 24 hours\n',
  );

/** Better wording in one section: what visitors consent to stays the same. */
const reword = (source: string) =>
  edit(
    source,
    'This document provides information on how Harmony Minds handles',
    'This document explains how Harmony Minds handles',
  );

async function publishFromDialog(version: number): Promise<void> {
  await session.page.getByRole('button', { name: 'Review and publish…' }).click();
  const dialog = session.page.getByRole('dialog', { name: `Publish version ${version}?` });
  await dialog.waitFor();
  const reason = dialog.getByLabel('Why publish with these items missing?');
  if (await reason.count()) await reason.fill(PUBLISH_REASON);
  await dialog.getByRole('button', { name: `Publish version ${version}` }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('signing in', () => {
  it('takes the local token; a wrong one gets a plain refusal; the sign-in page is axe-clean', async () => {
    await session.page.goto(`${workerBase()}/admin`);
    expect(await axeViolations(session.page)).toEqual([]);
    await session.page.getByLabel('Admin token').fill('this-is-not-the-token-1234');
    await session.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => session.page.getByRole('alert').textContent()).toContain('That token was not accepted.');
    await signIn(session.page);
    await session.page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
    await session.page.getByRole('button', { name: 'Sign out' }).click();
    await session.page.getByLabel('Admin token').waitFor();
    const api = await session.page.evaluate(async () => (await fetch('/v1/admin/sites')).status);
    expect(api).toBe(401);
  });
});

describe('publishing a notice from the admin page', () => {
  it('a material change: preview, diff, confirm, and the returning visitor is asked again with what changed', async () => {
    const site = await registerSite('admin-material');
    const visitor = await visitorWhoAccepted(session.browser, site);
    visitors.push(visitor);

    await signIn(session.page, `#/${site}/notice`);
    await session.page.getByRole('heading', { name: 'Privacy notice' }).waitFor();
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, (source) =>
      addCookie(source).replace(
        'There are several cookies that are stored',
        'There are several cookies, including _gid, that are stored',
      ),
    );

    await expect.poll(() => session.page.getByText('Material change suggested').isVisible()).toBe(true);
    expect(await session.page.locator('.diff-cookies').textContent()).toContain('Cookie added: Google Analytics: _gid');
    expect(await session.page.getByLabel(/^Material: returning visitors are asked again/).isChecked()).toBe(true);
    expect(await session.page.getByLabel(/^Editorial/).isDisabled()).toBe(true);
    // The preview is the visitors' own element, showing the draft's text in its cookies section.
    const preview = session.page.locator('candour-notice-preview');
    await preview.getByRole('button', { name: /^\W*Cookies$/ }).click();
    await expect.poll(() => preview.getByText('There are several cookies, including _gid').isVisible()).toBe(true);
    expect(await axeViolations(session.page)).toEqual([]);

    await publishFromDialog(2);
    await expect
      .poll(() => session.page.getByRole('status').filter({ hasText: 'Version 2' }).textContent())
      .toContain('Version 2 is published and in force now. Returning visitors will be asked again.');
    expect((await noticeVersions(site))[0]).toMatchObject({ version: 2, state: 'current', material: true });

    const back = await visitorReturns(session.browser, visitor, site);
    await banner(back).waitFor();
    expect(await banner(back).textContent()).toContain('Our cookies have changed since you last chose.');
    const changes = banner(back).getByText('What changed since you last chose');
    await changes.waitFor();
    expect(await banner(back).textContent()).toContain('New cookie: Google Analytics: _gid');
  });

  it('an editorial change is suggested for rewording, and asks nobody again', async () => {
    const site = await registerSite('admin-editorial');
    const visitor = await visitorWhoAccepted(session.browser, site);
    visitors.push(visitor);

    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, reword);
    await expect.poll(() => session.page.getByText('Editorial change suggested').isVisible()).toBe(true);
    expect(await session.page.getByLabel(/^Editorial: nobody is asked again \(suggested\)/).isChecked()).toBe(true);
    // The changed words are marked in the diff.
    expect(await session.page.locator('.diff del').first().textContent()).toBe('provides information on');
    expect(await session.page.locator('.diff ins').first().textContent()).toBe('explains');
    await publishFromDialog(2);
    await expect.poll(() => session.page.getByText('Version 2 is published and in force now.').isVisible()).toBe(true);

    const back = await visitorReturns(session.browser, visitor, site);
    // The positive signal: the core has decided (ready) that the stored answer still stands.
    expect(await back.evaluate(() => window.candour!.get()?.noticeVersion)).toBe(1);
    expect(await banner(back).count()).toBe(0);
    const config = (await (await fetch(`${workerBase()}/v1/sites/${site}/config`)).json()) as {
      notice: { version: number };
    };
    expect(config.notice.version).toBe(2);
  });

  it('a scheduled version goes live at its time, and only then asks the visitor again', async () => {
    const site = await registerSite('admin-scheduled');
    const visitor = await visitorWhoAccepted(session.browser, site);
    visitors.push(visitor);

    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, addCookie);
    await session.page.getByLabel('From a later date and time').check();
    // An hour ahead, on a whole minute: the test moves the Worker's scheduled run there itself.
    const at = new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000);
    const local = await session.page.evaluate((iso) => {
      const date = new Date(iso);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    }, at.toISOString());
    await session.page.getByLabel('Takes effect on (your computer’s time)').fill(local);
    await session.page.getByRole('button', { name: 'Review and publish…' }).click();
    expect(await session.page.getByRole('dialog').textContent()).toContain('Until then version 1 stays in force.');
    await session.page.getByRole('dialog').getByLabel('Why publish with these items missing?').fill(PUBLISH_REASON);
    await session.page.getByRole('dialog').getByRole('button', { name: 'Publish version 2' }).click();
    await expect
      .poll(() => session.page.getByText(/Version 2 is published and scheduled to take effect on/).isVisible())
      .toBe(true);
    expect(await session.page.getByRole('row', { name: /^2 Scheduled/ }).count()).toBe(1);

    const early = await visitorReturns(session.browser, visitor, site);
    // Before its time the stored answer (to version 1) still stands: nothing to ask.
    expect(await early.evaluate(() => window.candour!.get()?.noticeVersion)).toBe(1);
    expect(await banner(early).count()).toBe(0);
    await early.close();

    expect((await noticeVersions(site))[0]).toMatchObject({ version: 2, state: 'scheduled' });

    // The daily run for the version's time: it takes effect then, however long the steps above
    // took (no real-time window), and the public config says so (the positive signal).
    expect(await runScheduledAt(at)).toContain(site);
    expect((await noticeVersions(site))[0]).toMatchObject({ version: 2, state: 'current' });
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${workerBase()}/v1/sites/${site}/config`)).json()) as { notice: { version: number } })
            .notice.version,
      )
      .toBe(2);
    const later = await visitorReturns(session.browser, visitor, site);
    await banner(later).waitFor();
    expect(await banner(later).textContent()).toContain('Our cookies have changed since you last chose.');
  }, 120_000);

  it('reports the publish choices when the admin changes them, never because a property was set', async () => {
    const site = await registerSite('admin-choice-events');
    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, reword);
    await session.page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      document.addEventListener('candour-admin-publish-choice', (event) => seen.push((event as CustomEvent).detail));
    });
    // Code sets every input of the publish step: a new preview, a choice, a new starting point.
    const shown = await session.page.evaluate(async () => {
      const publish = document.querySelector('candour-admin-publish')!;
      publish.ready = { ...publish.ready!, suggestedMaterial: !publish.ready!.suggestedMaterial };
      publish.choice = { kind: null, timing: 'later', scheduleAt: '2030-01-01T10:00' };
      publish.startedFrom += 1;
      await publish.updateComplete;
      return publish.querySelector<HTMLInputElement>('#schedule-at')?.value;
    });
    // It rendered them (the positive signal) and reported nothing.
    expect(shown).toBe('2030-01-01T10:00');
    expect(await session.page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([]);
    // The admin's own change is reported, once, with the whole choice.
    await session.page.getByLabel('Now', { exact: true }).check();
    expect(await session.page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
      { kind: null, timing: 'now', scheduleAt: '2030-01-01T10:00' },
    ]);
  });

  it('when someone else publishes first, says so and publishes nothing over their version', async () => {
    const site = await registerSite('admin-race');
    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, reword);
    // Meanwhile a colleague publishes from the terminal.
    const other = await adminApi('GET', `/v1/admin/sites/${site}/notices/1`);
    const published = await adminApi('POST', `/v1/admin/sites/${site}/notices`, {
      source: addCookie(((await other.json()) as { source: string }).source),
      reason: PUBLISH_REASON,
    });
    expect(published.status).toBe(201);
    await publishFromDialog(2);
    await expect
      .poll(() => session.page.getByRole('alert').first().textContent())
      .toContain('Someone else published a new version while you were editing, so nothing was published.');
    const versions = await noticeVersions(site);
    expect(versions.map((entry) => [entry.version, entry.material])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('shows problems inline with their line numbers, goes to the line, and publishes nothing', async () => {
    const site = await registerSite('admin-invalid');
    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    await editSource(session.page, (source) =>
      source.replace('This document provides', 'This <b>document</b> provides'),
    );
    const source = await session.page.getByLabel('Notice source').inputValue();
    const line = source.split('\n').findIndex((text) => text.includes('<b>document')) + 1;
    await expect.poll(() => session.page.getByText('1 problem to fix before publishing').isVisible()).toBe(true);
    const goTo = session.page.getByRole('button', { name: `Line ${line}` });
    expect(await goTo.isVisible()).toBe(true);
    expect(await session.page.getByLabel('Notice source').getAttribute('aria-invalid')).toBe('true');
    expect(await session.page.getByRole('button', { name: 'Review and publish…' }).count()).toBe(0);
    await goTo.click();
    const selected = await session.page
      .getByLabel('Notice source')
      .evaluate((textarea: HTMLTextAreaElement) =>
        textarea.value.slice(textarea.selectionStart, textarea.selectionEnd),
      );
    expect(selected).toContain('This <b>document</b> provides');
    expect(await noticeVersions(site)).toHaveLength(1);
  });

  it('shows the history, any version, and the diff between any two', async () => {
    const site = await registerSite('admin-history');
    const reworded = reword((await (await adminApi('GET', `/v1/admin/sites/${site}/notices/1`)).json()).source);
    await adminApi('POST', `/v1/admin/sites/${site}/notices`, { source: reworded, reason: PUBLISH_REASON });
    await adminApi('POST', `/v1/admin/sites/${site}/notices`, { source: addCookie(reworded), reason: PUBLISH_REASON });
    await signIn(session.page, `#/${site}/notice`);
    const history = session.page.getByRole('region', { name: 'Version history' });
    await history.getByRole('row', { name: /^3 In force/ }).waitFor();
    expect(await history.getByRole('row', { name: /^1 Replaced/ }).count()).toBe(1);
    await history.getByLabel('Compare', { exact: true }).selectOption('1');
    await history.getByLabel('with', { exact: true }).selectOption('2');
    await history.getByRole('button', { name: 'Compare' }).click();
    await history.getByRole('heading', { name: 'Changes from version 1 to version 2' }).waitFor();
    expect(await history.getByText('What visitors consent to is the same in both.').isVisible()).toBe(true);
    expect(await history.locator('ins').first().textContent()).toBe('explains');
    await history.getByRole('button', { name: 'View version 1' }).click();
    await history.getByRole('heading', { name: /^Version 1, published/ }).waitFor();
    expect(
      await history.locator('candour-notice-preview').getByText('Version 1', { exact: false }).first().isVisible(),
    ).toBe(true);
  });
});

describe('site settings', () => {
  it('renders what an admin types as text everywhere, and refuses a bad colour with a message, saving nothing', async () => {
    const site = await registerSite('admin-settings');
    await signIn(session.page, `#/${site}/settings`);
    const name = 'Clinic <img src=x onerror="window.__pwned=1"> & "Friends"';
    await session.page.getByLabel('Name, as visitors see it').fill(name);
    await session.page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => session.page.getByText('Settings saved.').isVisible()).toBe(true);
    await expect.poll(() => session.page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await axeViolations(session.page)).toEqual([]);

    await session.page.getByLabel('Accent colour (buttons and highlights)').fill('#ffcc00');
    expect(await session.page.locator('#settings-accent-contrast').textContent()).toContain('too low');
    await session.page.getByRole('button', { name: 'Save settings' }).click();
    const alert = session.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Nothing was saved.');
    expect(await alert.textContent()).toMatch(/contrast of 1\.\d+:1/);
    const stored = (await (await adminApi('GET', `/v1/admin/sites/${site}`)).json()) as {
      site: { settings: { theme: { accent?: string } } };
    };
    expect(stored.site.settings.theme.accent).toBeUndefined();

    // The visitor's banner and the demo page show the name as text, and nothing of it runs.
    const visitor = await session.browser.newContext();
    visitors.push(visitor);
    const clinic = await visitor.newPage();
    await clinic.goto(`${workerBase()}/demo/${site}`);
    await clinic.getByRole('region', { name: `Cookies on ${name}` }).waitFor();
    expect(await clinic.locator('img[src="x"]').count()).toBe(0);
    expect(await clinic.evaluate(() => '__pwned' in window)).toBe(false);
    expect(await session.page.evaluate(() => '__pwned' in window)).toBe(false);
  });

  it('puts an edited cookie list into the notice draft, to be published as a material change', async () => {
    const site = await registerSite('admin-services');
    await signIn(session.page, `#/${site}/settings`);
    const services = session.page.getByRole('region', { name: 'Categories, services and cookies' });
    // The notice forms' own services editor (admin/services-fields.ts).
    const analytics = services.getByRole('group', { name: 'Google Analytics' });
    await analytics.getByRole('button', { name: 'Add a cookie to Google Analytics by hand' }).click();
    await analytics.getByRole('group', { name: 'Cookie (new)' }).getByLabel('Cookie name').fill('_gid');
    const gid = analytics.getByRole('group', { name: 'Cookie _gid' });
    await gid.getByLabel('What it does').fill('Tells visitors apart for a day.');
    await gid.getByLabel('How long it lasts').fill('24 hours');
    await services.getByRole('button', { name: 'Put these into the notice draft' }).click();
    await session.page.getByText('Your services and cookies are in the notice draft.').waitFor();
    await expect.poll(() => session.page.getByText('Material change suggested').isVisible()).toBe(true);
    expect(await session.page.locator('.diff-cookies').textContent()).toContain('Cookie added: Google Analytics: _gid');
    await publishFromDialog(2);
    await expect.poll(() => session.page.getByText('Version 2 is published and in force now.').isVisible()).toBe(true);
    const config = (await (await fetch(`${workerBase()}/v1/sites/${site}/config`)).json()) as {
      services: { cookies: { name: string }[] }[];
    };
    expect(config.services[0]!.cookies.map((cookie) => cookie.name)).toEqual(['_ga', '_ga_*', '_gid']);
  });
});

describe('consent records and the audit log', () => {
  it('lists, filters and charts receipts, exports the month as CSV, verifies the ledger and logs it all', async () => {
    const site = await registerSite('admin-records');
    visitors.push(await visitorWhoAccepted(session.browser, site));
    const refuser = await session.browser.newContext();
    visitors.push(refuser);
    const refusing = await refuser.newPage();
    await refusing.goto(`${workerBase()}/demo/${site}`);
    await refusing.getByRole('button', { name: 'Reject all' }).click();
    await refusing.waitForFunction(() => window.candour?.get() !== null);

    await signIn(session.page, `#/${site}/records`);
    const receipts = session.page.getByRole('region', { name: 'Receipts' });
    await expect.poll(() => receipts.getByRole('row').count()).toBe(3);
    await expect.poll(() => session.page.getByRole('img', { name: /^Consent rate per category/ }).count()).toBe(1);
    expect(
      await session.page.getByRole('img', { name: /^Consent rate per category/ }).getAttribute('aria-labelledby'),
    ).toBe('chart-title chart-desc');
    expect(await session.page.locator('#chart-desc').textContent()).toContain('Analytics 50%');
    expect(await axeViolations(session.page)).toEqual([]);

    await session.page.getByLabel('Event').selectOption('refused');
    await session.page.getByRole('button', { name: 'Show records' }).click();
    await expect.poll(() => receipts.getByRole('row').count()).toBe(2);
    expect(await receipts.getByRole('row').nth(1).textContent()).toContain('Refused');

    await session.page.getByLabel('Event').selectOption('');
    await session.page.getByRole('button', { name: 'Show records' }).click();
    await expect.poll(() => receipts.getByRole('row').count()).toBe(3);
    const [download] = await Promise.all([
      session.page.waitForEvent('download'),
      session.page.getByRole('button', { name: 'Export as CSV' }).click(),
    ]);
    const month = new Date().toISOString().slice(0, 7);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^candour-${site}-receipts-${month}-01-to-${month}-\\d\\d\\.csv$`),
    );
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(/^recorded_at,decided_at,receipt_id,seq,event,method,functional,analytics,marketing/);
    expect(
      csv
        .slice(1)
        .map((row) => row.split(',')[4])
        .sort(),
    ).toEqual(['given', 'refused']);

    await session.page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect
      .poll(async () => (await session.page.locator('.ledger-result').textContent())?.replace(/\s+/g, ' '))
      .toContain('The ledger verifies: 2 receipts checked from the first entry, no entry changed or missing.');

    // The signed ledger downloads through the page (a POST with its CSRF token) and checks offline.
    const [ledgerFile] = await Promise.all([
      session.page.waitForEvent('download'),
      session.page.getByRole('button', { name: 'Download the signed ledger' }).click(),
    ]);
    expect(ledgerFile.suggestedFilename()).toMatch(new RegExp(`^candour-${site}-ledger-\\d{4}-\\d\\d-\\d\\d\\.json$`));
    const jwks = (await (await fetch(`${workerBase()}/.well-known/jwks.json`)).json()) as unknown;
    const offline = await verifyExport(JSON.parse(readFileSync((await ledgerFile.path())!, 'utf8')), jwks);
    expect(offline).toMatchObject({ ok: true, checked: 2 });

    await session.page.getByRole('link', { name: 'Audit log' }).click();
    const log = session.page.getByRole('table');
    await log.getByRole('row', { name: /Verified the ledger/ }).waitFor();
    expect(await log.getByRole('row', { name: /Exported consent records.*CSV export/ }).count()).toBe(1);
    expect(await log.getByRole('row', { name: /Exported the ledger for offline checking/ }).count()).toBe(1);
    expect(await axeViolations(session.page)).toEqual([]);
  });

  it('every section of the admin page is axe-clean, tokens included', async () => {
    const site = await registerSite('admin-axe');
    await signIn(session.page, `#/${site}/notice`);
    await expect.poll(() => session.page.getByText('No problems found.').isVisible()).toBe(true);
    expect(await axeViolations(session.page)).toEqual([]);
    await session.page.getByRole('link', { name: 'Settings' }).click();
    await session.page.getByRole('heading', { name: 'Site settings' }).waitFor();
    expect(await axeViolations(session.page)).toEqual([]);
    await session.page.getByRole('link', { name: 'Admin tokens' }).click();
    await session.page.getByLabel('Who or what is it for?').fill('Reception desk');
    await session.page.getByLabel('Sites it may manage').selectOption(site);
    await session.page.getByRole('button', { name: 'Make a token' }).click();
    const token = await session.page.getByLabel('New token').inputValue();
    expect(token).toMatch(/^cnd_/);
    expect(await session.page.getByRole('row', { name: /Reception desk/ }).textContent()).toContain(site);
    expect(await axeViolations(session.page)).toEqual([]);
    const scoped = await fetch(`${workerBase()}/v1/admin/sites`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await scoped.json()) as { sites: { id: string }[] }).sites.map((entry) => entry.id)).toEqual([site]);
  });
});
