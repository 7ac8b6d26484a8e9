import type { Choices } from './categories.js';

export const CONSENT_METHODS = ['accept-all', 'reject-all', 'preferences', 'gpc', 'api'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_EVENTS = ['given', 'refused', 'updated', 'withdrawn', 'expired'] as const;
export type ConsentEvent = (typeof CONSENT_EVENTS)[number];

export const CONSENT_COOKIE = 'candour_consent';

/** What `candour_consent` holds: enough to re-apply a decision without asking the Worker. */
export interface ConsentRecord {
  /** Random id for this browser's consent, not derived from the person. */
  consentId: string;
  site: string;
  noticeVersion: number;
  cookieRevision: string;
  choices: Choices;
  method: ConsentMethod;
  /** ISO time of the decision. */
  decidedAt: string;
  /**
   * ISO time the decision lapses, fixed when it was made: without the site's config (the Worker
   * unreachable) this alone says whether the decision still holds.
   */
  expiresAt: string;
  gpc: boolean;
}
