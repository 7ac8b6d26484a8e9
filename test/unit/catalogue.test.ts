import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueService, findCookie, findServiceBySource } from '../../contract/catalogue.js';
import { isOptionalCategory } from '../../contract/categories.js';
import { SITE_ID_PATTERN } from '../../contract/site.js';

const REQUIRED = [
  'google-analytics',
  'google-tag-manager',
  'google-ads',
  'meta-pixel',
  'microsoft-clarity',
  'hotjar',
  'linkedin-insight',
  'tiktok-pixel',
  'youtube',
  'vimeo',
  'google-maps',
  'recaptcha',
  'wix-analytics',
  'squarespace-analytics',
  'calendly',
  'jane',
  'tawk-to',
  'intercom',
  'zendesk-chat',
];

function isHttps(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && !/\s/.test(value);
  } catch {
    return false;
  }
}

describe('the catalogue data', () => {
  it('holds the services clinic sites commonly carry', () => {
    expect(CATALOGUE.map((service) => service.id)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it.each(CATALOGUE.map((service) => [service.id, service] as const))('%s is a complete entry', (_id, service) => {
    expect(Object.keys(service).sort()).toEqual(
      ['category', 'cookies', 'id', 'name', 'privacyUrl', 'provider', 'reference', 'sources'].sort(),
    );
    expect(service.id).toMatch(SITE_ID_PATTERN);
    expect(isOptionalCategory(service.category)).toBe(true);
    expect(service.name.trim()).not.toBe('');
    expect(service.provider.trim()).not.toBe('');
    expect(isHttps(service.privacyUrl)).toBe(true);
    expect(service.reference.name.trim()).not.toBe('');
    expect(isHttps(service.reference.url)).toBe(true);
    for (const source of service.sources) {
      // A bare lowercase host with at least one dot, optionally followed by a path prefix.
      expect(source).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[A-Za-z0-9._~/-]+)?$/);
    }
    for (const cookie of service.cookies) {
      expect(Object.keys(cookie).every((key) => ['name', 'match', 'purpose', 'duration'].includes(key))).toBe(true);
      expect(cookie.name).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect([undefined, 'exact', 'prefix']).toContain(cookie.match);
      expect(cookie.purpose.trim().length).toBeGreaterThan(10);
      expect(cookie.duration).toMatch(/^(session|\d+ (minutes?|hours?|days?|weeks?|months?|years?))$/);
    }
  });

  it('has no duplicate ids, sources or cookie names', () => {
    const ids = CATALOGUE.map((service) => service.id);
    const sources = CATALOGUE.flatMap((service) => service.sources);
    const cookies = CATALOGUE.flatMap((service) => service.cookies.map((cookie) => cookie.name));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(sources).size).toBe(sources.length);
    expect(new Set(cookies).size).toBe(cookies.length);
  });

  it('names every entry in SOURCES.md', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../contract/catalogue/SOURCES.md', import.meta.url), 'utf8');
    expect(CATALOGUE.filter((service) => !text.includes(`\`${service.id}\``)).map((s) => s.id)).toEqual([]);
  });
});

describe('catalogueService', () => {
  it('finds an entry by id and nothing else', () => {
    expect(catalogueService('google-analytics')?.provider).toBe('Google');
    expect(catalogueService('Google-Analytics')).toBeUndefined();
    expect(catalogueService('')).toBeUndefined();
    expect(catalogueService('__proto__')).toBeUndefined();
    expect(catalogueService('constructor')).toBeUndefined();
    expect(catalogueService(42 as unknown as string)).toBeUndefined();
  });
});

