import Cookies from 'js-cookie';
import { OPTIONAL_CATEGORIES, type Choices } from '../../contract/categories.js';
import { CONSENT_COOKIE, CONSENT_METHODS, type ConsentRecord } from '../../contract/consent.js';

/**
 * The decision lives in one first-party cookie, `candour_consent`, written only after the visitor
 * decides. Short keys keep it small because it is sent with every request to the clinic's site.
 */
interface CookieShape {
  i: string;
  s: string;
  v: number;
  r: string;
  c: string;
  m: string;
  t: string;
  g: 0 | 1;
}

function encodeChoices(choices: Choices): string {
  return OPTIONAL_CATEGORIES.map((category) => (choices[category] ? '1' : '0')).join('');
}

function decodeChoices(encoded: string): Choices | null {
  if (!/^[01]{3}$/.test(encoded)) return null;
  return Object.fromEntries(OPTIONAL_CATEGORIES.map((category, i) => [category, encoded[i] === '1'])) as Choices;
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
    g: record.gpc ? 1 : 0,
  };
  return JSON.stringify(shape);
}

/** Reads a stored record; anything malformed or tampered with counts as no decision. */
export function parseRecord(raw: string | undefined): ConsentRecord | null {
  if (!raw) return null;
  let shape: Partial<CookieShape>;
  try {
    shape = JSON.parse(raw) as Partial<CookieShape>;
  } catch {
    return null;
  }
  const choices = typeof shape.c === 'string' ? decodeChoices(shape.c) : null;
  const method = CONSENT_METHODS.find((known) => known === shape.m);
  if (
    !choices ||
    !method ||
    typeof shape.i !== 'string' ||
    typeof shape.s !== 'string' ||
    typeof shape.v !== 'number' ||
    typeof shape.r !== 'string' ||
    typeof shape.t !== 'string' ||
    Number.isNaN(Date.parse(shape.t))
  ) {
    return null;
  }
  return {
    consentId: shape.i,
    site: shape.s,
    noticeVersion: shape.v,
    cookieRevision: shape.r,
    choices,
    method,
    decidedAt: shape.t,
    gpc: shape.g === 1,
  };
}

export function readRecord(): ConsentRecord | null {
  return parseRecord(Cookies.get(CONSENT_COOKIE));
}

export function writeRecord(record: ConsentRecord, expires: Date): void {
  Cookies.set(CONSENT_COOKIE, serialiseRecord(record), {
    expires,
    path: '/',
    sameSite: 'Lax',
    secure: location.protocol === 'https:',
  });
}

export function clearRecord(): void {
  Cookies.remove(CONSENT_COOKIE, { path: '/' });
}
