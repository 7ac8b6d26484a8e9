import * as v from 'valibot';
import { OPTIONAL_CATEGORIES } from './categories.js';
import { CONSENT_EVENTS } from './consent.js';
import type { OptionalCategory } from './categories.js';
import { CONSENT_MODE_TYPES } from './consent-mode.js';
import { contrastRatio, MIN_CONTRAST } from './contrast.js';
import type { NoticeDiff, NoticeDocument } from './notice.js';
import type { SiteSettings } from './site.js';
import { isSafeUrl, SAFE_URL_MESSAGE } from './safe-url.js';

/** A URL a site's settings may hold (organisation website, privacy page). */
export const SafeUrlSchema = v.pipe(v.string(), v.maxLength(2048), v.check(isSafeUrl, SAFE_URL_MESSAGE));

const origin = v.pipe(
  v.string(),
  v.regex(
    /^https?:\/\/([a-z0-9.-]+|\[::1\])(:[0-9]{1,5})?$/i,
    'an origin is scheme, host and optional port, e.g. https://clinic.example',
  ),
  v.check(isSafeUrl, SAFE_URL_MESSAGE),
);
const hexColour = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb'));
const consentTypes = v.array(v.picklist(CONSENT_MODE_TYPES));

export const SiteSettingsSchema = v.strictObject({
  organisation: v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
    website: v.optional(SafeUrlSchema),
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
  privacyUrl: v.optional(SafeUrlSchema),
});
export type SiteSettingsInput = v.InferInput<typeof SiteSettingsSchema>;

/** The longest reason a publish with checklist items missing may give. */
export const PUBLISH_REASON_MAX = 1000;

export const PublishRequestSchema = v.strictObject({
  source: v.pipe(v.string(), v.minLength(1), v.maxLength(400_000)),
  /** The version the author edited; if another publish came first, this one gets 409. */
  expectedVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** ISO time the version takes effect; omitted means now. */
  effectiveAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /** Overrides the suggestion (material when the cookie revision changes). */
  material: v.optional(v.boolean()),
  /**
   * Why the version is published although the ICO checklist finds items missing: required then,
   * kept in the audit log. Plain text; control characters other than line breaks are refused.
   */
  reason: v.optional(
    v.pipe(
      v.string('the reason must be text'),
      v.trim(),
      v.minLength(1, 'the reason is empty'),
      v.maxLength(PUBLISH_REASON_MAX, `the reason is longer than ${PUBLISH_REASON_MAX} characters`),
      v.check(
        (value) => [...value].every((char) => /[\n\r\t]/.test(char) || (char >= ' ' && char !== '\u007f')),
        'the reason contains control characters',
      ),
    ),
  ),
});
export type PublishRequest = v.InferOutput<typeof PublishRequestSchema>;

/** Contrast ratio of white text on a #rrggbb background, 1 to 21 (contrast.ts throws on other text). */
export function contrastWithWhite(hex: string): number {
  return contrastRatio(hex, '#ffffff');
}

/** WCAG 2.2 AA for normal text: the banner's buttons put white text on the accent colour. */
export const MIN_ACCENT_CONTRAST = MIN_CONTRAST;

/**
 * The shortest time receipts may be kept: as long as a decision can be relied on (the consent
 * lifetime, at 31 days a month) and a year beyond it, to answer a complaint about that decision.
 */
export function minimumRetentionDays(consentExpiryMonths: number): number {
  return consentExpiryMonths * 31 + 365;
}

/**
 * The retention a sweep may act on, whatever the stored settings say: never under the minimum
 * (a lifetime outside 1 to 12 months counts as 12), and null, meaning keep everything, when the
 * stored retention is not a number at all.
 */
export function enforcedRetentionDays(settings: {
  consentExpiryMonths?: unknown;
  receiptRetentionDays?: unknown;
}): number | null {
  const months = settings.consentExpiryMonths;
  const lifetime = typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= 12 ? months : 12;
  const days = settings.receiptRetentionDays;
  if (typeof days !== 'number' || !Number.isFinite(days)) return null;
  return Math.max(days, minimumRetentionDays(lifetime));
}

/**
 * Site settings as the admin API takes them: SiteSettingsSchema, an accent white text can be
 * read on, and receipts kept at least for minimumRetentionDays.
 */
