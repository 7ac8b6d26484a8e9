import { describe, expect, it } from 'vitest';
import { TO_DESCRIBE, declareDiscovered } from '../../admin/declare-cookie.js';
import { catalogueService, cookieMatch } from '../../contract/catalogue.js';
import type { DiscoveredCookie } from '../../contract/discovery.js';
import { compileNotice } from '../../notices/compiler/index.js';
import { noticeSource } from '../fixtures/notice-source.js';

/** A discovered cookie as the admin API lists it, with the catalogue's match (as the Worker finds it). */
function discovered(name: string, attributed: DiscoveredCookie['attributed'] = null): DiscoveredCookie {
  return {
    name,
    firstSeen: '2026-12-01T10:00:00.000Z',
    lastSeen: '2026-12-02T10:00:00.000Z',
    reports: 3,
    granted: ['analytics'],
    attributed,
    match: cookieMatch(name),
  };
}

async function compiled(source: string) {
  const result = await compileNotice(source, 'notices/declare-test.md');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

describe('declaring a discovered cookie in the notice draft', () => {
  it('adds the catalogue service with its cookies, a material change that asks visitors again', async () => {
    const source = noticeSource('declare-test');
    const before = await compiled(source);
    const drafted = declareDiscovered(source, discovered('_hjSessionUser_123'));
    expect(drafted).toMatchObject({ service: 'Hotjar', added: 'service' });
    const after = await compiled(drafted.source);
    expect(after.cookieRevision).not.toBe(before.cookieRevision);
    const hotjar = after.document.services.find((service) => service.id === 'hotjar')!;
    expect(hotjar.category).toBe('analytics');
    expect(hotjar.cookies.map((cookie) => cookie.name)).toEqual(
      catalogueService('hotjar')!.cookies.map((cookie) =>
        cookie.match === 'prefix' ? `${cookie.name}*` : cookie.name,
      ),
    );
    expect(hotjar.cookies[0]!.source).toEqual({ kind: 'provider', ...catalogueService('hotjar')!.reference });
    // What was there stays.
    expect(after.document.services[0]!.cookies.map((cookie) => cookie.name)).toEqual(['_ga']);
  });

  it('adds the cookie to the draft’s own service when the draft already has the catalogue’s service', async () => {
    const source = noticeSource('declare-test').replace('  - id: analytics\n', '  - id: google-analytics\n');
    const before = await compiled(source);
    const drafted = declareDiscovered(source, discovered('_ga_DEMO'));
    expect(drafted).toMatchObject({ service: 'Site analytics', added: 'cookie' });
    const after = await compiled(drafted.source);
    expect(after.document.services).toHaveLength(1);
    expect(after.document.services[0]!.cookies.map((cookie) => cookie.name)).toEqual(['_ga', '_ga_*']);
    expect(after.cookieRevision).not.toBe(before.cookieRevision);
  });

  it('puts an unknown cookie in a service of the category the admin chose, asking for its description', async () => {
    const source = noticeSource('declare-test');
    expect(() => declareDiscovered(source, discovered('mystery_pref'))).toThrow(/Choose the category/);
    const drafted = declareDiscovered(source, discovered('mystery_pref', 'marketing'));
    expect(drafted).toMatchObject({ service: 'Other marketing cookies', added: 'service' });
    const after = await compiled(drafted.source);
    const other = after.document.services.find((service) => service.category === 'marketing')!;
    expect(other.cookies).toEqual([
      expect.objectContaining({ name: 'mystery_pref', purpose: TO_DESCRIBE, duration: 'Not yet known' }),
    ]);
  });
});
