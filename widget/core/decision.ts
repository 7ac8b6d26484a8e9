import type { Category, Choices } from '../../contract/categories.js';
import { OPTIONAL_CATEGORIES } from '../../contract/categories.js';
import type { ConsentRecord } from '../../contract/consent.js';
import type { EmbedConfig } from '../../contract/site.js';

/** Why the visitor must be asked (again), or null when their stored decision still holds. */
export type PromptReason = 'first-visit' | 'expired' | 'notice-changed' | 'other-site';

/**
 * `months` calendar months after `decidedAt`, on the same day of the month or, where that month
 * is shorter, its last day: 31 January + 1 month is 28 (or 29) February, not 3 March.
 */
export function consentExpiry(decidedAt: string, months: number): Date {
  const expiry = new Date(decidedAt);
  const day = expiry.getUTCDate();
  expiry.setUTCDate(1);
  expiry.setUTCMonth(expiry.getUTCMonth() + months);
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + 1, 0)).getUTCDate();
  expiry.setUTCDate(Math.min(day, lastDay));
  return expiry;
}

/** Whether a decision has lapsed by the expiry it recorded (the only one known without a config). */
export function lapsed(record: Pick<ConsentRecord, 'expiresAt'>, now: Date): boolean {
  return Date.parse(record.expiresAt) <= now.getTime();
}

/**
 * Whether a decision has run out: by the site's expiry, which may have been shortened since, or
 * by the one it recorded, which still bounds a longer setting.
 */
export function expired(record: Pick<ConsentRecord, 'decidedAt' | 'expiresAt'>, months: number, now: Date): boolean {
  return consentExpiry(record.decidedAt, months) <= now || lapsed(record, now);
}

export function promptReason(
  record: Pick<ConsentRecord, 'site' | 'decidedAt' | 'expiresAt' | 'cookieRevision'> | null,
  config: Pick<EmbedConfig, 'site' | 'consentExpiryMonths' | 'notice'>,
  now: Date,
): PromptReason | null {
  if (!record) return 'first-visit';
  if (record.site !== config.site) return 'other-site';
  if (expired(record, config.consentExpiryMonths, now)) return 'expired';
  // Only what the visitor agreed to matters: a new wording with the same cookie revision does not ask again.
  if (record.cookieRevision !== config.notice.cookieRevision) return 'notice-changed';
  return null;
}

export function grantedCategories(choices: Choices | null): Set<Category> {
  const granted = new Set<Category>(['necessary']);
  if (choices) for (const category of OPTIONAL_CATEGORIES) if (choices[category]) granted.add(category);
  return granted;
}

/** Keeps only categories the site uses; a choice for a category it does not use is dropped. */
export function normaliseChoices(choices: Partial<Choices>, used: readonly Category[]): Choices {
  return {
    functional: used.includes('functional') && choices.functional === true,
    analytics: used.includes('analytics') && choices.analytics === true,
    marketing: used.includes('marketing') && choices.marketing === true,
  };
}

export function sameChoices(a: Choices, b: Choices): boolean {
  return OPTIONAL_CATEGORIES.every((category) => a[category] === b[category]);
}
