import type { BlockList } from './catalogue-match.js';
import type { Category, OptionalCategory } from './categories.js';
import type { ConsentModeMapping } from './consent-mode.js';

export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Where a declared fact comes from. Absent means the organisation's own privacy policy; anything
 * else is shown to visitors, so a fact the policy does not state is never passed off as the
 * clinic's own words.
 */
export interface FactSource {
  /** `policy`: the organisation's policy; `provider`: the provider's own documentation; `author`: whoever wrote the notice. */
  kind: 'policy' | 'provider' | 'author';
  /** Who or what, e.g. "Google's documentation". */
  name?: string;
  /** An https address where a reader can check it. */
  url?: string;
}

/** One cookie or storage item a service sets. */
export interface CookieDeclaration {
  name: string;
  /** Who sets it: the site itself (first party) or a named provider. */
  provider: string;
  purpose: string;
  /** Human duration, e.g. "2 years", "session". */
  duration: string;
  /** Where the data goes outside the UK, if it does (e.g. "United States"). */
  transfer?: string;
  /** Where this declaration comes from; absent means the organisation's policy. */
  source?: FactSource;
}

/** A third-party or first-party service that sets cookies under one category. */
export interface ServiceDeclaration {
  id: string;
  name: string;
  category: Category;
  provider: string;
  purpose: string;
  privacyUrl?: string;
  /** Where this declaration comes from; absent means the organisation's policy. */
  source?: FactSource;
  cookies: CookieDeclaration[];
}

export interface Organisation {
  /** Display name; may be a neutral description when the source names nobody. */
  name: string;
  website?: string;
}

export interface SiteTheme {
  /** Brand colour for primary surfaces; refused if white text on it is under 4.5:1. */
  accent?: string;
}

/**
 * Cookies the site's notice does not declare but that discovery found and the catalogue or an
 * admin attributed to a category: withdrawing that category clears them too. Shaped like a
 * service's cookies (names, and `_ga_*` style prefixes), so the clean-up reads both alike.
 */
export interface DiscoveredCookies extends CookieNames {
  category: OptionalCategory;
}

/** What the banner needs, from `GET /v1/sites/:site/config`. */
export interface SiteConfig {
  site: string;
  organisation: Organisation;
  /** Categories this site uses, `necessary` first. The banner offers only these. */
  categories: Category[];
  services: ServiceDeclaration[];
  notice: {
    version: number;
    hash: string;
    /** Hash of categories, services and purposes: a change asks returning visitors again. */
    cookieRevision: string;
    effectiveAt: string;
    language: string;
    /** Layer 1 summary, plain paragraphs. */
    summary: string[];
    url: string;
  };
  languages: string[];
  /** Undeclared cookies to clear on withdrawal (issue #12); absent when there are none. */
  discovered?: DiscoveredCookies[];
  defaultLanguage: string;
  consentExpiryMonths: number;
  consentMode: ConsentModeMapping;
  theme: SiteTheme;
  /** Scripts and frames held back without markup until their category is granted (issue #12). */
  autoBlock?: BlockList;
  /**
   * The cookies of held-back catalogue services the notice does not declare, per category, so a
   * refusal or withdrawal clears them too. Names ending in `*` are prefixes.
   */
  autoCookies?: CookieNames[];
}

/**
 * What the site-specific embed script carries: only what its first script needs to read a stored
 * decision and release it in the same task (a returning visitor loads nothing else). The banner,
 * the preferences dialog and discovery fetch the whole config when they are needed.
 */
export type EmbedConfig = Pick<SiteConfig, 'site' | 'consentExpiryMonths' | 'consentMode' | 'autoBlock'> & {
  notice: Pick<SiteConfig['notice'], 'version' | 'cookieRevision'>;
};

/** The embed's share of a site config (see EmbedConfig). */
export function embedConfig(config: SiteConfig): EmbedConfig {
  const { site, consentExpiryMonths, consentMode, autoBlock, notice } = config;
  return {
    site,
    consentExpiryMonths,
    consentMode,
    ...(autoBlock ? { autoBlock } : {}),
    notice: { version: notice.version, cookieRevision: notice.cookieRevision },
  };
}

/**
 * The site-specific script (`GET /v1/sites/:site/embed.js`): the gate's share of the config, set
 * on the script element before the embed code (`code`, the site build) runs. JSON is a JavaScript
 * expression (ES2019 allows U+2028/9 in strings); `<` escaped all the same so the text is safe
 * even if someone inlines it in HTML. Here so the Worker and the size budget build it alike.
 */
export function siteEmbedScript(config: EmbedConfig, code: string): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `document.currentScript&&(document.currentScript.candourConfig=${json});\n${code}`;
}

/** Just what clearing cookies needs: a category and cookie names. */
export interface CookieNames {
  category: Category;
  cookies: { name: string }[];
}

/** Per-site settings that admins change; stored beside the notices. */
export interface SiteSettings {
  organisation: Organisation;
  allowedOrigins: string[];
  defaultLanguage: string;
  consentExpiryMonths: number;
  receiptRetentionDays: number;
  consentMode: ConsentModeMapping;
  theme: SiteTheme;
  /** Where the site's privacy page is, for the banner's "read the full notice" link. */
  privacyUrl?: string;
}
