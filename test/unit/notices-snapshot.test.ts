import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileNotice } from '../../notices/compiler/index.js';

/**
 * The five notices as the hand-written compiler produced them, recorded before the compiler moved
 * to mdast (test/fixtures/notices-before). The new compiler must produce the same documents;
 * where a document changes on purpose, the change is written out here.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SITES = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'] as const;

interface Recorded {
  hash: string;
  cookieRevision: string;
  document: unknown;
}

function recorded(site: string): Recorded {
  return JSON.parse(readFileSync(path.join(root, 'test/fixtures/notices-before', `${site}.json`), 'utf8')) as Recorded;
}

describe('the five notices compile to the documents recorded before the switch to mdast', () => {
  for (const site of SITES) {
    it(site, async () => {
      const result = await compileNotice(
        readFileSync(path.join(root, 'notices', `${site}.md`), 'utf8'),
        `notices/${site}.md`,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
      const before = recorded(site);
      expect(result.document).toEqual(before.document);
      expect(result.hash).toBe(before.hash);
      expect(result.cookieRevision).toBe(before.cookieRevision);
    });
  }
});
