import { beforeAll, describe, expect, it } from 'vitest';
import {
  cookieNames,
  hostPageAt,
  useBrowser,
  nextReceipt,
  recordRequests,
  toAnalytics,
  workerBase,
} from './browser.js';

const session = useBrowser();

let url: string;

beforeAll(async () => {
  url = await hostPageAt('foundation', { site: 'harmony-minds' });
});

describe('first visit on a host page on another origin', () => {
  it('shows Accept and Reject with equal weight, and a way to choose each kind', async () => {
    await session.page.goto(url);
    const region = session.page.getByRole('region', { name: 'Cookies on Harmony Minds' });
    await expect.poll(() => region.isVisible()).toBe(true);
    // Accept and Reject side by side and alike (no dark pattern); choosing each kind is the
    // secondary action, as on GOV.UK's banner (test/e2e/banner-phone.test.ts checks its target size).
    const buttons = ['Accept all', 'Reject all'].map((name) => region.getByRole('button', { name }));
    expect(await region.getByRole('button', { name: 'Manage preferences' }).isVisible()).toBe(true);
    const styles = await Promise.all(
      buttons.map((button) =>
        button.evaluate((element) => {
          const style = getComputedStyle(element);
          return [
            style.backgroundColor,
            style.color,
            style.fontSize,
            style.fontWeight,
            style.borderWidth,
            element.getBoundingClientRect().height,
          ].join('|');
        }),
      ),
    );
    expect(new Set(styles).size).toBe(1);
    // The banner never takes focus on its own.
    expect(await session.page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });

  it('sends nothing to the analytics origin and sets no cookie before a decision', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(url);
    await session.page.evaluate(() => window.candour!.ready);
    await session.page.getByRole('button', { name: 'Accept all' }).waitFor();
    // Nothing left in flight: whatever the page would fetch before a decision, it has.
    await session.page.waitForLoadState('networkidle');
    expect(toAnalytics(requests)).toEqual([]);
    expect(await cookieNames(session.context)).toEqual([]);
    expect(await session.page.evaluate(() => 'demoAnalytics' in window)).toBe(false);
  });

  it('Reject all keeps analytics off, stores only candour_consent and records a receipt', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Reject all' }).waitFor();
    const receipt = nextReceipt(session.page);
    await session.page.getByRole('button', { name: 'Reject all' }).click();
    const receiptId = await receipt;
    await expect.poll(() => session.page.getByText('You’ve rejected optional cookies.').isVisible()).toBe(true);
    expect(await cookieNames(session.context)).toEqual(['candour_consent']);
    expect(toAnalytics(requests)).toEqual([]);

    const stored = await (await fetch(`${workerBase()}/v1/receipts/${receiptId}`)).json();
    expect(stored.receipt).toMatchObject({
      site: 'harmony-minds',
      event: 'refused',
      method: 'reject-all',
      choices: { analytics: false },
    });
    const cookie = (await session.context.cookies()).find((item) => item.name === 'candour_consent')!;
    expect(cookie.sameSite).toBe('Lax');
    expect(decodeURIComponent(cookie.value)).toContain(stored.receipt.consentId);
  });

  it('Accept all runs the gated analytics script, which beacons and sets its cookies', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    await expect.poll(() => toAnalytics(requests).some((hit) => hit.includes('/demo-analytics/collect'))).toBe(true);
    expect(toAnalytics(requests)[0]).toContain('/demo-analytics/ga.js');
    const names = await cookieNames(session.context);
    expect(names).toContain('_ga');
    expect(names).toContain('candour_consent');
  });

  it('remembers the choice on reload and shows no banner', async () => {
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    const requests = recordRequests(session.context);
    await session.page.reload();
    await session.page.evaluate(() => window.candour!.ready);
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(await session.page.getByRole('region', { name: /Cookies on/ }).count()).toBe(0);
    expect(await session.page.evaluate(() => window.candour!.get()?.choices.analytics)).toBe(true);
    expect(toAnalytics(requests).length).toBeGreaterThan(0);
  });

  it('after Reject all, a reload shows no banner and runs nothing', async () => {
    await session.page.goto(url);
    await session.page.getByRole('button', { name: 'Reject all' }).click();
    await session.page.getByText('You’ve rejected optional cookies.').waitFor();
    const requests = recordRequests(session.context);
    await session.page.reload();
    await session.page.evaluate(() => window.candour!.ready);
    expect(await session.page.getByRole('region', { name: /Cookies on/ }).count()).toBe(0);
    expect(toAnalytics(requests)).toEqual([]);
  });
});

describe('the demo clinic page', () => {
  it('embeds the widget with the real script tag and gates its analytics', async () => {
    const requests = recordRequests(session.context);
    await session.page.goto(`${workerBase()}/demo/harmony-minds`);
    await session.page.getByRole('region', { name: 'Cookies on Harmony Minds' }).waitFor();
    expect(await session.page.getByRole('link', { name: 'Cookie settings' }).count()).toBe(1);
    expect(toAnalytics(requests)).toEqual([]);
    await session.page.getByRole('button', { name: 'Accept all' }).click();
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
  });
});
