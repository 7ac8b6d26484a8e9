/**
 * The pages work under their Content-Security-Policy: the demo clinic (widget, gated analytics
 * from the other origin) and the admin page (sign-in, records, export) report no violation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { analyticsOrigin, banner, useBrowser, workerBase } from './browser.js';
import { signIn } from './admin-support.js';

const session = useBrowser({ acceptDownloads: true });

let problems: string[];

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

beforeEach(async () => {
  // Installed before any page script, on every page the context opens.
  await session.context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations!.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  problems = [];
  session.page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Permissions-Policy/i.test(message.text())) {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  session.page.on('response', (answer) => {
    if (answer.status() >= 400) problems.push(`${answer.status()} for ${answer.url()}`);
  });
  session.page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
});

async function violations(): Promise<string[]> {
  return session.page.evaluate(() => window.cspViolations ?? []);
}

describe('pages under their CSP', () => {
  it('the demo clinic page: banner, preferences, and the gated analytics after consent, with no violation', async () => {
    const response = await session.page.goto(`${workerBase()}/demo/harmony-minds`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain(`script-src 'self' 'nonce-`);
    expect(csp).toContain(analyticsOrigin());
    expect(response!.headers()['permissions-policy']).toContain('camera=()');

    const region = await banner(session.page);
    await region.waitFor();
    await session.page.getByRole('link', { name: 'Cookie settings' }).click();
    const dialog = session.page.getByRole('dialog');
    await dialog.waitFor();
    await session.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await region.getByRole('button', { name: 'Accept all' }).click();
    // The analytics stand-in ran (from the other origin), which the CSP had to allow.
    await session.page.waitForFunction(() => 'demoAnalytics' in window);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the admin page: sign-in, the records and an export, with no violation', async () => {
    const response = await session.page.goto(`${workerBase()}/admin`);
    expect(response!.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await signIn(session.page, '#/harmony-minds/records');
    await session.page.getByRole('region', { name: 'Receipts' }).waitFor();
    const [download] = await Promise.all([
      session.page.waitForEvent('download'),
      session.page.getByRole('button', { name: 'Export as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^candour-harmony-minds-receipts-.*\.csv$/);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
