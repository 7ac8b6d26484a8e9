import * as v from 'valibot';
import { CONSENT_MODE_TYPES } from './consent-mode.js';

const origin = v.pipe(
  v.string(),
  v.regex(
    /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/i,
    'an origin is scheme, host and optional port, e.g. https://clinic.example',
  ),
);
const hexColour = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb'));
const consentTypes = v.array(v.picklist(CONSENT_MODE_TYPES));

export const SiteSettingsSchema = v.strictObject({
  organisation: v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
    website: v.optional(v.pipe(v.string(), v.url())),
  }),
  allowedOrigins: v.pipe(v.array(origin), v.minLength(1, 'register at least one origin'), v.maxLength(50)),
  defaultLanguage: v.optional(v.picklist(['en', 'cy']), 'en'),
  consentExpiryMonths: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)), 6),
  receiptRetentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(3650)), 2192),
  consentMode: v.optional(
    v.strictObject({ functional: consentTypes, analytics: consentTypes, marketing: consentTypes }),
    {
      functional: ['functionality_storage', 'personalization_storage'],
      analytics: ['analytics_storage'],
      marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    },
  ),
  theme: v.optional(v.strictObject({ accent: v.optional(hexColour) }), {}),
  privacyUrl: v.optional(v.pipe(v.string(), v.url())),
});
export type SiteSettingsInput = v.InferInput<typeof SiteSettingsSchema>;

export const PublishRequestSchema = v.strictObject({
  source: v.pipe(v.string(), v.minLength(1), v.maxLength(400_000)),
  /** The version the author edited; if another publish came first, this one gets 409. */
  expectedVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** ISO time the version takes effect; omitted means now. */
  effectiveAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /** Overrides the suggestion (material when the cookie revision changes). */
  material: v.optional(v.boolean()),
});
export type PublishRequest = v.InferOutput<typeof PublishRequestSchema>;
