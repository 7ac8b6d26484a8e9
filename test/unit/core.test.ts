import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../contract/consent.js';
import { DEFAULT_CONSENT_MODE_MAPPING } from '../../contract/consent-mode.js';
import type { SiteConfig } from '../../contract/site.js';
import { consentModeState } from '../../widget/core/consent-mode.js';
import { consentExpiry, grantedCategories, normaliseChoices, promptReason } from '../../widget/core/decision.js';
import { parseRecord, serialiseRecord } from '../../widget/core/storage.js';

const record: ConsentRecord = {
  consentId: '5f0c7a0e-7a43-4d0b-9a3e-0e0b6a1f2c3d',
  site: 'harmony-minds',
  noticeVersion: 3,
  cookieRevision: 'a'.repeat(64),
  choices: { functional: false, analytics: true, marketing: false },
  method: 'preferences',
  decidedAt: '2026-01-15T10:00:00.000Z',
  expiresAt: '2026-07-15T10:00:00.000Z',
  gpc: false,
};

const config = {
  site: 'harmony-minds',
  categories: ['necessary', 'analytics'],
  consentExpiryMonths: 6,
  notice: { cookieRevision: 'a'.repeat(64), version: 3 },
} as unknown as SiteConfig;

describe('the consent cookie', () => {
  it('round-trips a record', () => {
    expect(parseRecord(serialiseRecord(record), 'harmony-minds')).toEqual(record);
  });

  it('keeps the cookie small', () => {
    expect(encodeURIComponent(serialiseRecord(record)).length).toBeLessThan(400);
  });

  it('treats missing, malformed or tampered values as no decision', () => {
    const shape = JSON.parse(serialiseRecord(record)) as Record<string, unknown>;
    for (const bad of [
      undefined,
      '',
      'not json',
      '[]',
      JSON.stringify({ ...shape, c: '11' }),
      JSON.stringify({ ...shape, c: 'abc' }),
      JSON.stringify({ ...shape, m: 'coerced' }),
      JSON.stringify({ ...shape, t: 'yesterday' }),
      JSON.stringify({ ...shape, v: '3' }),
    ]) {
      expect(parseRecord(bad, 'harmony-minds'), String(bad)).toBeNull();
    }
  });
});

describe('whether to ask', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('asks on a first visit', () => {
    expect(promptReason(null, config, now)).toBe('first-visit');
  });

  it('does not ask while the decision is valid', () => {
    expect(promptReason(record, config, now)).toBeNull();
  });

  it('asks again once consent expires (six months by default)', () => {
    expect(consentExpiry(record.decidedAt, 6).toISOString()).toBe('2026-07-15T10:00:00.000Z');
    expect(promptReason(record, config, new Date('2026-07-15T09:59:59Z'))).toBeNull();
    expect(promptReason(record, config, new Date('2026-07-15T10:00:00Z'))).toBe('expired');
    expect(promptReason(record, { ...config, consentExpiryMonths: 1 }, now)).toBe('expired');
  });

  it('asks again once the expiry the cookie recorded has passed, even if the site’s setting is longer', () => {
    const shortened = { ...record, expiresAt: '2026-02-15T10:00:00.000Z' };
    expect(promptReason(shortened, config, new Date('2026-02-15T09:59:59Z'))).toBeNull();
    expect(promptReason(shortened, config, new Date('2026-02-15T10:00:00Z'))).toBe('expired');
  });

  it('asks again when the cookie revision changes, not when only the notice version does', () => {
    const reworded = { ...config, notice: { ...config.notice, version: 4 } } as SiteConfig;
    expect(promptReason(record, reworded, now)).toBeNull();
    const material = { ...config, notice: { ...config.notice, cookieRevision: 'b'.repeat(64) } } as SiteConfig;
    expect(promptReason(record, material, now)).toBe('notice-changed');
  });

  it('never carries a decision from another site', () => {
    expect(promptReason({ ...record, site: 'osjct' }, config, now)).toBe('other-site');
  });
});

