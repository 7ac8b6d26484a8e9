import { describe, expect, it } from 'vitest';
import {
  analyticsOrigin,
  cookieNames,
  hostPageAt,
  useBrowser,
  nextReceipt,
  receiptOf,
  recordRequests,
  toAnalytics,
  workerBase,
} from './browser.js';

const session = useBrowser();

const banner = () => session.page.getByRole('region', { name: /^Cookies on/ });

async function openPreferences(): Promise<void> {
  await session.page.getByRole('link', { name: 'Cookie settings' }).click();
  await session.page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
}

describe('withdrawing consent', () => {
  it('takes no more clicks than giving it, deletes the category’s cookies and says scripts stop on reload', async () => {
    const url = await hostPageAt('withdraw', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).click(); // 1 click to consent
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    // Cookies a script may have set under another path survive nothing either.
    await session.page.evaluate(() => {
      document.cookie = '_ga_OTHER=1; path=/withdraw';
      document.cookie = '_ga=2; path=/withdraw';
    });
    expect(await cookieNames(session.context)).toEqual(expect.arrayContaining(['_ga', '_ga_DEMO', '_ga_OTHER']));

    await openPreferences();
    const receipt = nextReceipt(session.page);
    await session.page.getByRole('dialog').getByRole('button', { name: 'Reject all' }).click(); // 1 click (after opening settings) to withdraw
    const stored = await receiptOf(await receipt);
    expect(stored.receipt).toMatchObject({ event: 'withdrawn', choices: { analytics: false } });
    expect(await cookieNames(session.context)).toEqual(['candour_consent']);
    await expect
      .poll(() => session.page.getByText('Scripts already running stop when you reload the page.').isVisible())
      .toBe(true);

    const requests = recordRequests(session.context);
    await session.page.reload();
    await session.page.evaluate(() => window.candour!.ready);
    expect(toAnalytics(requests)).toEqual([]);
  });

  it('reloads the page after a withdrawal where the site asks for it', async () => {
    const url = await hostPageAt('withdraw-reload', {
      site: 'harmony-minds',
      embedAttributes: 'data-reload-on-withdraw',
    });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    const navigated = session.page.waitForEvent('framenavigated');
    await session.page.evaluate(() => window.candour!.withdraw());
    await navigated;
    await session.page.evaluate(() => window.candour!.ready);
    expect(await session.page.evaluate(() => 'demoAnalytics' in window)).toBe(false);
    expect(await session.page.evaluate(() => window.candour!.get()?.choices.analytics)).toBe(false);
  });
});

describe('gating', () => {
  it('runs gated scripts in document order, keeping their attributes and the page’s nonce', async () => {
    const url = await hostPageAt('order', {
      site: 'harmony-minds',
      body: `
<script>window.ran = [];</script>
<script type="text/plain" data-candour-category="analytics" nonce="n0nce" id="first">window.ran.push('inline-1:' + (document.currentScript.nonce || ''));</script>
<script type="text/plain" data-candour-category="analytics" src="${analyticsOrigin()}/demo-analytics/ga.js" defer data-extra="kept"></script>
<script type="text/plain" data-candour-category="analytics">window.ran.push('inline-2:' + ('demoAnalytics' in window));</script>
<script type="text/plain" data-candour-category="marketing">window.ran.push('marketing');</script>`,
    });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    expect(await session.page.evaluate(() => (window as unknown as { ran: string[] }).ran)).toEqual([]);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => (window as unknown as { ran: string[] }).ran.length >= 2);
    // harmony-minds uses no marketing cookies, so that script never runs.
    expect(await session.page.evaluate(() => (window as unknown as { ran: string[] }).ran)).toEqual([
      'inline-1:n0nce',
      'inline-2:true',
    ]);
    const live = await session.page.evaluate(() =>
      [...document.querySelectorAll('script[data-candour-activated]')].map((script) => ({
        id: script.id,
        defer: script.hasAttribute('defer'),
        extra: script.getAttribute('data-extra'),
        type: script.getAttribute('type'),
      })),
    );
    expect(live).toContainEqual({ id: 'first', defer: false, extra: null, type: null });
    expect(live).toContainEqual({ id: '', defer: true, extra: 'kept', type: null });
  });

  it('holds back scripts added to the page later, and runs them once allowed', async () => {
    const url = await hostPageAt('later', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    const addScript = (flag: string) =>
      session.page.evaluate((name) => {
        const script = document.createElement('script');
        script.type = 'text/plain';
        script.setAttribute('data-candour-category', 'analytics');
        script.text = `window.${name} = true;`;
        document.body.append(script);
      }, flag);
    await addScript('beforeDecision');
    // The gate's MutationObserver runs before the next task: after one, it has seen the script.
    await session.page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    expect(await session.page.evaluate(() => 'beforeDecision' in window)).toBe(false);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'beforeDecision' in window);
    await addScript('afterDecision');
    await session.page.waitForFunction(() => 'afterDecision' in window);
  });

  it('shows a placeholder for a gated iframe with a one-click allow for its category', async () => {
    const frameSource = `${workerBase()}/demo/le-petit-saint/privacy`;
    const url = await hostPageAt('iframe', {
      site: 'le-petit-saint',
      body: `<iframe title="Our clinic on a map" width="400" height="200" data-candour-category="marketing" data-candour-provider="Maps Ltd" data-src="${frameSource}"></iframe>`,
    });
    const requests = recordRequests(session.context);
    await session.page.goto(url);
    const placeholder = session.page.getByRole('group', { name: 'Our clinic on a map' });
    await placeholder.waitFor();
    await expect
      .poll(() => placeholder.textContent())
      .toContain('This content is provided by Maps Ltd. It needs marketing cookies');
    expect(requests.some((request) => request.url() === frameSource)).toBe(false);
    expect(await session.page.locator('iframe').isHidden()).toBe(true);

    const receipt = nextReceipt(session.page);
    await placeholder.getByRole('button', { name: 'Allow marketing cookies' }).click();
    await expect.poll(() => session.page.locator('iframe').getAttribute('src')).toBe(frameSource);
    expect(await placeholder.count()).toBe(0);
    expect(await session.page.locator('iframe').isVisible()).toBe(true);
    const stored = await receiptOf(await receipt);
    expect(stored.receipt.choices).toEqual({ functional: false, analytics: false, marketing: true });
  });
});

