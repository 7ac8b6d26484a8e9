import { createMiddleware } from 'hono/factory';
import { base64url } from 'jose';

/** Origins a page may add to its policy (the demo's analytics stand-in); everything else is 'self'. */
export interface PageSources {
  script?: string[];
  connect?: string[];
}

export interface PageSecurityVariables {
  /** This response's CSP nonce, for any inline script a page must carry. */
  cspNonce: string;
  pageSources: PageSources;
}

/**
 * Features no Candour page uses: denied outright, so an injected or third-party script cannot ask.
 * Only names Chromium knows: it reports unknown ones (`interest-cohort`, now `browsing-topics`;
 * `bluetooth`) as console errors on every page.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export function contentSecurityPolicy(nonce: string, sources: PageSources = {}): string {
  const list = (...values: (string | undefined)[]) => values.filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    `script-src ${list("'self'", `'nonce-${nonce}'`, ...(sources.script ?? []))}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${list("'self'", ...(sources.connect ?? []))}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * One policy for every HTML response, whichever route made it: pages cannot forget it, and a page
 * widens it only by naming origins in `pageSources`. No 'unsafe-inline' anywhere: inline script
 * needs this response's nonce, and the pages have no inline style.
 */
export const pageSecurity = createMiddleware<{ Variables: PageSecurityVariables }>(async (c, next) => {
  const nonce = base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
  c.set('cspNonce', nonce);
  await next();
  if (!(c.res.headers.get('Content-Type') ?? '').toLowerCase().startsWith('text/html')) return;
  // Responses passed through from ASSETS or fetch have immutable headers.
  const response = new Response(c.res.body, c.res);
  response.headers.set('Content-Security-Policy', contentSecurityPolicy(nonce, c.get('pageSources')));
  response.headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  c.res = undefined;
  c.res = response;
});
