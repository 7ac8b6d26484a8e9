/**
 * Size budgets over the built widget (dist/public, which `npm test` builds first), measured as
 * the bench measures them (bench/size.ts: each file gzipped on its own at level 9). Sizes are
 * stable, so they belong here; timings stay in `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candourFiles, DIST, measureSizes } from '../../bench/size.js';

const KB = 1024;
const sizes = measureSizes();
const files = candourFiles();
const lit = /lit-element|lit-html|reactive-element/;

describe('size budgets (gzip)', () => {
  it('keeps what the banner’s first paint needs within 10 KB', () => {
    expect(sizes.candour.firstPaint.gzip).toBeLessThanOrEqual(10 * KB);
  });

  // Ceilings at this commit, so nothing grows while the goals below are worked towards.
  // 17 KB when it was set; merging this round's hardening (the receipt queue's offline window
  // among it) added 31 B.
  it('keeps all a first visit fetches before a choice within 17.1 KB (goal: 12 KB)', () => {
    expect(sizes.candour.firstVisit.gzip).toBeLessThanOrEqual(17.1 * KB);
  });

  it('keeps a returning visitor within 9.5 KB (goal: 3 KB), with no Lit and no banner', () => {
    expect(sizes.candour.returning.gzip).toBeLessThanOrEqual(9.5 * KB);
    const manifest = JSON.parse(readFileSync(`${DIST}/.vite/manifest.json`, 'utf8')) as Record<
      string,
      { file: string }
    >;
    const litFile = Object.values(manifest).find((entry) => /lit-element/.test(entry.file))!.file;
    expect(files.returning).not.toContain(litFile);
    expect(files.returning).not.toContain(manifest['widget/ui/index.ts']!.file);
    for (const file of files.returning) expect(readFileSync(`${DIST}/${file}`, 'utf8')).not.toMatch(lit);
  });

  it.todo('fetches at most 12 KB before the first click (issue #11)');
  it.todo('loads at most 3 KB for a returning visitor with a valid decision (issue #11)');
});