describe('Google Consent Mode v2', () => {
  type Entry = unknown[] | Record<string, unknown>;
  const dataLayer = () =>
    session.page.evaluate(() =>
      ((window as unknown as { dataLayer: unknown[] }).dataLayer ?? []).map((entry) =>
        typeof entry === 'object' && entry !== null && 'length' in entry
          ? Array.from(entry as ArrayLike<unknown>)
          : entry,
      ),
    ) as Promise<Entry[]>;

  it('puts the default before anything the page pushes, and an update after each decision and load', async () => {
    const url = await hostPageAt('consent-mode', {
      site: 'harmony-minds',
      head: `<script>window.dataLayer = window.dataLayer || []; dataLayer.push({ event: 'page_ready' });</script>`,
    });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    let entries = await dataLayer();
    expect(entries[0]).toEqual([
      'consent',
      'default',
      expect.objectContaining({
        ad_storage: 'denied',
        analytics_storage: 'denied',
        security_storage: 'granted',
        wait_for_update: 500,
      }),
    ]);
    const pageEvent = entries.findIndex((entry) => !Array.isArray(entry) && entry.event === 'page_ready');
    expect(pageEvent).toBeGreaterThan(0);
    expect(entries.some((entry) => Array.isArray(entry) && entry[1] === 'update')).toBe(false);

    await session.page.getByRole('button', { name: 'Accept all' }).click();
    // The update follows the decision once it is applied: wait for it, then look at all of it.
    await expect
      .poll(async () => (await dataLayer()).some((entry) => Array.isArray(entry) && entry[1] === 'update'))
      .toBe(true);
    entries = await dataLayer();
    expect(entries.at(-1)).toEqual([
      'consent',
      'update',
      expect.objectContaining({ analytics_storage: 'granted', ad_storage: 'denied' }),
    ]);

    await session.page.reload();
    await session.page.evaluate(() => window.candour!.ready);
    entries = await dataLayer();
    expect(entries[0]).toEqual(['consent', 'default', expect.anything()]);
    expect(entries.filter((entry) => Array.isArray(entry) && entry[1] === 'update')).toEqual([
      ['consent', 'update', expect.objectContaining({ analytics_storage: 'granted' })],
    ]);
  });
});

