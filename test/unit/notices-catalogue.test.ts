import { describe, expect, it } from 'vitest';
import { catalogueService } from '../../contract/catalogue.js';
import { compileNotice } from '../../notices/compiler/index.js';

/** A small valid notice whose services the tests replace. */
function notice(services: string): string {
  return `---
site: test-clinic
title: Privacy notice
organisation: Test Clinic
summary:
  - We are Test Clinic.
facts:
  controller:
    name: Test Clinic
  complaints: []
  purposes:
    - purpose: Care
      legalBasis: Contract
  recipients: []
  retention: []
  transfers: []
  rights:
    - Access
services:
${services}
---

## About us {#about}
Summary: Who we are.

We are a clinic.
`;
}

const GOOGLE = catalogueService('google-analytics')!;

async function compiled(services: string) {
  const result = await compileNotice(notice(services), 'test.md');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.document.services;
}

describe('a notice service that names a catalogue entry', () => {
  it('is filled in from the catalogue, each cookie marked as the provider’s words', async () => {
    const [service] = await compiled(`  - catalogue: google-analytics
    purpose: Tells us which pages people read.`);
    expect(service).toMatchObject({
      id: 'google-analytics',
      name: GOOGLE.name,
      category: 'analytics',
      provider: 'Google',
      privacyUrl: GOOGLE.privacyUrl,
      purpose: 'Tells us which pages people read.',
    });
    expect(service!.source).toBeUndefined();
    expect(service!.cookies.map((cookie) => cookie.name)).toEqual(['_ga', '_ga_*']);
    for (const cookie of service!.cookies) {
      expect(cookie.source).toEqual({ kind: 'provider', name: GOOGLE.reference.name, url: GOOGLE.reference.url });
      expect(cookie.duration).toBe('2 years');
    }
  });

  it('lets the notice override what it states itself, validated like any other key', async () => {
    const [service] = await compiled(`  - catalogue: youtube
    category: functional
    name: Our videos
    purpose: Shows our exercise videos.
    cookies: []`);
    expect(service).toMatchObject({ id: 'youtube', category: 'functional', name: 'Our videos', cookies: [] });

    const result = await compileNotice(
      notice(`  - catalogue: youtube
    category: sometimes
    purpose: Shows our exercise videos.`),
      'test.md',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/services.0.category: unknown category/);
  });

  it('still needs the organisation’s own purpose', async () => {
    const result = await compileNotice(notice('  - catalogue: hotjar'), 'test.md');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.message)).toContain('services.0.purpose: is required');
  });

  it.each([
    ['an unknown id', 'google-analytic'],
    ['a prototype key', '__proto__'],
    ['a number', '42'],
    ['a list', '[google-analytics]'],
  ])('reports %s once, on its line', async (_what, id) => {
    const text = notice(`  - id: ours
    name: Ours
    category: necessary
    provider: Us
    purpose: Runs the site.
    cookies: []
  - catalogue: ${id}
    purpose: Counts visits.`);
    const result = await compileNotice(text, 'test.md');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((row) => row.includes('- catalogue:')) + 1;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line });
    expect(result.errors[0]!.message).toMatch(/services\.1\.catalogue: unknown catalogue service/);
  });

  it('refuses an id of its own: the catalogue’s is what automatic blocking knows it by', async () => {
    const result = await compileNotice(
      notice(`  - catalogue: hotjar
    id: heatmaps
    purpose: Shows where people click.`),
      'test.md',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/takes its id \("hotjar"\) from the catalogue/);
  });
});
