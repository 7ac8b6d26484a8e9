import { describe, expect, it } from 'vitest';
import { compileNotice } from '../../notices/compiler/index.js';
import { noticeSource } from '../fixtures/notice-source.js';

/** The fixture with a `source:` under its `_ga` cookie (or under the service, with `where: 'service'`). */
function withSource(source: string, where: 'cookie' | 'service' = 'cookie'): string {
  const plain = noticeSource('source-test');
  return where === 'cookie'
    ? plain.replace('        duration: 2 years\n', `        duration: 2 years\n        source: ${source}\n`)
    : plain.replace('    purpose: Counting visits\n', `    purpose: Counting visits\n    source: ${source}\n`);
}

async function errorsOf(source: string): Promise<string[]> {
  const result = await compileNotice(source, 'notices/source-test.md');
  return result.ok ? [] : result.errors.map((error) => `${error.line}: ${error.message}`);
}

const GOOGLE =
  "{ kind: provider, name: Google's documentation, url: 'https://support.google.com/analytics/answer/11397207' }";

describe('where a cookie or service fact comes from', () => {
  it('carries a named outside source into the document, for the cookie and for the service', async () => {
    const cookie = await compileNotice(withSource(GOOGLE), 'notices/source-test.md');
    expect(cookie.ok && cookie.document.services[0]?.cookies[0]?.source).toEqual({
      kind: 'provider',
      name: "Google's documentation",
      url: 'https://support.google.com/analytics/answer/11397207',
    });
    const service = await compileNotice(withSource('{ kind: author }', 'service'), 'notices/source-test.md');
    expect(service.ok && service.document.services[0]?.source).toEqual({ kind: 'author' });
  });

  it('does not ask visitors again when only a source is added: what they consent to is unchanged', async () => {
    const before = await compileNotice(noticeSource('source-test'), 'notices/source-test.md');
    const after = await compileNotice(withSource(GOOGLE), 'notices/source-test.md');
    expect(before.ok && after.ok).toBe(true);
    if (!before.ok || !after.ok) return;
    expect(after.hash).not.toBe(before.hash);
    expect(after.cookieRevision).toBe(before.cookieRevision);
  });

  it('refuses a source address that is not https, on the line of the address', async () => {
    for (const url of [
      'http://support.google.com/analytics',
      'javascript:alert(1)',
      '//evil.example',
      'data:text/html,x',
    ]) {
      const errors = await errorsOf(withSource(`{ kind: provider, name: Google, url: '${url}' }`));
      expect(errors, url).toEqual([
        expect.stringMatching(/^3\d: services\.0\.cookies\.0\.source\.url: must be a full https:\/\/ address$/),
      ]);
    }
  });

  it('refuses an outside source with no name, an unknown kind and an unknown key', async () => {
    expect(await errorsOf(withSource('{ kind: provider }'))).toEqual([
      expect.stringMatching(/source: name the outside source/),
    ]);
    expect(await errorsOf(withSource('{ kind: rumour, name: A friend }'))).toEqual([
      expect.stringMatching(/source\.kind: must be policy, provider or author/),
    ]);
    expect(await errorsOf(withSource('{ kind: author, href: https://x.example }'))).toEqual([
      expect.stringMatching(/source\.href: is not a known key/),
    ]);
  });
});
