/**
 * Cookie discovery in the widget: which names it would report, and that its code stays out of
 * what a visitor loads before granting anything (it is fetched at the first grant).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candourFiles, DIST } from '../../bench/size.js';
import { COOKIE_NAME_PATTERN, declaredNameCovers } from '../../contract/discovery.js';
import type { SiteConfig } from '../../contract/site.js';
import { undeclaredNames } from '../../widget/core/discovery.js';

const config = {
  services: [
    {
      id: 'analytics',
      name: 'Analytics',
      category: 'analytics',
      provider: 'Google',
      purpose: 'Counting visits',
      cookies: [
        { name: '_ga', provider: 'Google', purpose: 'Visits', duration: '2 years' },
        { name: '_ga_<container-id>', provider: 'Google', purpose: 'Sessions', duration: '2 years' },
        { name: '_hj*', provider: 'Hotjar', purpose: 'Recordings', duration: '1 year' },
      ],
    },
  ],
} as unknown as SiteConfig;

describe('which cookie names discovery reports', () => {
  it('leaves out declared names, declared prefixes and Candour’s own cookie', () => {
    expect(
      undeclaredNames(['_ga', '_ga_ABC', '_hjSession_1', 'candour_consent', '_gcl_au', 'ga', '__ga'], config),
    ).toEqual(['_gcl_au', 'ga', '__ga']);
  });

  it('matches a declaration by exact name unless it ends in * or <…>', () => {
    expect(declaredNameCovers('_ga', '_ga_X')).toBe(false);
    expect(declaredNameCovers('_ga_*', '_ga_X')).toBe(true);
    expect(declaredNameCovers('_ga_<id>', '_ga_X')).toBe(true);
    expect(declaredNameCovers('_ga_*', '_gb_X')).toBe(false);
  });

  it('accepts RFC 6265 token names only, so a value cannot ride along', () => {
    for (const name of ['_ga', 'AMCV_1%40AdobeOrg', 'intercom-id-abc', "a!#$%&'*+-.^_`|~"]) {
      expect(COOKIE_NAME_PATTERN.test(name)).toBe(true);
    }
    for (const name of ['', '_ga=1', 'a b', 'a;b', 'a"b', 'é', 'x'.repeat(129), 'a,b', '<script>']) {
      expect(COOKIE_NAME_PATTERN.test(name)).toBe(false);
    }
  });
});

describe('the discovery chunk', () => {
  it('is not among the files a first visit or a returning visitor loads, and the core names it', () => {
    const manifest = JSON.parse(readFileSync(`${DIST}/.vite/manifest.json`, 'utf8')) as Record<
      string,
      { file: string }
    >;
    const chunk = manifest['widget/core/discovery.ts']!.file;
    const files = candourFiles();
    expect(files.firstPaint).not.toContain(chunk);
    expect(files.firstVisit).not.toContain(chunk);
    expect(files.returning).not.toContain(chunk);
    // The core (the boot entry and the chunk it shares its modules in) loads it by its own address.
    const core = files.core.map((file) => readFileSync(`${DIST}/${file}`, 'utf8')).join('\n');
    expect(core).toContain(`"./${chunk.replace(/^v1\/chunks\//, '')}"`);
    // No shared preload helper was pulled into what the banner and the core load.
    expect(files.firstVisit.some((file) => /preload-helper/.test(file))).toBe(false);
  });
});
