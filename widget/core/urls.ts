import { LOOPBACK_HOSTS } from '../../contract/safe-url.js';

/**
 * Addresses that reach the page from outside (the site's settings, held-back markup) are parsed
 * here before Candour loads or links to them. The URL parser strips the leading spaces and
 * control characters and the tabs and newlines that browsers ignore, and lowercases the scheme,
 * so ` JaVa\tScript:` is seen as `javascript:`, as the browser itself would see it.
 */
export function httpUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * An `href` from the site's settings: https, or plain http only on this machine (local
 * development). Anything else (`javascript:`, `data:`, a relative path) is no link.
 */
export function safeLink(value: string | undefined, base?: string): string | null {
  const url = value ? httpUrl(value, base) : null;
  // The contract's rule (isSafeUrl) in its few bytes the banner can afford: resolving has already
  // dropped whitespace and control characters, and the scheme is http(s).
  return url && (url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname)) ? url.href : null;
}
