import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { inject } from 'vitest';

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

export const workerBase = () => inject('workerBase');
export const hostBase = () => inject('hostBase');
export const analyticsOrigin = () => inject('workerBase').replace('127.0.0.1', 'localhost');

/** Publishes a host page at hostBase/name, shaped by the test. */
export async function hostPageAt(
  name: string,
  page: { site: string; head?: string; body?: string; lang?: string; csp?: string },
): Promise<string> {
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
