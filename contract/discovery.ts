import * as v from 'valibot';
import type { CatalogueCookieMatch } from './catalogue.js';
import { OPTIONAL_CATEGORIES, type OptionalCategory } from './categories.js';

/**
 * Cookie discovery: after a visitor grants a category, the widget reports the names (never the
 * values) of cookies that no declaration of the site covers, so the clinic learns what its pages
 * really set. These bounds are shared by the widget, which keeps within them, and the Worker,
 * which refuses anything outside them.
 */

/** A cookie name as RFC 6265 allows it (a token: no `=`, `;`, spaces or quotes), bounded. */
export const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;
/** Names in one report. */
export const DISCOVERY_BATCH_MAX = 20;
/** Reports one page view may send. */
export const DISCOVERY_REPORTS_PER_PAGE = 3;
/** Reports one browser may send for a site in a day. */
export const DISCOVERY_REPORTS_PER_DAY = 10;
/** Distinct names the Worker keeps per site: a hostile page cannot fill the database. */
export const DISCOVERY_SITE_MAX = 300;
/** A report body is a few hundred bytes. */
export const DISCOVERY_BODY_LIMIT = 4 * 1024;

/** `POST /v1/sites/:site/cookies/discovered`: names only, and the categories granted when seen. */
export const DiscoveryReportSchema = v.strictObject({
  names: v.pipe(
    v.array(v.pipe(v.string(), v.regex(COOKIE_NAME_PATTERN, 'a cookie name, without its value'))),
    v.minLength(1, 'at least one name'),
    v.maxLength(DISCOVERY_BATCH_MAX, `at most ${DISCOVERY_BATCH_MAX} names in one report`),
    v.check((names) => new Set(names).size === names.length, 'each name once'),
  ),
  granted: v.pipe(
    v.array(v.picklist(OPTIONAL_CATEGORIES)),
    v.minLength(1, 'discovery runs only once a category is granted'),
    v.check((granted) => new Set(granted).size === granted.length, 'each category once'),
  ),
});
export type DiscoveryReport = v.InferOutput<typeof DiscoveryReportSchema>;

export interface DiscoveryResponse {
  /** Names counted (new or seen again). */
  recorded: number;
  /** New names not kept because the site already has the most it may keep. */
  ignored: number;
}

/** What the admin's Cookies view lists: one undeclared cookie name seen on the site. */
export interface DiscoveredCookie {
  name: string;
  firstSeen: string;
  lastSeen: string;
  /** Reports that named it (each report counts once, whatever its size). */
  reports: number;
  /** Categories visitors had granted when it was reported. */
  granted: OptionalCategory[];
  /** The category an admin attributed it to, if any: withdrawing that category clears it. */
  attributed: OptionalCategory | null;
  /** The known-services catalogue's best match. */
  match: CatalogueCookieMatch | null;
}

/** `PUT /v1/admin/sites/:site/cookies/discovered/:name`: which category withdrawal clears it with. */
export const DiscoveredAttributionSchema = v.strictObject({
  category: v.nullable(v.picklist(OPTIONAL_CATEGORIES)),
});

export const DiscoveredNameParamSchema = v.strictObject({
  site: v.string(),
  name: v.pipe(v.string(), v.regex(COOKIE_NAME_PATTERN)),
});

/**
 * Whether a declared cookie name covers `name`: `_ga_*` and `_ga_<container-id>` are prefixes,
 * anything else is the exact name.
 */
export function declaredNameCovers(pattern: string, name: string): boolean {
  const wildcard = /^(.*?)(\*|<[^>]+>)$/.exec(pattern);
  return wildcard ? name.startsWith(wildcard[1]!) : name === pattern;
}