describe('Global Privacy Control', () => {
  it('starts analytics and marketing refused, says why, records it, and honours a later opt-in', async () => {
    await session.open({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await session.context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    const requests = recordRequests(session.context);
    const url = await hostPageAt('gpc', { site: 'harmony-minds' });
    await session.page.goto(url);
    await expect.poll(() => session.page.getByText('Global Privacy Control signal is on').isVisible()).toBe(true);
    expect(await session.page.getByRole('button', { name: 'Accept all' }).count()).toBe(0);
    expect(await session.page.evaluate(() => window.candour!.get())).toMatchObject({
      method: 'gpc',
      gpc: true,
      choices: { analytics: false },
    });
    await expect.poll(() => session.page.evaluate(() => localStorage.getItem('candour_latest_receipt'))).not.toBeNull();
    const gpcReceipt = JSON.parse(
      (await session.page.evaluate(() => localStorage.getItem('candour_latest_receipt')))!,
    ) as {
      receiptId: string;
    };
    expect((await receiptOf(gpcReceipt.receiptId)).receipt).toMatchObject({
      method: 'gpc',
      gpc: true,
      event: 'refused',
    });
    expect(toAnalytics(requests)).toEqual([]);

    await openPreferences();
    await expect.poll(() => session.page.getByText('Global Privacy Control').first().isVisible()).toBe(true);
    const receipt = nextReceipt(session.page);
    await session.page.getByRole('switch', { name: /Analytics/ }).check();
    await session.page.getByRole('button', { name: 'Save my choices' }).click();
    const stored = await receiptOf(await receipt);
    expect(stored.receipt).toMatchObject({
      method: 'preferences',
      gpc: true,
      event: 'given',
      choices: { analytics: true },
    });
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
  });
});

describe('never losing a decision', () => {
  it('applies the choice while the Worker is unreachable and records it exactly once later', async () => {
    const url = await hostPageAt('offline', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    // The first post reaches the Worker but its answer is lost on the way back.
    const statuses: number[] = [];
    await session.page.route('**/v1/sites/harmony-minds/receipts', async (route) => {
      const response = await route.fetch();
      statuses.push(response.status());
      await route.abort('internetdisconnected');
    });
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    await expect.poll(() => statuses).toEqual([201]);
    const queued = await session.page.evaluate(
      () => JSON.parse(localStorage.getItem('candour_receipt_queue') ?? '[]') as unknown[],
    );
    expect(queued).toHaveLength(1);

    await session.page.unroute('**/v1/sites/harmony-minds/receipts');
    const replies: number[] = [];
    session.page.on('response', (response) => {
      if (response.url().endsWith('/v1/sites/harmony-minds/receipts') && response.request().method() === 'POST')
        replies.push(response.status());
    });
    const receipt = nextReceipt(session.page);
    await session.page.evaluate(() => dispatchEvent(new Event('online')));
    const receiptId = await receipt;
    // 200, not 201: the Worker recognised the idempotency key and stored nothing new.
    expect(replies).toEqual([200]);
    expect(await session.page.evaluate(() => localStorage.getItem('candour_receipt_queue'))).toBeNull();
    expect((await receiptOf(receiptId)).receipt.choices.analytics).toBe(true);
  });

  it('drops a receipt that waited offline longer than the Worker takes, without sending it', async () => {
    const url = await hostPageAt('offline-stale', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    // A decision queued 31 days ago, in the shape the widget writes (OFFLINE_WINDOW_MS is 30 days).
    await session.page.evaluate(() => {
      const request = {
        consentId: crypto.randomUUID(),
        idempotencyKey: crypto.randomUUID(),
        noticeVersion: 1,
        choices: { analytics: true },
        method: 'accept-all',
        gpc: false,
        language: 'en-GB',
        pageUrl: `${location.origin}${location.pathname}`,
        decidedAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
      };
      localStorage.setItem('candour_receipt_queue', JSON.stringify([{ site: 'harmony-minds', request, attempts: 3 }]));
    });
    await session.page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { candourErrors: seen });
      document.addEventListener('candour-error', (event) => {
        seen.push((event as CustomEvent<{ code: string }>).detail.code);
      });
    });
    const posts: string[] = [];
    session.page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/receipts')) posts.push(request.url());
    });
    await session.page.reload();
    await session.page.waitForFunction(
      () => (window as unknown as { candourErrors: string[] }).candourErrors.length > 0,
    );
    expect(await session.page.evaluate(() => (window as unknown as { candourErrors: string[] }).candourErrors)).toEqual(
      ['decided_at_out_of_range'],
    );
    expect(await session.page.evaluate(() => localStorage.getItem('candour_receipt_queue'))).toBeNull();
    expect(posts).toEqual([]);
  });

  it('sends a receipt still waiting on the next page load', async () => {
    const url = await hostPageAt('offline-reload', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.route('**/v1/sites/harmony-minds/receipts', (route) => route.abort('internetdisconnected'));
    await session.page.getByRole('button', { name: 'Reject all' }).click();
    await expect
      .poll(() =>
        session.page.evaluate(
          () => (JSON.parse(localStorage.getItem('candour_receipt_queue') ?? '[]') as unknown[]).length,
        ),
      )
      .toBe(1);
    await session.page.unroute('**/v1/sites/harmony-minds/receipts');
    await session.page.reload();
    await expect.poll(() => session.page.evaluate(() => localStorage.getItem('candour_receipt_queue'))).toBeNull();
    const latest = JSON.parse((await session.page.evaluate(() => localStorage.getItem('candour_latest_receipt')))!) as {
      receiptId: string;
    };
    expect((await receiptOf(latest.receiptId)).receipt).toMatchObject({ event: 'refused', method: 'reject-all' });
  });
});

