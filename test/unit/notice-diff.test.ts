import { describe, expect, it } from 'vitest';
import type { NoticeSection, NoticeVersion, SectionChange } from '../../contract/notice.js';
import { plainText } from '../../notices/compiler/index.js';
import { noticeDiff } from '../../worker/notice-diff.js';

/**
 * The diff behind the public `/notices/:version/diff/:other` endpoint. Anyone can ask for it, so
 * a hostile pair of versions (published by a careless or compromised admin) must not make it
 * burn CPU: past a bound a section is shown replaced whole, old text struck and new text added.
 */
function section(id: string, text: string): NoticeSection {
  return {
    id,
    title: `Section ${id}`,
    summary: 'What it says.',
    audiences: [],
    blocks: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}

function version(number: number, sections: NoticeSection[]): NoticeVersion {
  return {
    site: 'diff-clinic',
    version: number,
    hash: String(number).repeat(64).slice(0, 64),
    cookieRevision: 'c'.repeat(64),
    effectiveAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-01T00:00:00.000Z',
    material: false,
    document: {
      site: 'diff-clinic',
      language: 'en-GB',
      title: 'Privacy notice',
      organisation: 'Diff Clinic',
      summary: ['We are Diff Clinic.'],
      audiences: [],
      facts: {
        controller: { name: 'Diff Clinic' },
        complaints: [],
        purposes: [{ purpose: 'Care', legalBasis: 'Contract' }],
        recipients: [],
        retention: [],
        transfers: [],
        rights: ['Access'],
      },
      services: [],
      sections,
    },
  };
}

type Changed = Extract<SectionChange, { change: 'changed' }>;

function changed(change: SectionChange | undefined): Changed {
  if (change?.change !== 'changed') throw new Error(`expected a changed section, got ${JSON.stringify(change)}`);
  return change;
}

/** The words a section's diff is computed over, as the endpoint joins them. */
function words(item: NoticeSection): string {
  return `${item.title} ${item.summary} ${plainText(item.blocks)}`.split(/\s+/).join(' ');
}

function rebuilt(change: Changed, ops: string[]): string {
  return change.marks
    .filter((mark) => ops.includes(mark.op))
    .map((mark) => mark.text)
    .join(' ');
}

/** `count` words; every other one differs between the two versions, so every other word is an edit. */
function scattered(count: number, tag: string): [string, string] {
  const before = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `same${i}` : `old${tag}${i}`)).join(' ');
  const after = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `same${i}` : `new${tag}${i}`)).join(' ');
  return [before, after];
}

describe('noticeDiff', () => {
  it('marks the words kept, deleted and inserted, merging neighbours of one kind', () => {
    const from = version(1, [section('cookies', 'We use analytics cookies only if you allow them.')]);
    const to = version(2, [
      section('cookies', 'We use analytics cookies only when you allow them, and never for adverts.'),
    ]);
    const diff = noticeDiff(from, to);
    expect(diff.sections).toEqual([
      {
        change: 'changed',
        id: 'cookies',
        title: 'Section cookies',
        marks: [
          { op: 'same', text: 'Section cookies What it says. We use analytics cookies only' },
          { op: 'del', text: 'if' },
          { op: 'ins', text: 'when' },
          { op: 'same', text: 'you allow' },
          { op: 'del', text: 'them.' },
          { op: 'ins', text: 'them, and never for adverts.' },
        ],
      },
    ]);
  });

  it('shows a section with more edits than the bound as replaced whole, and the texts still rebuild', () => {
    const [before, after] = scattered(1_800, 'a');
    const from = version(1, [section('long', before)]);
    const to = version(2, [section('long', after)]);
    const change = changed(noticeDiff(from, to).sections[0]);
    expect(change.marks).toEqual([
      { op: 'del', text: words(from.document.sections[0]!) },
      { op: 'ins', text: words(to.document.sections[0]!) },
    ]);
  });

  it('diffs word by word up to a budget for the whole pair, then shows the remaining sections replaced', () => {
    const pairs = Array.from({ length: 24 }, (_, i) => scattered(600, String(i)));
    const from = version(
      1,
      pairs.map(([before], i) => section(`s${i}`, before)),
    );
    const to = version(
      2,
      pairs.map(([, after], i) => section(`s${i}`, after)),
    );
    const changes = noticeDiff(from, to).sections.map(changed);
    expect(changes).toHaveLength(24);
    const replaced = changes.map((change) => change.marks.length === 2);
    // Word marks first, then once the budget is spent, replaced sections to the end.
    expect(replaced[0]).toBe(false);
    expect(replaced[23]).toBe(true);
    expect(replaced.indexOf(true)).toBeGreaterThan(0);
    expect(replaced.slice(replaced.indexOf(true)).every(Boolean)).toBe(true);
    changes.forEach((change, i) => {
      expect(rebuilt(change, ['same', 'ins'])).toBe(words(to.document.sections[i]!));
      expect(rebuilt(change, ['same', 'del'])).toBe(words(from.document.sections[i]!));
    });
  });
});
