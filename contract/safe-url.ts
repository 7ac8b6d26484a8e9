/** Hosts where plain http is acceptable: the admin's own machine during local development. */
export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An address that is safe to put behind a link or to trust as an origin: https, or http only on
 * loopback. The check runs on the WHATWG parse (what a browser would follow), so `JaVaScRiPt:`,
 * `data:`, `vbscript:` and the like never pass; whitespace and control characters are refused
 * outright because browsers silently strip some of them, so what was checked would not be what
 * is followed; user:password@ is refused because it disguises the real host.
 */
export function isSafeUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

// No valibot here: the widget imports this predicate and must stay small.
export const SAFE_URL_MESSAGE =
  'must be an https:// address (http:// only on 127.0.0.1, localhost or [::1], for local development)';
