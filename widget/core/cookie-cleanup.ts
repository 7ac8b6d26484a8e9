import type { Category } from '../../contract/categories.js';
import type { CookieNames } from '../../contract/site.js';

/** `_ga_*` style declarations match by prefix; everything else by exact name. */
function matcher(pattern: string): (name: string) => boolean {
  const wildcard = /^(.*?)(\*|<[^>]+>)$/.exec(pattern);
  if (wildcard) return (name) => name.startsWith(wildcard[1]!);
  return (name) => name === pattern;
}

/** Domains a cookie may have been set on: the host and each parent (`.clinic.example`). */
function domainVariants(hostname: string): (string | undefined)[] {
  const variants: (string | undefined)[] = [undefined];
  if (/^[0-9.]+$/.test(hostname) || !hostname.includes('.')) return variants;
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const domain = labels.slice(i).join('.');
    variants.push(domain, `.${domain}`);
  }
  return variants;
}

function pathVariants(pathname: string): string[] {
  const paths = ['/'];
  const segments = pathname.split('/').filter(Boolean);
  for (let i = 1; i <= segments.length; i++) paths.push(`/${segments.slice(0, i).join('/')}`);
  return paths;
}

/**
 * Expires the declared cookies of refused categories (and the discovered ones attributed to them) under every path and domain they may have
 * been set with. Scripts already running keep what they hold in memory until the page reloads.
 */
export function deleteCookiesOf(
  refused: ReadonlySet<Category>,
  services: readonly CookieNames[],
  doc: Document = document,
): string[] {
  const matchers = services
    .filter((service) => refused.has(service.category))
    .flatMap((service) => service.cookies.map((cookie) => matcher(cookie.name)));
  if (matchers.length === 0) return [];
  const present = doc.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter((name) => name && matchers.some((matches) => matches(name)));
  for (const name of present) expireEverywhere(name, doc);
  return present;
}

/** Expires a cookie under every path and domain this page can see it with. */
export function expireEverywhere(name: string, doc: Document = document): void {
  const { hostname, pathname } = doc.location;
  for (const domain of domainVariants(hostname)) {
    for (const path of pathVariants(pathname)) {
      doc.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${path}${domain ? `; domain=${domain}` : ''}`;
    }
  }
}
