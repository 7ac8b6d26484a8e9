import { CATEGORIES, type Category } from '../contract/categories.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { DiscoveredCookies, SiteConfig } from '../contract/site.js';
import type { SiteRow } from './storage/sites.js';

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
  };
}
