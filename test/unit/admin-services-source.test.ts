import { describe, expect, it } from 'vitest';
import { servicesOf, withServices } from '../../admin/services-source.js';
import { compileNotice } from '../../notices/compiler/index.js';
import { noticeSource } from '../fixtures/notice-source.js';

describe('the admin cookie editor writing services back into a notice', () => {
  it('keeps where each cookie and service fact comes from', async () => {
    const source = noticeSource('admin-source-test')
      .replace('    purpose: Counting visits\n', '    purpose: Counting visits\n    source: { kind: author }\n')
      .replace(
        '        duration: 2 years\n',
        "        duration: 2 years\n        source: { kind: provider, name: Analytics Ltd's guide, url: 'https://analytics.example/cookies' }\n",
      );
    const services = servicesOf(source)!;
    const rewritten = withServices(
      source,
      services.map((service) => ({ ...service, purpose: 'Counting visits to pages' })),
    );
    const result = await compileNotice(rewritten, 'notices/admin-source-test.md');
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    const [service] = result.document.services;
    expect(service?.purpose).toBe('Counting visits to pages');
    expect(service?.source).toEqual({ kind: 'author' });
    expect(service?.cookies[0]?.source).toEqual({
      kind: 'provider',
      name: "Analytics Ltd's guide",
      url: 'https://analytics.example/cookies',
    });
  });
});
