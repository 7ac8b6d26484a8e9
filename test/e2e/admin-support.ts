import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { hostBase, workerBase } from './browser.js';

/** Harmony Minds' real notice, under another site id, so a test can publish to it freely. */
export function harmonySource(site: string): string {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../notices/harmony-minds.md'), 'utf8');
  return source.replace(/^site: harmony-minds$/m, `site: ${site}`);
}

export async function adminApi(method: string, route: string, body?: unknown): Promise<Response> {
  const call = () =>
    fetch(`${workerBase()}${route}`, {
      method,
      headers: { Authorization: `Bearer ${inject('adminToken')}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // wrangler dev restarts its workerd when a source file changes, closing idle keep-alive
  // sockets: a request that never reached the Worker is simply sent again.
  return call().catch(async (error: unknown) => {
    if (!(error instanceof TypeError)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return call();
  });
}

/**
 * A site id of its own each time a test runs: browser tests get one retry (`wrangler dev` now and
 * then holds an answer until the browser gives up), and a retry must start from a site the first
 * attempt never published to.
 */
export function freshSiteId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * A copy of Harmony Minds under a fresh id (`prefix` and a suffix of its own), registered and
 * published through the admin API; the id is returned.
 */
export async function registerSite(prefix: string, name = 'Harmony Minds (test copy)'): Promise<string> {
  const site = freshSiteId(prefix);
  const created = await adminApi('PUT', `/v1/admin/sites/${site}`, {
    organisation: { name },
    allowedOrigins: [workerBase(), hostBase()],
  });
  if (!created.ok) throw new Error(`site ${site}: ${created.status} ${await created.text()}`);
  const published = await adminApi('POST', `/v1/admin/sites/${site}/notices`, {
    source: harmonySource(site),
    reason: 'A test copy of Harmony Minds, which lacks items the checklist asks for.',
  });
  if (published.status !== 201) throw new Error(`publish ${site}: ${published.status} ${await published.text()}`);
  return site;
}

export async function noticeVersions(site: string): Promise<{ version: number; state: string; material: boolean }[]> {
  const response = await adminApi('GET', `/v1/admin/sites/${site}/notices`);
  return ((await response.json()) as { versions: { version: number; state: string; material: boolean }[] }).versions;
}

/** Signs in on the admin page with the local token, as a person would. */
export async function signIn(page: Page, hash = ''): Promise<void> {
  await page.goto(`${workerBase()}/admin`);
  await page.getByLabel('Admin token').fill(inject('adminToken'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
  if (hash) await page.goto(`${workerBase()}/admin${hash}`);
}

/** The notice page opens on its forms; the source is one button away. */
export async function showSource(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Source', exact: true });
  await toggle.waitFor();
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await page.getByLabel('Notice source').waitFor();
}

/** What the publish dialog asks for when the checklist finds items missing (the seeds' gaps). */
export const PUBLISH_REASON = 'Our policy does not give these yet; our DPO is reviewing it.';

/** A visitor who accepted all cookies on the site's demo clinic page; their context keeps the cookie. */
export async function visitorWhoAccepted(browser: Browser, site: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${workerBase()}/demo/${site}`);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.candour?.get() !== null);
  await page.close();
  return context;
}

/**
 * The visitor comes back: a fresh browser context with their cookies and storage, so that the
 * config the browser cached for a minute on their last visit is not reused.
 */
export async function visitorReturns(browser: Browser, visitor: BrowserContext, site: string): Promise<Page> {
  const context = await browser.newContext({ storageState: await visitor.storageState() });
  const page = await context.newPage();
  page.once('close', () => void context.close());
  await page.goto(`${workerBase()}/demo/${site}`);
  await page.evaluate(() => window.candour!.ready);
  return page;
}

export function banner(page: Page) {
  return page.getByRole('region', { name: /^Cookies on/ });
}

export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Replaces the notice source in the editor and waits for the Worker's check of it. */
export async function editSource(page: Page, change: (source: string) => string): Promise<void> {
  await showSource(page);
  const editor = page.getByLabel('Notice source');
  const before = await editor.inputValue();
  const after = change(before);
  expect(after).not.toBe(before);
  const checked = page.waitForResponse(
    (response) =>
      response.url().endsWith('/notices/preview') &&
      (JSON.parse(response.request().postData() ?? '{}') as { source?: string }).source === after,
  );
  await editor.fill(after);
  await checked;
  await page.getByText('Checking…').waitFor({ state: 'detached' });
}
