import { CATALOGUE } from '../contract/catalogue.js';
import type { BlockList } from '../contract/catalogue-match.js';
import { CATEGORIES, isOptionalCategory, type Category } from '../contract/categories.js';
import { LOOPBACK_HOSTS } from '../contract/safe-url.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { CookieNames, DiscoveredCookies, SiteConfig } from '../contract/site.js';
// The contract's name for a stored site (storage/sites.ts SiteRow is the same type), so that Node's
// tests can build a config without the Workers types.
import type { RegisteredSite as SiteRow } from '../contract/admin.js';

/** Categories a notice's services use, always with `necessary`, in the CONTRACT's order. */
export function categoriesUsed(notice: NoticeVersion): Category[] {
  const used = new Set<Category>(['necessary', ...notice.document.services.map((service) => service.category)]);
  return CATEGORIES.filter((category) => used.has(category));
}

export function buildSiteConfig(
  site: SiteRow,
  notice: NoticeVersion,
  workerOrigin: string,
  discovered: DiscoveredCookies[] = [],
): SiteConfig {
  const { settings } = site;
  return {
    site: site.id,
    organisation: settings.organisation,
    categories: categoriesUsed(notice),
    services: notice.document.services,
    notice: {
      version: notice.version,
      hash: notice.hash,
      cookieRevision: notice.cookieRevision,
      effectiveAt: notice.effectiveAt,
      language: notice.document.language,
      summary: notice.document.summary,
      url: settings.privacyUrl ?? `${workerOrigin}/v1/sites/${site.id}/notices/${notice.version}`,
    },
    languages: ['en', 'cy'],
    ...(discovered.length > 0 ? { discovered } : {}),
    defaultLanguage: settings.defaultLanguage,
    consentExpiryMonths: settings.consentExpiryMonths,
    consentMode: settings.consentMode,
    theme: settings.theme,
    autoBlock: blockList(notice, workerOrigin),
    autoCookies: undeclaredCookies(notice),
  };
}

/** The cookies of catalogue services that would be held back but that the notice does not declare. */
export function undeclaredCookies(notice: NoticeVersion): CookieNames[] {
  const declared = new Set(notice.document.services.map((service) => service.id));
  const byCategory = new Map<Category, { name: string }[]>();
  for (const service of CATALOGUE) {
    if (declared.has(service.id) || LOADERS.has(service.id)) continue;
    const names = byCategory.get(service.category) ?? [];
    names.push(
      ...service.cookies.map((cookie) => ({ name: cookie.match === 'prefix' ? `${cookie.name}*` : cookie.name })),
    );
    byCategory.set(service.category, names);
  }
  return [...byCategory].map(([category, cookies]) => ({ category, cookies }));
}

/**
 * Tag managers load other services, each judged by its own address when it arrives; holding the
 * manager back would also hold the necessary tags it carries, and Google's honours Consent Mode.
 */
const LOADERS = new Set(['google-tag-manager']);

/**
 * What the widget holds back without markup: every catalogue service in an optional category,
 * under the category the site's notice gives it where the notice declares it (by the catalogue
 * id), and not at all where the notice says it is necessary. Services the notice does not
 * declare are held too: undeclared tracking must not run just because nobody wrote it down.
 * A Worker on the admin's own machine also holds the demo pages' analytics stand-in, which plays
 * Google Analytics there.
 */
export function blockList(notice: NoticeVersion, workerOrigin: string): BlockList {
  const declared = new Map(notice.document.services.map((service) => [service.id, service.category]));
  const list: BlockList = {};
  for (const service of CATALOGUE) {
    const category = declared.get(service.id) ?? service.category;
    if (LOADERS.has(service.id) || !isOptionalCategory(category) || service.sources.length === 0) continue;
    (list[category] ??= []).push(...service.sources);
  }
  const demoCategory = declared.get('google-analytics') ?? 'analytics';
  if (LOOPBACK_HOSTS.has(new URL(workerOrigin).hostname) && isOptionalCategory(demoCategory))
    (list[demoCategory] ??= []).push('127.0.0.1/demo-analytics', 'localhost/demo-analytics');
  return list;
}
