import { describe, expect, it } from 'vitest';
import { hostPageAt, nextReceipt, useBrowser } from './browser.js';

const session = useBrowser();

const banner = () => session.page.getByRole('region', { name: /^Cookies on/ });

/** When each resource whose path ends so was requested, in the page's own clock. */
const requestedAt = (ending: string) =>
  session.page.evaluate(
    (ending) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith(ending))
        .map((entry) => entry.startTime),
    ending,
  );

describe('a first visit, in order', () => {
  it('asks for the session module and the site config before embed.js does anything else', async () => {
    // Notes when the Consent Mode default, the first thing embed.js did before, reaches dataLayer.
    await session.page.addInitScript(() => {
      const layer: unknown[] & { defaultAt?: number } = [];
      const push = layer.push.bind(layer);
      layer.push = (...entries: unknown[]) => {
        if (entries.some((entry) => Array.from(entry as ArrayLike<unknown>)[1] === 'default'))
          layer.defaultAt ??= performance.now();
        return push(...entries);
      };
      (window as unknown as { dataLayer: unknown[] }).dataLayer = layer;
    });
    await session.page.goto(await hostPageAt('first-wave-first', { site: 'harmony-minds', tag: 'site' }));
    await banner().waitFor();
    const defaultAt = await session.page.evaluate(
      () => (window as unknown as { dataLayer: { defaultAt?: number } }).dataLayer.defaultAt,
    );
    expect(defaultAt).toBeTypeOf('number');
    const config = await requestedAt('/v1/sites/harmony-minds/config');
    expect(config).toHaveLength(1);
    expect(config[0]).toBeLessThan(defaultAt!);
    const chunks = await session.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.startsWith('/v1/chunks/boot-'))
        .map((entry) => entry.startTime),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toBeLessThan(defaultAt!);
  });

  it('after Accept, runs the gated script before the receipt is posted, and the receipt is recorded', async () => {
    // The host page's gated analytics script sets window.demoAnalytics when it runs: note when.
    await session.page.addInitScript(() => {
      Object.defineProperty(window, 'demoAnalytics', {
        configurable: true,
        set(value: unknown) {
          (window as unknown as { gatedRanAt: number }).gatedRanAt = performance.now();
          Object.defineProperty(window, 'demoAnalytics', { value, writable: true, configurable: true });
        },
      });
    });
    await session.page.goto(await hostPageAt('gated-before-receipt', { site: 'harmony-minds', tag: 'site' }));
    await session.page.evaluate(() => window.candour!.ready);
    const receipt = nextReceipt(session.page);
    await banner().getByRole('button', { name: 'Accept all' }).click();
    expect(await receipt).toMatch(/\S/);
    const gatedRanAt = await session.page.evaluate(() => (window as unknown as { gatedRanAt?: number }).gatedRanAt);
    expect(gatedRanAt).toBeTypeOf('number');
    const posted = await requestedAt('/v1/sites/harmony-minds/receipts');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toBeGreaterThan(gatedRanAt!);
    // Nothing decided was lost on the way: the queue is empty once the Worker has the receipt.
    expect(await session.page.evaluate(() => localStorage.getItem('candour_receipt_queue'))).toBeNull();
  });
});
