import { OPTIONAL_CATEGORIES, type Choices } from '../../contract/categories.js';
import { CONSENT_COOKIE, type ConsentMethod, type ConsentRecord } from '../../contract/consent.js';
import { consentExpiry } from './decision.js';

/**
 * The decision lives in one first-party cookie, `candour_consent`, written only after the visitor
 * decides (write-record.ts writes it; reading is here, apart, so the script tag's prelude reads it
 * without carrying js-cookie). Short keys keep it small because it is sent with every request to the clinic's site.
 * `e` is the expiry in epoch milliseconds: a number costs fewer bytes than an ISO string.
 */
interface CookieShape {
  i: string;
  s: string;
  v: number;
  r: string;
  c: string;
  m: string;
  t: string;
  e: number;
  g: 0 | 1;
}

/**
 * What Candour writes, key for key in serialiseRecord's order: a UUID, a site id, a positive
 * version, a SHA-256 revision, three choice bits, a method (CONSENT_METHODS), an ISO time, an
 * epoch expiry and the GPC bit. One pattern checks every field's form (it is most of the first
 * script's cost of reading the cookie); what a pattern cannot say is checked after parsing.
 */
const WRITTEN =
  /^\{"i":"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}","s":"[a-z0-9-]+","v":[1-9]\d*,"r":"[0-9a-f]{64}","c":"[01]{3}","m":"(accept-all|reject-all|preferences|gpc|api)","t":"[\dT:.Z-]+","e":[1-9]\d*,"g":[01]\}$/;
/** Clocks differ a little between devices; a decision dated further ahead was not made here. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The settings allow at most 12 months; a cookie claiming longer was not written by Candour. */
const LONGEST_MONTHS = 12;

function encodeChoices(choices: Choices): string {
  return OPTIONAL_CATEGORIES.map((category) => (choices[category] ? '1' : '0')).join('');
}

export function serialiseRecord(record: ConsentRecord): string {
  const shape: CookieShape = {
    i: record.consentId,
    s: record.site,
    v: record.noticeVersion,
    r: record.cookieRevision,
    c: encodeChoices(record.choices),
    m: record.method,
    t: record.decidedAt,
    e: Date.parse(record.expiresAt),
    g: record.gpc ? 1 : 0,
  };
  return JSON.stringify(shape);
}

/**
 * Reads a stored record for `site`. The cookie is writable by any script on the page, so every
 * field is checked; anything malformed, forged or from elsewhere counts as no decision.
 */
export function parseRecord(raw: string | undefined, site: string, now = Date.now()): ConsentRecord | null {
  if (!WRITTEN.test(raw ?? '')) return null;
  // The pattern leaves nothing JSON could refuse: every string is plain, every number digits.
  const shape = JSON.parse(raw!) as CookieShape;
  const { t: decidedAt, e: expires, v: version } = shape;
  const decided = Date.parse(decidedAt);
  if (
    shape.s !== site ||
    !Number.isSafeInteger(version) ||
    !Number.isSafeInteger(expires) ||
    // The time exactly as `toISOString()` writes it: no other spelling is one of ours.
    !(decided <= now + CLOCK_SKEW_MS && new Date(decided).toISOString() === decidedAt) ||
    expires <= decided ||
    expires > consentExpiry(decidedAt, LONGEST_MONTHS).getTime()
  ) {
    return null;
  }
  return {
    consentId: shape.i,
    site,
    noticeVersion: version,
    cookieRevision: shape.r,
    choices: Object.fromEntries(OPTIONAL_CATEGORIES.map((category, i) => [category, shape.c[i] === '1'])) as Choices,
    method: shape.m as ConsentMethod,
    decidedAt,
    expiresAt: new Date(expires).toISOString(),
    gpc: shape.g === 1,
  };
}

/**
 * The record in `document.cookie`, read by hand rather than through js-cookie: two cookies of
 * that name (a page script can add one under another path or domain) are no decision, since
 * which one the browser lists first is not ours to choose.
 */
export function readRecord(site: string, cookies = document.cookie): ConsentRecord | null {
  const values = cookies
    .split(';')
    .map((pair) => pair.trim().split('='))
    .filter(([name]) => name === CONSENT_COOKIE);
  if (values.length !== 1) return null;
  try {
    return parseRecord(decodeURIComponent(values[0]!.slice(1).join('=')), site);
  } catch {
    return null;
  }
}
