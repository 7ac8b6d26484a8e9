import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/index.js';
import { signIn } from './admin-session.js';
import { api, createSite, postReceipt, receiptRequest } from './helpers.js';

const SITE = 'headers-clinic';
let receiptId: string;
let sessionCookie: string;

/** A value for each path parameter the Worker's GET routes use. */
function concretePath(path: string): string | null {
  const values: Record<string, string> = {
    site: SITE,
    receiptId,
    version: '1',
    other: '1',
    file: 'admin.js',
  };
  let unknown = false;
  const concrete = path
    .replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => {
      if (!(name in values)) unknown = true;
      return values[name] ?? '';
    })
    .replace(/\/\*$/, '');
  return unknown ? null : concrete;
}

function expectPageHeaders(response: Response, path: string): void {
  const csp = response.headers.get('Content-Security-Policy') ?? '';
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc, `${path}: script-src`).toContain("'self'");
  expect(csp, path).not.toContain('unsafe-inline');
  expect(csp, path).not.toContain('unsafe-eval');
  expect(csp, path).toContain("default-src 'none'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  const permissions = response.headers.get('Permissions-Policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'browsing-topics']) {
    expect(permissions, path).toContain(`${feature}=()`);
  }
}

beforeAll(async () => {
  await createSite(SITE);
  const posted = await postReceipt(SITE, receiptRequest());
  receiptId = ((await posted.json()) as { receiptId: string }).receiptId;
  sessionCookie = (await signIn()).cookie;
});

describe('every HTML page', () => {
  it('carries a Content-Security-Policy without unsafe-inline and a Permissions-Policy, on every GET route', async () => {
    const htmlPaths: string[] = [];
    const gets = [...new Set(app.routes.filter((route) => route.method === 'GET').map((route) => route.path))];
    for (const route of gets) {
      const path = concretePath(route);
      if (path === null) continue;
      for (const cookie of [undefined, sessionCookie]) {
        const response = await api(path, {
          headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) },
          redirect: 'manual',
        });
        if (!(response.headers.get('Content-Type') ?? '').startsWith('text/html')) continue;
        htmlPaths.push(path);
        expectPageHeaders(response, path);
        // Any inline script carries this response's nonce; there is no inline style.
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get('Content-Security-Policy')!)?.[1];
        const body = await response.text();
        for (const tag of body.match(/<script\b[^>]*>/g) ?? []) {
          if (!/\bsrc=/.test(tag) && !/type="text\/plain"/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
        }
        expect(body).not.toMatch(/<style\b|\sstyle="/);
      }
    }
    // The pages this must cover, at the least.
    for (const path of ['/admin', '/demo', `/demo/${SITE}`, `/demo/${SITE}/privacy`, `/v1/receipts/${receiptId}`]) {
      expect(htmlPaths).toContain(path);
    }
  });

  it('lets the demo page load the widget and the analytics stand-in, and nothing else from outside', async () => {
    const response = await api(`/demo/${SITE}`);
    const csp = response.headers.get('Content-Security-Policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' https:\/\/localhost(?:;|$)/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/localhost(?:;|$)/);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = (await api(`/demo/${SITE}`)).headers.get('Content-Security-Policy')!;
    expect(again).not.toContain(nonce);
  });
});
