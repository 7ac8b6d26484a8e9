/** What the ledger may keep about a request: coarse facts only, never the IP or full UA. */

export function browserClass(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const ua = userAgent.toLowerCase();
  const engine = ua.includes('firefox/')
    ? 'firefox'
    : ua.includes('edg/') || ua.includes('chrome/') || ua.includes('chromium/')
      ? 'chromium'
      : ua.includes('safari/')
        ? 'safari'
        : 'other';
  const device = /mobile|android|iphone|ipad/.test(ua) ? 'mobile' : 'desktop';
  return `${engine}-${device}`;
}

/** Origin and path of the page the decision was taken on; query and fragment removed. */
export function pageWithoutQuery(pageUrl: string | undefined): string | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.origin}${url.pathname}`;
  } catch {
    return null;
  }
}

export function countryOf(request: Request): string {
  const country = (request as Request & { cf?: { country?: unknown } }).cf?.country;
  return typeof country === 'string' && /^[A-Z]{2}$/.test(country) ? country : 'XX';
}
