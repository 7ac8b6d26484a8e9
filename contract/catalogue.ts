import type { OptionalCategory } from './categories.js';
import { sourceMatches } from './catalogue-match.js';
import services from './catalogue/services.json';

/** One cookie a catalogued service sets, as its provider documents it. */
export interface CatalogueCookie {
  name: string;
  /** 'prefix': name is a prefix, e.g. `_ga_` matches `_ga_ABC123`. Absent means exact. */
  match?: 'exact' | 'prefix';
  purpose: string;
  duration: string;
}

/** A known third-party service: what it is, where it loads from, what it stores. */
export interface CatalogueService {
  /** Kebab id, e.g. 'google-analytics'; notices refer to it by this. */
  id: string;
  name: string;
  category: OptionalCategory;
  provider: string;
  privacyUrl: string;
  /**
   * 'host' or 'host/path-prefix' its scripts and frames load from. A host also covers its
   * subdomains. Empty when the service loads from the site's own host (platform analytics),
   * so it cannot be told apart by address.
   */
  sources: string[];
  cookies: CatalogueCookie[];
  /** The provider's documentation these facts come from. */
  reference: { name: string; url: string };
}

/** Every known service; `contract/catalogue/SOURCES.md` says where each fact comes from. */
export const CATALOGUE: readonly CatalogueService[] = services as CatalogueService[];

const byId = new Map(CATALOGUE.map((service) => [service.id, service]));

export function catalogueService(id: string): CatalogueService | undefined {
  return typeof id === 'string' ? byId.get(id) : undefined;
}

/** Longer than any real script address; anything longer is refused rather than parsed. */
const MAX_URL_LENGTH = 4096;

/**
 * The service a script or frame address belongs to, or undefined. Only absolute http(s)
 * addresses are considered. The most specific source wins, so a path such as
 * `www.googletagmanager.com/gtag/js` beats the bare host `www.googletagmanager.com`.
 */
export function findServiceBySource(url: string | URL): CatalogueService | undefined {
  let parsed: URL;
  try {
    if (typeof url === 'string' && url.length > MAX_URL_LENGTH) return undefined;
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // `example.com.` is the same host to a browser: the trailing dot must not slip past.
  const host = parsed.hostname.replace(/\.$/, '');
  let best: { service: CatalogueService; length: number } | undefined;
  for (const service of CATALOGUE) {
    for (const source of service.sources) {
      if (sourceMatches(source, host, parsed.pathname) && (!best || source.length > best.length)) {
        best = { service, length: source.length };
      }
    }
  }
  return best?.service;
}

/** Longer than any real cookie name a browser keeps. */
const MAX_COOKIE_NAME_LENGTH = 256;

/** The catalogued cookie a name belongs to: an exact name first, else the longest prefix. */
export function findCookie(name: string): { service: CatalogueService; cookie: CatalogueCookie } | undefined {
  if (typeof name !== 'string' || name === '' || name.length > MAX_COOKIE_NAME_LENGTH) return undefined;
  let best: { service: CatalogueService; cookie: CatalogueCookie } | undefined;
  for (const service of CATALOGUE) {
    for (const cookie of service.cookies) {
      if (cookie.match === 'prefix') {
        if (
          name.startsWith(cookie.name) &&
          (!best || (best.cookie.match === 'prefix' && cookie.name.length > best.cookie.name.length))
        ) {
          best = { service, cookie };
        }
      } else if (cookie.name === name) {
        return { service, cookie };
      }
    }
  }
  return best;
}

/** A cookie name's best catalogue match, flattened for the admin's Cookies view. */
export interface CatalogueCookieMatch {
  serviceId: string;
  serviceName: string;
  provider: string;
  category: OptionalCategory;
  /** The catalogue's cookie name (a prefix such as `_ga_` when `prefix`). */
  cookie: string;
  prefix: boolean;
  purpose: string;
  duration: string;
  privacyUrl: string;
  /** The provider's documentation the catalogue's facts come from. */
  reference: { name: string; url: string };
}

/** What the catalogue says of a cookie name, or null when it knows nothing of it. */
export function cookieMatch(name: string): CatalogueCookieMatch | null {
  const found = findCookie(name);
  if (!found) return null;
  const { service, cookie } = found;
  return {
    serviceId: service.id,
    serviceName: service.name,
    provider: service.provider,
    category: service.category,
    cookie: cookie.name,
    prefix: cookie.match === 'prefix',
    purpose: cookie.purpose,
    duration: cookie.duration,
    privacyUrl: service.privacyUrl,
    reference: service.reference,
  };
}
