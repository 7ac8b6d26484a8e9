import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Request,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import type { HostPageOptions } from './host-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What a test file gets from `useBrowser`: its browser, and the context and page of the running test. */
export interface BrowserSession {
  readonly browser: Browser;
  /** The running test's context (`open` makes it); closed after the test. */
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * A fresh context and page for the running test, with the file's options unless others are
   * given (a visitor who sends GPC, a 320 px screen); the test's earlier context is closed.
   */
  open(options?: BrowserContextOptions): Promise<Page>;
  /** Another context beside the test's own (a second visitor), closed after the test too. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * The e2e files' one browser set-up: Chromium launched once per file and closed after it, every
 * context a test opened closed after that test, and (unless `perTest` is false) a fresh context
 * and page before each test. Call it at the top of a file.
 */
export function useBrowser(
  contextOptions: BrowserContextOptions = {},
  { perTest = true }: { perTest?: boolean } = {},
): BrowserSession {
  let browser: Browser | undefined;
  let current: { context: BrowserContext; page: Page } | undefined;
  const opened: BrowserContext[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what} yet: useBrowser opens it in its hooks`);
    return value;
  };
  const session: BrowserSession = {
    get browser() {
      return need(browser, 'browser');
    },
    get context() {
      return need(current, 'context').context;
    },
    get page() {
      return need(current, 'page').page;
    },
    async open(options = contextOptions) {
      if (current) await current.context.close();
      const context = await session.newContext(options);
      current = { context, page: await context.newPage() };
      return current.page;
    },
    async newContext(options = contextOptions) {
      const context = await need(browser, 'browser').newContext(options);
      opened.push(context);
      return context;
    },
  };
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());
  if (perTest) beforeEach(async () => void (await session.open()));
  afterEach(async () => {
    current = undefined;
    for (const context of opened.splice(0)) await context.close();
  });
  return session;
}

export const workerBase = () => inject('workerBase');
export const hostBase = () => inject('hostBase');
export const analyticsOrigin = () => inject('workerBase').replace('127.0.0.1', 'localhost');

/** Publishes a host page at hostBase/name, shaped by the test. */
export async function hostPageAt(name: string, page: Omit<HostPageOptions, 'worker'>): Promise<string> {
  const response = await fetch(`${hostBase()}/pages/${name}`, { method: 'PUT', body: JSON.stringify(page) });
  if (response.status !== 204) throw new Error(`host page not stored: ${response.status}`);
  return `${hostBase()}/${name}`;
}

/** Every request a page makes, so a test can say what went where and when. */
export function recordRequests(context: BrowserContext): Request[] {
  const requests: Request[] = [];
  context.on('request', (request) => requests.push(request));
  return requests;
}

export function toAnalytics(requests: Request[]): string[] {
  const origin = analyticsOrigin();
  return requests.map((request) => request.url()).filter((url) => url.startsWith(`${origin}/demo-analytics/`));
}

export async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

export async function banner(page: Page) {
  return page.getByRole('region', { name: /^Cookies on/ });
}

export async function adminCall(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${workerBase()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${inject('adminToken')}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Test notices copy the seeds, gaps and all: publishing them needs a reason. */
export const TEST_REASON = 'A test copy of a seed notice, which lacks items the checklist asks for.';

/** A site of the test's own (so publishing to it changes nothing for other tests). */
export async function createTestSite(site: string, source: string): Promise<void> {
  const created = await adminCall('PUT', `/v1/admin/sites/${site}`, {
    organisation: { name: 'Test Clinic' },
    allowedOrigins: [hostBase(), workerBase()],
  });
  if (!created.ok) throw new Error(`site ${site}: ${created.status} ${await created.text()}`);
  await publish(site, source);
}

export async function publish(site: string, source: string): Promise<{ version: number }> {
  const published = await adminCall('POST', `/v1/admin/sites/${site}/notices`, { source, reason: TEST_REASON });
  if (published.status !== 201) throw new Error(`publish ${site}: ${published.status} ${await published.text()}`);
  return (await published.json()) as { version: number };
}

/** The HTTP cache would keep a site's config for a minute; tests that publish need it fresh. */
export async function disableCache(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

/** Resolves with the next candour-receipt event's receipt id. */
export function nextReceipt(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener(
          'candour-receipt',
          (event) => resolve((event as CustomEvent<{ receiptId: string }>).detail.receiptId),
          { once: true },
        ),
      ),
  );
}

export async function receiptOf(
  receiptId: string,
): Promise<{ receipt: Record<string, unknown> & { choices: Record<string, boolean> } }> {
  return (await (await fetch(`${workerBase()}/v1/receipts/${receiptId}`)).json()) as never;
}
