import { OPTIONAL_CATEGORIES, type Choices } from '../../contract/categories.js';
import { CONSENT_COOKIE, CONSENT_METHODS, type ConsentRecord } from '../../contract/consent.js';
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

const KEYS = 'c,e,g,i,m,r,s,t,v';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REVISION = /^[0-9a-f]{64}$/;
/** Clocks differ a little between devices; a decision dated further ahead was not made here. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The settings allow at most 12 months; a cookie claiming longer was not written by Candour. */
const LONGEST_MONTHS = 12;

function encodeChoices(choices: Choices): string {
  return OPTIONAL_CATEGORIES.map((category) => (choices[category] ? '1' : '0')).join('');
}

function decodeChoices(encoded: unknown): Choices | null {
  if (typeof encoded !== 'string' || !/^[01]{3}$/.test(encoded)) return null;
  return Object.fromEntries(OPTIONAL_CATEGORIES.map((category, i) => [category, encoded[i] === '1'])) as Choices;
}

/** A string (never an array or number that coerces to one) that matches `pattern`. */
function matches(pattern: RegExp, value: unknown): value is string {
  return typeof value === 'string' && pattern.test(value);
}

/** The time exactly as `toISOString()` writes it, or NaN: no other spelling is one of ours. */
function isoTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const time = Date.parse(value);
  return time === time && new Date(time).toISOString() === value ? time : NaN;
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
  let shape: Partial<CookieShape> | null;
  try {
    shape = JSON.parse(raw ?? '') as Partial<CookieShape> | null;
  } catch {
    return null;
  }
  if (typeof shape !== 'object' || !shape || Object.keys(shape).sort().join() !== KEYS) return null;
  const choices = decodeChoices(shape.c);
  const method = CONSENT_METHODS.find((known) => known === shape.m);
  const decided = isoTime(shape.t);
  const { e: expires, v: version } = shape;
  if (
    !choices ||
    !method ||
    shape.s !== site ||
    !matches(UUID, shape.i) ||
    !matches(REVISION, shape.r) ||
    !Number.isSafeInteger(version) ||
    version! < 1 ||
    (shape.g !== 0 && shape.g !== 1) ||
    !(decided <= now + CLOCK_SKEW_MS) ||
    !Number.isSafeInteger(expires) ||
    expires! <= decided ||
    expires! > consentExpiry(shape.t!, LONGEST_MONTHS).getTime()
  ) {
    return null;
  }
  return {
    consentId: shape.i!,
    site,
    noticeVersion: version!,
    cookieRevision: shape.r!,
    choices,
    method,
    decidedAt: shape.t!,
    expiresAt: new Date(expires!).toISOString(),
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
