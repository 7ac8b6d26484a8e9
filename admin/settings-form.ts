import type { ConsentModeType } from '../contract/consent-mode.js';
import { OPTIONAL_CATEGORIES, type OptionalCategory } from '../contract/categories.js';
import type { SiteSettings } from '../contract/site.js';

/** Form field ids for each settings path the API names in its issues. */
export function fieldFor(path: string): string {
  if (path.startsWith('organisation.name')) return 'settings-name';
  if (path.startsWith('organisation.website')) return 'settings-website';
  if (path.startsWith('allowedOrigins')) return 'settings-origins';
  if (path.startsWith('consentExpiryMonths')) return 'settings-expiry';
  if (path.startsWith('receiptRetentionDays')) return 'settings-retention';
  if (path.startsWith('theme')) return 'settings-accent';
  if (path.startsWith('privacyUrl')) return 'settings-privacy-url';
  if (path.startsWith('defaultLanguage')) return 'settings-language';
  if (path.startsWith('consentMode')) return 'settings-consent-mode';
  return 'settings-form';
}

/** Reads the settings form back into the shape the API takes. Numbers stay numbers (or NaN, refused). */
export function settingsFromForm(form: HTMLFormElement): SiteSettings {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const optional = (name: string) => text(name) || undefined;
  const consentMode = Object.fromEntries(
    OPTIONAL_CATEGORIES.map((category) => [
      category,
      data.getAll(`consent-mode-${category}`).map(String) as ConsentModeType[],
    ]),
  ) as Record<OptionalCategory, ConsentModeType[]>;
  const website = optional('website');
  const privacyUrl = optional('privacyUrl');
  return {
    organisation: { name: text('name'), ...(website ? { website } : {}) },
    allowedOrigins: text('origins').split(/\s+/).filter(Boolean),
    defaultLanguage: text('language') || 'en',
    consentExpiryMonths: Number(text('expiry')),
    receiptRetentionDays: Number(text('retention')),
    consentMode,
    theme: text('accent') ? { accent: text('accent') } : {},
    ...(privacyUrl ? { privacyUrl } : {}),
  };
}

export const CONSENT_MODE_LABELS: Record<ConsentModeType, string> = {
  ad_storage: 'ad_storage (advertising cookies)',
  ad_user_data: 'ad_user_data (sending user data to Google for ads)',
  ad_personalization: 'ad_personalization (personalised ads)',
  analytics_storage: 'analytics_storage (analytics cookies)',
  functionality_storage: 'functionality_storage (site features)',
  personalization_storage: 'personalization_storage (personalised content)',
  security_storage: 'security_storage (security)',
};