describe('expiry', () => {
  it('asks again once the stored decision is older than the site’s expiry', async () => {
    const url = await hostPageAt('expiry', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    // Age the decision by seven months (the default expiry is six).
    await session.page.evaluate(() => {
      const raw = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((pair) => pair.startsWith('candour_consent='))!
          .split('=')[1]!,
      );
      const record = JSON.parse(raw) as { t: string; e: number };
      const old = new Date();
      old.setMonth(old.getMonth() - 7);
      // The expiry it recorded moves back with it, as it would have been written then.
      record.e -= Date.parse(record.t) - old.getTime();
      record.t = old.toISOString();
      document.cookie = `candour_consent=${encodeURIComponent(JSON.stringify(record))}; path=/`;
    });
    const requests = recordRequests(session.context);
    await session.page.reload();
    await banner().waitFor();
    await expect.poll(() => banner().textContent()).toContain('It has been a while since you chose');
    expect(toAnalytics(requests)).toEqual([]);
  });
});

describe('preferences', () => {
  it('offers one unticked switch per category the site uses, necessary locked on with its reason, and per-service cookies', async () => {
    const url = await hostPageAt('prefs', { site: 'le-petit-saint' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Manage preferences' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Cookie preferences' });
    await dialog.waitFor();
    const switches = dialog.getByRole('switch');
    const names = await switches.evaluateAll((elements) =>
      elements.map((element) => (element as HTMLInputElement).name),
    );
    expect(names).toEqual(['necessary', 'functional', 'marketing']);
    expect(await dialog.getByRole('switch', { name: /Strictly necessary/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole('switch', { name: /Strictly necessary/ }).isDisabled()).toBe(true);
    expect(await dialog.getByText('Always on: they keep the site working').isVisible()).toBe(true);
    for (const name of [/Functional/, /Marketing/])
      expect(await dialog.getByRole('switch', { name }).isChecked()).toBe(false);
    await dialog.locator('summary').first().click();
    await expect
      .poll(() => dialog.getByRole('columnheader', { name: 'Sent outside the UK' }).first().isVisible())
      .toBe(true);
  });

  it('never grants anything on Close or Escape', async () => {
    const url = await hostPageAt('prefs-escape', { site: 'harmony-minds' });
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Manage preferences' }).click();
    await session.page.getByRole('dialog').waitFor();
    await session.page.getByRole('switch', { name: /Analytics/ }).check();
    await session.page.keyboard.press('Escape');
    await expect.poll(() => session.page.getByRole('dialog').count()).toBe(0);
    expect(await session.page.evaluate(() => window.candour!.get())).toBeNull();
    expect(await cookieNames(session.context)).toEqual([]);
    await expect.poll(() => banner().isVisible()).toBe(true);
    await session.page.getByRole('button', { name: 'Manage preferences' }).click();
    await session.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    expect(await session.page.evaluate(() => window.candour!.get())).toBeNull();
  });

  it('shows the visitor their latest receipt with a link to its page', async () => {
    const url = await hostPageAt('prefs-receipt', { site: 'harmony-minds' });
    await session.page.goto(url);
    const receipt = nextReceipt(session.page);
    await session.page.getByRole('button', { name: 'Reject all' }).click();
    const receiptId = await receipt;
    await openPreferences();
    const link = session.page.getByRole('link', { name: receiptId });
    expect(await link.getAttribute('href')).toBe(`${workerBase()}/v1/receipts/${receiptId}`);
  });
});

describe('languages', () => {
  it('speaks Welsh on a Welsh page', async () => {
    const url = await hostPageAt('cymraeg', { site: 'harmony-minds', lang: 'cy' });
    await session.page.goto(url);
    await session.page.getByRole('region', { name: 'Cwcis ar Harmony Minds' }).waitFor();
    expect(await session.page.getByRole('button', { name: 'Derbyn y cyfan' }).isVisible()).toBe(true);
    expect(await session.page.getByRole('button', { name: 'Gwrthod y cyfan' }).isVisible()).toBe(true);
  });
});
