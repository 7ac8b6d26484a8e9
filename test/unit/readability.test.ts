import { describe, expect, it } from 'vitest';
import { hardestLines, readingEase } from '../../admin/readability.js';

describe('reading ease of summary lines (Flesch, from the flesch and syllable packages)', () => {
  it('scores short plain sentences high and long Latinate ones low', () => {
    const plain = readingEase('We keep your notes safe. You can ask to see them.')!;
    const hard = readingEase(
      'Notwithstanding the aforementioned considerations, organisational accountability necessitates comprehensive documentation of processing activities.',
    )!;
    expect(plain).toBeGreaterThan(80);
    expect(hard).toBeLessThan(0);
  });

  it('has no figure for a line with no words', () => {
    expect(readingEase('')).toBeNull();
    expect(readingEase(' — ')).toBeNull();
  });

  it('points out the hardest lines, hardest first, and leaves plain ones alone', () => {
    const lines = [
      { field: 'summary.0', label: 'Summary paragraph 1', text: 'We are the data controller.' },
      {
        field: 'summary.1',
        label: 'Summary paragraph 2',
        text: 'Information regarding identifiable individuals is processed in accordance with applicable legislation.',
      },
      {
        field: 'sections.2.summary',
        label: 'Section 3 summary',
        text: 'Organisational accountability necessitates comprehensive documentation of processing.',
      },
    ];
    expect(hardestLines(lines).map((line) => line.field)).toEqual(['sections.2.summary', 'summary.1']);
  });
});
