/**
 * Cookie discovery, loaded only once a visitor has granted a category (never on first paint):
 * notes the names of cookies that no declaration of the site covers and tells the Worker, in
 * small batches, so the clinic learns what its pages really set. Names only, never values, and
 * nothing about the visitor: no id, no page address (no referrer), no credentials.
 */
import { OPTIONAL_CATEGORIES, type Category, type OptionalCategory } from '../../contract/categories.js';
import {
  COOKIE_NAME_PATTERN,
  declaredNameCovers,
  DISCOVERY_BATCH_MAX,
  DISCOVERY_REPORTS_PER_DAY,
  DISCOVERY_REPORTS_PER_PAGE,
} from '../../contract/discovery.js';
import type { SiteConfig } from '../../contract/site.js';

/** Cookies set together (a tag's first run) arrive in one report. */
const DEBOUNCE_MS = 2000;
/** Where the Cookie Store API is missing, look again this often, for a minute after the grant. */
const POLL_MS = 5000;
const POLL_FOR_MS = 60_000;

export interface DiscoveryOptions {
  base: string;
  config: SiteConfig;
  /** The optional categories granted now; nothing is reported while there are none. */
  granted: () => OptionalCategory[];
  doc?: Document;
}

interface DayLog {
  day: string;
  reports: number;
  /** Names reported today, so each goes once a day from this browser. */
  names: string[];
}

const storeKey = (site: string) => `candour_discovery:${site}`;
const today = () => new Date().toISOString().slice(0, 10);

function readLog(site: string): DayLog {
  try {
    const log = JSON.parse(localStorage.getItem(storeKey(site)) ?? 'null') as DayLog | null;
    if (log && log.day === today() && Array.isArray(log.names) && typeof log.reports === 'number') return log;
  } catch {
    // unreadable: start the day afresh
  }
  return { day: today(), reports: 0, names: [] };
}

function writeLog(site: string, log: DayLog): void {
  try {
    localStorage.setItem(storeKey(site), JSON.stringify(log));
  } catch {
    // Storage full or off: the per-page cap still holds.
  }
}

/** Names of the cookies this page can see (`document.cookie` without its values). */
/**
 * Whether this browser has not yet looked for undeclared cookies today: a returning visitor's
 * page loads discovery (and the config it compares against) at most once a day.
 */
export function discoveryDue(site: string): boolean {
  try {
    return (JSON.parse(localStorage.getItem(storeKey(site)) ?? 'null') as DayLog | null)?.day !== today();
  } catch {
    return true;
  }
}

export function cookieNames(doc: Document = document): string[] {
  return doc.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter((name) => COOKIE_NAME_PATTERN.test(name));
}

/** Names the site's notice does not cover: neither declared nor Candour's own. */
export function undeclaredNames(names: readonly string[], config: SiteConfig): string[] {
  const declared = config.services.flatMap((service) => service.cookies.map((cookie) => cookie.name));
  return names.filter(
    (name) => !name.startsWith('candour_') && !declared.some((pattern) => declaredNameCovers(pattern, name)),
  );
}

export class CookieDiscovery {
  readonly #options: DiscoveryOptions;
  readonly #doc: Document;
  readonly #pending = new Set<string>();
  #sentThisPage = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: DiscoveryOptions) {
    this.#options = options;
    this.#doc = options.doc ?? document;
  }

  get #site(): string {
    return this.#options.config.site;
  }

  start(): void {
    // Today's look has begun: returning pages leave discovery unloaded until tomorrow.
    writeLog(this.#site, readLog(this.#site));
    this.scan();
    const store = (globalThis as { cookieStore?: EventTarget }).cookieStore;
    if (store) {
      store.addEventListener('change', () => this.scan());
    } else {
      const poll = setInterval(() => this.scan(), POLL_MS);
      setTimeout(() => clearInterval(poll), POLL_FOR_MS);
    }
    addEventListener('pagehide', () => {
      this.scan();
      this.flush();
    });
  }

  /** Notes undeclared names not yet reported today, and sends them after a pause. */
  scan(): void {
    if (this.#options.granted().length === 0) return;
    const reported = new Set(readLog(this.#site).names);
    for (const name of undeclaredNames(cookieNames(this.#doc), this.#options.config)) {
      if (!reported.has(name)) this.#pending.add(name);
    }
    if (this.#pending.size > 0) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    }
  }

  /** Sends one batch, within this page's and this day's caps. */
  flush(): void {
    clearTimeout(this.#timer);
    const granted = this.#options.granted();
    const log = readLog(this.#site);
    if (
      granted.length === 0 ||
      this.#pending.size === 0 ||
      this.#sentThisPage >= DISCOVERY_REPORTS_PER_PAGE ||
      log.reports >= DISCOVERY_REPORTS_PER_DAY
    ) {
      this.#pending.clear();
      return;
    }
    const names = [...this.#pending].slice(0, DISCOVERY_BATCH_MAX);
    this.#pending.clear();
    this.#sentThisPage += 1;
    writeLog(this.#site, { day: log.day, reports: log.reports + 1, names: [...log.names, ...names] });
    try {
      void fetch(`${this.#options.base}/v1/sites/${encodeURIComponent(this.#site)}/cookies/discovered`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ names, granted }),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        keepalive: true,
      }).catch(() => undefined);
    } catch {
      // keepalive quota exceeded: the names come round again on a later page.
    }
  }
}

/** What discovery reads from the controller: where the Worker is, the site's config, the grants. */
export interface DiscoveryHost {
  readonly options: { readonly base: string };
  readonly config: SiteConfig | null;
  readonly gate: { readonly granted: ReadonlySet<Category> };
}

/** Starts discovery for this page; the controller calls it once, at the first grant. */
export function startDiscovery(host: DiscoveryHost): CookieDiscovery | null {
  if (!host.config) return null;
  const discovery = new CookieDiscovery({
    base: host.options.base,
    config: host.config,
    granted: () => OPTIONAL_CATEGORIES.filter((category) => host.gate.granted.has(category)),
  });
  discovery.start();
  return discovery;
}