export const SiteSettingsUpdateSchema = v.pipe(
  SiteSettingsSchema,
  v.forward(
    v.check(
      (settings) => settings.receiptRetentionDays >= minimumRetentionDays(settings.consentExpiryMonths),
      (issue) => {
        const { consentExpiryMonths } = issue.input as { consentExpiryMonths: number };
        return `receipts must be kept at least ${minimumRetentionDays(consentExpiryMonths)} days (the ${consentExpiryMonths}-month consent lifetime plus a year)`;
      },
    ),
    ['receiptRetentionDays'],
  ),
  v.forward(
    v.check(
      // A malformed colour has its own message (hexColour); valibot still runs this check then.
      (settings) =>
        !v.is(hexColour, settings.theme.accent) || contrastWithWhite(settings.theme.accent) >= MIN_ACCENT_CONTRAST,
      (issue) => {
        const accent = (issue.input as { theme: { accent: string } }).theme.accent;
        return `white text on ${accent} has a contrast of ${contrastWithWhite(accent).toFixed(2)}:1; choose a darker colour (at least ${MIN_ACCENT_CONTRAST}:1)`;
      },
    ),
    ['theme', 'accent'],
  ),
);

/** A draft to check: compiled, compared with the newest version, nothing stored. */
export const PreviewRequestSchema = v.strictObject({
  source: v.pipe(v.string(), v.minLength(1), v.maxLength(400_000)),
});

export const TokenRequestSchema = v.strictObject({
  label: v.pipe(v.string(), v.trim(), v.minLength(1, 'give the token a name'), v.maxLength(80)),
  /** The one site the token may manage; omitted for every site. */
  site: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'not a site id'))),
});

const isoDateOrTime = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'a date is YYYY-MM-DD or an ISO time'),
  v.check((value) => !Number.isNaN(Date.parse(value)), 'not a real date'),
);

/** A filter bound as an instant: a bare `to` day (YYYY-MM-DD, UTC) includes the whole of that day. */
export function receiptQueryInstant(value: string, end: boolean): string {
  if (value.length === 10) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    return new Date(end ? start + 86_400_000 : start).toISOString();
  }
  return new Date(value).toISOString();
}

/** Query parameters that narrow the consent records. Dates are UTC days; `to` is inclusive. */
export const ReceiptQuerySchema = v.pipe(
  v.strictObject({
    from: v.optional(isoDateOrTime),
    to: v.optional(isoDateOrTime),
    event: v.optional(v.picklist(CONSENT_EVENTS)),
    category: v.optional(v.picklist(OPTIONAL_CATEGORIES)),
    choice: v.optional(v.picklist(['granted', 'refused'])),
    before: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,9}$/, 'not a sequence number'), v.transform(Number))),
    // Up to 999 is accepted; a page never holds more than 200.
    limit: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[1-9][0-9]{0,2}$/, 'a limit is 1 to 999'),
        v.transform((text) => Math.min(Number(text), 200)),
      ),
    ),
    format: v.optional(v.picklist(['csv', 'kantara'])),
  }),
  v.forward(
    v.check((query) => !query.choice || query.category !== undefined, 'choose a category to filter by its answer'),
    ['choice'],
  ),
  v.forward(
    v.check(
      (query) =>
        !query.from || !query.to || receiptQueryInstant(query.from, false) < receiptQueryInstant(query.to, true),
      'the start of the period is after its end',
    ),
    ['to'],
  ),
);
export type ReceiptQuery = v.InferOutput<typeof ReceiptQuerySchema>;

/** A draft checked against the newest published version. */
export type PublishPreview =
  | { ok: false; errors: { line: number; message: string }[]; warnings: { line: number; message: string }[] }
  | {
      ok: true;
      errors: [];
      warnings: { line: number; message: string }[];
      document: NoticeDocument;
      hash: string;
      /** The newest published version, which the draft would follow; null for a site's first notice. */
      base: { version: number; effectiveAt: string; state: 'current' | 'scheduled' } | null;
      /** Categories, services, cookies or purposes differ from `base`: the change must be material. */
      consentChanged: boolean;
      /** What the page suggests: material when consent changed. */
      suggestedMaterial: boolean;
      /** Nothing at all differs from `base`. */
      unchanged: boolean;
      diff: NoticeDiff | null;
    };

/** A published version in the admin's history list. */
export interface NoticeHistoryEntry {
  version: number;
  hash: string;
  cookieRevision: string;
  material: boolean;
  effectiveAt: string;
  publishedAt: string;
  publishedBy: string;
  state: 'current' | 'scheduled' | 'superseded';
}

export interface AdminTokenInfo {
  id: string;
  label: string;
  site: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export interface AdminSessionInfo {
  actor: string;
  site: string | null;
  via: 'token' | 'session' | 'access';
}

/** A registered site as `GET /v1/admin/sites/:site` and the site list return it. */
export interface RegisteredSite {
  id: string;
  settings: SiteSettings;
  createdAt: string;
  updatedAt: string;
}

/** One line of the admin audit log (`GET /v1/admin/audit`). */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  site: string | null;
  action: string;
  detail: unknown;
}

/** One UTC day of `GET …/receipts/rates`: decisions, and how many granted each category. */
export interface DailyRates {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  decisions: number;
  granted: Record<OptionalCategory, number>;
}