describe('consent expiry at the end of a month', () => {
  const expiry = (decidedAt: string, months: number) => consentExpiry(decidedAt, months).toISOString();

  it('lands on the last day of a shorter month instead of spilling into the next', () => {
    expect(expiry('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(expiry('2026-03-31T10:00:00.000Z', 1)).toBe('2026-04-30T10:00:00.000Z');
    expect(expiry('2026-08-31T23:59:59.999Z', 1)).toBe('2026-09-30T23:59:59.999Z');
    expect(expiry('2026-05-31T00:00:00.000Z', 6)).toBe('2026-11-30T00:00:00.000Z');
    expect(expiry('2026-10-31T12:00:00.000Z', 4)).toBe('2027-02-28T12:00:00.000Z');
  });

  it('knows leap years', () => {
    expect(expiry('2028-01-31T10:00:00.000Z', 1)).toBe('2028-02-29T10:00:00.000Z');
    expect(expiry('2028-01-30T10:00:00.000Z', 1)).toBe('2028-02-29T10:00:00.000Z');
    expect(expiry('2028-02-29T10:00:00.000Z', 12)).toBe('2029-02-28T10:00:00.000Z');
    expect(expiry('2027-08-31T10:00:00.000Z', 6)).toBe('2028-02-29T10:00:00.000Z');
    expect(expiry('2100-01-31T10:00:00.000Z', 1)).toBe('2100-02-28T10:00:00.000Z');
    expect(expiry('2000-01-31T10:00:00.000Z', 1)).toBe('2000-02-29T10:00:00.000Z');
  });

  it('keeps the day where the month has it, across the year end', () => {
    expect(expiry('2026-01-15T10:00:00.000Z', 6)).toBe('2026-07-15T10:00:00.000Z');
    expect(expiry('2026-12-31T10:00:00.000Z', 1)).toBe('2027-01-31T10:00:00.000Z');
    expect(expiry('2026-11-30T10:00:00.000Z', 3)).toBe('2027-02-28T10:00:00.000Z');
    expect(expiry('2026-02-28T10:00:00.000Z', 1)).toBe('2026-03-28T10:00:00.000Z');
  });
});

describe('choices', () => {
  it('drops categories the site does not use', () => {
    expect(
      normaliseChoices({ functional: true, analytics: true, marketing: true }, ['necessary', 'analytics']),
    ).toEqual({
      functional: false,
      analytics: true,
      marketing: false,
    });
  });

  it('always grants necessary and only what was chosen', () => {
    expect([...grantedCategories(null)]).toEqual(['necessary']);
    expect([...grantedCategories(record.choices)]).toEqual(['necessary', 'analytics']);
  });
});

describe('Google Consent Mode', () => {
  it('maps categories to consent types', () => {
    expect(consentModeState(record.choices, DEFAULT_CONSENT_MODE_MAPPING)).toEqual({
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      analytics_storage: 'granted',
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
    });
  });

  it('grants a type when any category mapped to it is granted', () => {
    const mapping = { ...DEFAULT_CONSENT_MODE_MAPPING, functional: ['analytics_storage' as const] };
    expect(consentModeState({ functional: false, analytics: true, marketing: false }, mapping).analytics_storage).toBe(
      'granted',
    );
    expect(consentModeState({ functional: true, analytics: false, marketing: false }, mapping).analytics_storage).toBe(
      'granted',
    );
  });
});

describe('theme contrast', () => {
  it('measures WCAG contrast', async () => {
    const { contrastRatio } = await import('../../contract/contrast.js');
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d4f91', '#ffffff')).toBeGreaterThan(7);
    expect(contrastRatio('#ffdd00', '#ffffff')).toBeLessThan(1.5);
  });

  it('darkens an accent until white text on it passes AA, and leaves a good one alone', async () => {
    const { accessibleAccent, contrastRatio, MIN_CONTRAST } = await import('../../contract/contrast.js');
    expect(accessibleAccent('#1d4f91')).toBe('#1d4f91');
    for (const weak of ['#ffdd00', '#7fbfff', '#00b050', '#ff69b4']) {
      const fixed = accessibleAccent(weak);
      expect(contrastRatio(fixed, '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(fixed).not.toBe(weak);
    }
  });
});
