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
const lit = /lit-element|lit-html|reactive-element|lit\.dev/;
/** Ceilings at this commit (issue #11's goals are 12 KB and 3 KB). */
const FIRST_VISIT_CEILING = 12 * KB;
const RETURNING_CEILING = 3.8 * KB;

describe('size budgets (gzip)', () => {
  // Issue #11's goal is 12 KB; the ceiling is what this commit reaches, so nothing grows again.
  // The banner paints from the same files Accept needs: one wave, so the first paint has no
  // budget of its own any more.
  it(`fetches at most ${FIRST_VISIT_CEILING / KB} KB before the first click (goal: 12 KB), with no Lit`, () => {
    expect(files.firstVisit).toEqual(files.firstPaint);
    expect(sizes.candour.firstVisit.gzip).toBeLessThanOrEqual(FIRST_VISIT_CEILING);
    for (const file of files.firstVisit) expect(readFileSync(`${DIST}/${file}`, 'utf8')).not.toMatch(lit);
  });

  // What a returning visitor with a valid decision fetches on a page it does not interact with:
  // embed.js alone (the e2e test test/e2e/site-embed.test.ts checks the network log, and the
  // site-specific script with the gate's share of the config inside it). Goal: 3 KB.
  it(`loads embed.js alone for a returning visitor with a valid decision, within ${RETURNING_CEILING / KB} KB and with no Lit`, () => {
    expect(files.returning).toEqual(['v1/embed.js']);
    expect(sizes.candour.returning.gzip).toBeLessThanOrEqual(RETURNING_CEILING);
    expect(readFileSync(`${DIST}/v1/embed.js`, 'utf8')).not.toMatch(lit);
  });
});
