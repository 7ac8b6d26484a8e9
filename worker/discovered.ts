import { cookieMatch } from '../contract/catalogue.js';
import type { OptionalCategory } from '../contract/categories.js';
import { declaredNameCovers, type DiscoveredCookie } from '../contract/discovery.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { DiscoveredCookies } from '../contract/site.js';
import type { DiscoveredRow } from './storage/discovered-cookies.js';

/** Whether the notice already declares `name` (or it is Candour's own cookie). */
function declared(notice: NoticeVersion, name: string): boolean {
  return (
    name.startsWith('candour_') ||
    notice.document.services.some((service) => service.cookies.some((cookie) => declaredNameCovers(cookie.name, name)))
  );
}

/** The discovered names the notice in force does not declare, each with the catalogue's best match. */
export function undeclaredCookies(rows: readonly DiscoveredRow[], notice: NoticeVersion): DiscoveredCookie[] {
  return rows.filter((row) => !declared(notice, row.name)).map((row) => ({ ...row, match: cookieMatch(row.name) }));
}

/**
 * What the site config carries so that withdrawal clears undeclared cookies too: only those an
 * admin attributed to a category or the catalogue knows (a guess from what visitors had granted
 * could clear a cookie the site needs). A catalogue prefix (`_ga_`) goes as a pattern (`_ga_*`).
 */
export function discoveredForConfig(rows: readonly DiscoveredRow[], notice: NoticeVersion): DiscoveredCookies[] {
  const byCategory = new Map<OptionalCategory, Set<string>>();
  for (const cookie of undeclaredCookies(rows, notice)) {
    const category = cookie.attributed ?? cookie.match?.category;
    if (!category) continue;
    const name = !cookie.attributed && cookie.match?.prefix ? `${cookie.match.cookie}*` : cookie.name;
    byCategory.set(category, (byCategory.get(category) ?? new Set()).add(name));
  }
  return [...byCategory].map(([category, names]) => ({
    category,
    cookies: [...names].sort().map((name) => ({ name })),
  }));
}
