/**
 * `candour_consent` is readable and writable by every script on the clinic's page, so the widget
 * takes it only when it is exactly what Candour writes. These tests forge it. fast-check prints
 * the seed and the shrunk counterexample of any failure; rerun it with `{ seed }` in fc.assert.
 * The long timeouts are room for a thousand runs on a loaded machine, not a speed claim.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_METHODS, type ConsentRecord } from '../../contract/consent.js';
import { consentExpiry } from '../../widget/core/decision.js';
import { parseRecord, readRecord, serialiseRecord } from '../../widget/core/storage.js';

const SITE = 'harmony-minds';
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

const record: ConsentRecord = {
  consentId: '5f0c7a0e-7a43-4d0b-9a3e-0e0b6a1f2c3d',
  site: SITE,
  noticeVersion: 3,
  cookieRevision: 'a'.repeat(64),
  choices: { functional: true, analytics: true, marketing: true },
  method: 'accept-all',
  decidedAt: '2026-05-15T10:00:00.000Z',
  expiresAt: '2026-11-15T10:00:00.000Z',
  gpc: false,
};
const shape = JSON.parse(serialiseRecord(record)) as Record<string, unknown>;
const forged = (changes: Record<string, unknown>) => JSON.stringify({ ...shape, ...changes });
const cookieHeader = (value: string) => `candour_consent=${encodeURIComponent(value)}`;

/** The written spec of a well-formed cookie, independent of the parser's code. */
function wellFormed(value: Record<string, unknown>, now: number): boolean {
  const keys = Object.keys(value).sort().join();
  if (keys !== 'c,e,g,i,m,r,s,t,v') return false;
  const { i, s, v, r, c, m, t, e, g } = value;
  if (typeof t !== 'string' || Number.isNaN(Date.parse(t)) || new Date(Date.parse(t)).toISOString() !== t) return false;
  const decided = Date.parse(t);
  return (
    typeof i === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(i) &&
    s === SITE &&
    typeof v === 'number' &&
    Number.isSafeInteger(v) &&
    v > 0 &&
    typeof r === 'string' &&
    /^[0-9a-f]{64}$/.test(r) &&
    typeof c === 'string' &&
    /^[01]{3}$/.test(c) &&
    (CONSENT_METHODS as readonly unknown[]).includes(m) &&
    decided <= now + 5 * 60 * 1000 &&
    typeof e === 'number' &&
    Number.isSafeInteger(e) &&
    e > decided &&
    e <= consentExpiry(t, 12).getTime() &&
    (g === 0 || g === 1)
  );
}

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const decidedAt = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(NOW), noInvalidDate: true })
  .map((date) => date.toISOString());
/** What Candour itself writes. */
const validShape = decidedAt.chain((t) =>
  fc.record({
    i: fc.uuid(),
    s: fc.constant(SITE),
    v: fc.integer({ min: 1, max: 2 ** 31 }),
    r: hex64,
    c: fc.constantFrom('000', '001', '010', '011', '100', '101', '110', '111'),
    m: fc.constantFrom(...CONSENT_METHODS),
    t: fc.constant(t),
    e: fc.integer({ min: Date.parse(t) + 1, max: consentExpiry(t, 12).getTime() }),
    g: fc.constantFrom(0, 1),
  }),
);
/** A valid shape with some fields swapped for anything at all, dropped, or an extra added. */
const tamperedShape = fc
  .tuple(
    validShape,
    fc.dictionary(fc.constantFrom('i', 's', 'v', 'r', 'c', 'm', 't', 'e', 'g', 'x'), fc.anything(), { maxKeys: 3 }),
    fc.subarray(['i', 's', 'v', 'r', 'c', 'm', 't', 'e', 'g'], { maxLength: 2 }),
  )
  .map(([valid, replaced, dropped]) => {
    const value: Record<string, unknown> = { ...valid, ...replaced };
    for (const key of dropped) delete value[key];
    return value;
  });

describe('the consent cookie is taken only when well-formed', () => {
  it('takes what Candour wrote, field for field', () => {
    fc.assert(
      fc.property(validShape, (value) => {
        const parsed = parseRecord(JSON.stringify(value), SITE, NOW);
        expect(parsed).not.toBeNull();
        expect(JSON.parse(serialiseRecord(parsed!))).toEqual(value);
      }),
    );
  });

  it('never grants from a tampered record', () => {
    fc.assert(
      fc.property(tamperedShape, (value) => {
        // Judged as the cookie holds it: JSON drops a key whose value is undefined (seed 1025609895).
        const text = JSON.stringify(value);
        const parsed = parseRecord(text, SITE, NOW);
        expect(parsed !== null).toBe(wellFormed(JSON.parse(text) as Record<string, unknown>, NOW));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('never throws, and never grants, whatever string it is given', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      tamperedShape.map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseRecord(text, SITE, NOW);
        if (parsed) expect(wellFormed(JSON.parse(text) as Record<string, unknown>, NOW)).toBe(true);
        expect(() => readRecord(SITE, `candour_consent=${text}`)).not.toThrow();
        expect(() => readRecord(SITE, text)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('refuses the forgeries a page script would try', () => {
    const expired = consentExpiry(record.decidedAt, 12).getTime();
    for (const [why, text] of [
      ['JSON null', 'null'],
      ['a JSON number', '42'],
      ['not a UUID', forged({ i: 'x' })],
      ['a UUID in an array', forged({ i: [record.consentId] })],
      ['another site', forged({ s: 'osjct' })],
      ['a version that is not a positive integer', forged({ v: 1.5 })],
      ['version zero', forged({ v: 0 })],
      ['decided in the future', forged({ t: '2026-06-01T12:10:00.000Z', e: Date.parse('2026-12-01T12:00:00Z') })],
      ['a time in another spelling', forged({ t: '2026-05-15T10:00:00Z' })],
      ['choices as a list', forged({ c: [1, 1, 1] })],
      ['GPC neither 0 nor 1', forged({ g: true })],
      ['a revision that is not a hash', forged({ r: 'x'.repeat(64) })],
      ['no expiry', JSON.stringify({ ...shape, e: undefined })],
      ['an expiry before the decision', forged({ e: Date.parse(record.decidedAt) })],
      ['an expiry over a year away', forged({ e: expired + 1 })],
      ['an extra field', forged({ x: 1 })],
    ]) {
      expect(parseRecord(text, SITE, NOW), why).toBeNull();
    }
    // Just inside the clock skew a device may have.
    expect(
      parseRecord(forged({ t: '2026-06-01T12:04:00.000Z', e: Date.parse('2026-12-01T12:00:00Z') }), SITE, NOW),
    ).not.toBeNull();
  });

  it('reads the cookie as js-cookie writes it, beside other cookies', () => {
    const written = encodeURIComponent(serialiseRecord(record)).replace(
      /%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g,
      decodeURIComponent,
    );
    expect(readRecord(SITE, `_ga=GA1.1.2; candour_consent=${written}; theme=dark`)).toMatchObject({
      consentId: record.consentId,
      choices: record.choices,
    });
  });

  it('takes no decision when there are two cookies of that name', () => {
    const one = cookieHeader(serialiseRecord(record));
    expect(readRecord(SITE, one)).not.toBeNull();
    expect(readRecord(SITE, `${one}; ${one}`)).toBeNull();
    expect(readRecord(SITE, `${one}; _ga=1; ${cookieHeader(serialiseRecord({ ...record, gpc: true }))}`)).toBeNull();
    expect(readRecord(SITE, 'candour_consent=%E0%A4%A')).toBeNull();
  });
});
