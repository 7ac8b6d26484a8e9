import type { OptionalCategory } from './categories.js';

export const CONSENT_MODE_TYPES = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
export type ConsentModeType = (typeof CONSENT_MODE_TYPES)[number];

/** Which Google Consent Mode types each category grants. */
export type ConsentModeMapping = Record<OptionalCategory, ConsentModeType[]>;

export const DEFAULT_CONSENT_MODE_MAPPING: ConsentModeMapping = {
  functional: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};
