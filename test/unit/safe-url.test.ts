import { describe, expect, it } from 'vitest';
import { isSafeUrl } from '../../contract/safe-url.js';
import { compileNotice } from '../../notices/compiler/index.js';
import { noticeSource } from '../fixtures/notice-source.js';
import { SAFE_URLS, UNSAFE_URLS } from '../fixtures/urls.js';

describe('isSafeUrl', () => {
  it.each(UNSAFE_URLS)('refuses %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });
  it.each(SAFE_URLS)('accepts %j', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });
});

describe('a service’s privacyUrl in the front matter', () => {
  const withPrivacyUrl = (url: string) =>
    noticeSource('url-clinic').replace(
      '    purpose: Counting visits\n',
      `    purpose: Counting visits\n    privacyUrl: ${JSON.stringify(url)}\n`,
    );

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    'http://evil.example/privacy',
    'HTTP://evil.example',
  ])('refuses %j on its own line', async (url) => {
    const source = withPrivacyUrl(url);
    const result = await compileNotice(source, 'url-clinic.md');
    expect(result.ok).toBe(false);
    const line = source.split('\n').findIndex((text) => text.includes('privacyUrl:')) + 1;
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ line, message: expect.stringMatching(/privacyUrl: must be an https:\/\/ address/) }),
    ]);
  });

  it.each(['https://analytics.example/privacy', 'http://127.0.0.1:8787/privacy'])('accepts %j', async (url) => {
    const result = await compileNotice(withPrivacyUrl(url), 'url-clinic.md');
    expect(result.ok).toBe(true);
    expect(result.ok && result.document.services[0]!.privacyUrl).toBe(url);
  });
});