describe('findServiceBySource', () => {
  it('matches a host, its subdomains and a path prefix, the most specific winning', () => {
    expect(findServiceBySource('https://www.googletagmanager.com/gtag/js?id=G-ABC123')?.id).toBe('google-analytics');
    expect(findServiceBySource('https://www.googletagmanager.com/gtm.js?id=GTM-ABC')?.id).toBe('google-tag-manager');
    expect(findServiceBySource('https://region1.google-analytics.com/g/collect')?.id).toBe('google-analytics');
    expect(findServiceBySource(new URL('https://static.hotjar.com/c/hotjar-1.js'))?.id).toBe('hotjar');
    expect(findServiceBySource('https://www.youtube.com/embed/abc')?.id).toBe('youtube');
    expect(findServiceBySource('https://www.google.com/maps/embed?pb=1')?.id).toBe('google-maps');
    expect(findServiceBySource('https://www.google.com/recaptcha/api.js')?.id).toBe('recaptcha');
  });

  it('does not match lookalike hosts, other paths or other schemes', () => {
    expect(findServiceBySource('https://evilgoogle-analytics.com/x.js')).toBeUndefined();
    expect(findServiceBySource('https://google-analytics.com.evil.example/x.js')).toBeUndefined();
    expect(findServiceBySource('https://www.google.com/search?q=maps')).toBeUndefined();
    expect(findServiceBySource('https://evil.example/?u=https://connect.facebook.net/')).toBeUndefined();
    expect(findServiceBySource('ftp://connect.facebook.net/en_US/fbevents.js')).toBeUndefined();
  });

  it('sees through the spellings a browser treats as the same address', () => {
    expect(findServiceBySource('https://CONNECT.FACEBOOK.NET/en_US/fbevents.js')?.id).toBe('meta-pixel');
    expect(findServiceBySource('https://connect.facebook.net./en_US/fbevents.js')?.id).toBe('meta-pixel');
    expect(findServiceBySource('https://connect.facebook.net:443/en_US/fbevents.js')?.id).toBe('meta-pixel');
    expect(findServiceBySource('http://www.clarity.ms/tag/abc')?.id).toBe('microsoft-clarity');
  });

  it('refuses hostile input without throwing', () => {
    for (const input of [
      '',
      'not a url',
      '/relative/gtag/js',
      '//www.googletagmanager.com/gtag/js',
      'javascript:alert(1)//www.google-analytics.com',
      'data:text/javascript,alert(1)',
      `https://www.google-analytics.com/${'a'.repeat(100_000)}`,
      'https://[::1',
      null as unknown as string,
      {} as unknown as string,
    ]) {
      expect(findServiceBySource(input)).toBeUndefined();
    }
  });
});

describe('booking and chat widgets', () => {
  // The addresses their providers' embed instructions give (SOURCES.md names each page).
  it.each([
    ['zendesk-chat', 'https://static.zdassets.com/ekr/snippet.js?key=ACCOUNT_KEY'],
    ['zendesk-chat', 'https://v2.zopim.com/?ACCOUNT_KEY'],
    ['tawk-to', 'https://embed.tawk.to/PROPERTY_ID/default'],
    ['intercom', 'https://widget.intercom.io/widget/APP_ID'],
    ['calendly', 'https://assets.calendly.com/assets/external/widget.js'],
    ['calendly', 'https://calendly.com/a-clinic/first-appointment'],
    ['jane', 'https://a-clinic.janeapp.co.uk/'],
  ])('%s is matched by %s', (id, address) => {
    expect(findServiceBySource(address)?.id).toBe(id);
  });

  it('holds back Zendesk’s snippets, not the rest of its asset host', () => {
    expect(findServiceBySource('https://static.zdassets.com/web_widget/latest/web-widget-main.js')).toBeUndefined();
  });

  it.each([
    ['zendesk-chat', '__zlcmid'],
    ['zendesk-chat', '__zlcprivacy'],
    ['tawk-to', 'TawkConnectionTime'],
    ['intercom', 'intercom-id-APP_ID'],
    ['intercom', 'intercom-session-APP_ID'],
  ])('%s is known by its cookie %s', (id, name) => {
    expect(findCookie(name)?.service.id).toBe(id);
    expect(catalogueService(id)?.category).toBe('functional');
  });
});

describe('findCookie', () => {
  it('finds exact names and prefixed names', () => {
    expect(findCookie('_ga')?.service.id).toBe('google-analytics');
    expect(findCookie('_ga_ABC123')).toMatchObject({ service: { id: 'google-analytics' }, cookie: { name: '_ga_' } });
    expect(findCookie('_hjSessionUser_12345')?.cookie.name).toBe('_hjSessionUser_');
    expect(findCookie('_hjSession_12345')?.cookie.name).toBe('_hjSession_');
    expect(findCookie('intercom-device-id-abc')?.cookie.name).toBe('intercom-device-id-');
    expect(findCookie('_fbp')?.service.id).toBe('meta-pixel');
  });

  it('does not stretch an exact name into a prefix', () => {
    expect(findCookie('_gax')).toBeUndefined();
    expect(findCookie('_fbpx')).toBeUndefined();
    expect(findCookie('candour_consent')).toBeUndefined();
  });

  it('refuses hostile input without throwing', () => {
    for (const input of [
      '',
      `_ga_${'x'.repeat(100_000)}`,
      '__proto__',
      null as unknown as string,
      7 as unknown as string,
    ]) {
      expect(findCookie(input)).toBeUndefined();
    }
  });
});
