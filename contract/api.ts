import * as v from 'valibot';
import { CONSENT_METHODS, type ConsentEvent, type ConsentMethod } from './consent.js';
import { OPTIONAL_CATEGORIES, type Choices } from './categories.js';

/** The one error shape of every JSON answer that is not a success. */
export interface ApiError {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
  };
}

const choiceEntries = Object.fromEntries(
  OPTIONAL_CATEGORIES.map((category) => [category, v.optional(v.boolean())]),
) as Record<(typeof OPTIONAL_CATEGORIES)[number], v.OptionalSchema<v.BooleanSchema<undefined>, undefined>>;

export const ReceiptRequestSchema = v.strictObject({
  consentId: v.pipe(v.string(), v.uuid('consentId must be a UUID')),
  idempotencyKey: v.pipe(v.string(), v.uuid('idempotencyKey must be a UUID')),
  noticeVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  choices: v.strictObject(choiceEntries),
  method: v.picklist(CONSENT_METHODS),
  gpc: v.boolean(),
  language: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a BCP 47 tag')),
  /**
   * The page the decision was made on: its origin must be the request's Origin. The Worker keeps
   * origin and path only.
   */
  pageUrl: v.pipe(v.string(), v.maxLength(2048), v.url()),
  /**
   * When the decision was taken in the browser (it may reach us later, from the queue): within
   * the bounds of receipt-rules.ts. Absent means now.
   */
  decidedAt: v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp(),
      v.check((value) => !Number.isNaN(Date.parse(value)), 'decidedAt is not a real time'),
    ),
  ),
});
export type ReceiptRequest = v.InferOutput<typeof ReceiptRequestSchema>;

/** A stored consent event: what the ledger keeps and signs. Never an IP address or full UA. */
export interface ConsentReceipt {
  receiptId: string;
  consentId: string;
  site: string;
  seq: number;
  event: ConsentEvent;
  method: ConsentMethod;
  choices: Choices;
  noticeVersion: number;
  noticeHash: string;
  cookieRevision: string;
  language: string;
  gpc: boolean;
  /** Origin and path of the page; query and fragment removed. */
  page: string | null;
  /** Coarse browser class, e.g. "chromium-desktop". */
  browser: string;
  /** ISO 3166-1 alpha-2 from Cloudflare's request data, or "XX". */
  country: string;
  decidedAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface ReceiptResponse {
  receiptId: string;
  receipt: ConsentReceipt;
  jws: string;
}

/**
 * `GET /v1/sites/:site/privacy`: `lang` picks the page's own words (the notice stays in the
 * language its author wrote); `version` shows an earlier version that was in force. Other
 * parameters (a campaign tag on a shared link) are ignored, not refused.
 */
export const PrivacyPageQuerySchema = v.object({
  lang: v.optional(v.picklist(['en', 'cy'])),
  version: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/), v.transform(Number))),
});
export type PrivacyPageQuery = v.InferOutput<typeof PrivacyPageQuerySchema>;

/** `GET /v1/sites/:site/notice-markup`: the options of `npm run notice-markup`, as a query. */
export const NoticeMarkupQuerySchema = v.object({
  lang: v.optional(v.picklist(['en', 'cy'])),
  version: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/), v.transform(Number))),
  'heading-level': v.optional(v.pipe(v.string(), v.regex(/^[1-5]$/), v.transform(Number))),
});
export type NoticeMarkupQuery = v.InferOutput<typeof NoticeMarkupQuerySchema>;
