import { diffArrays } from 'diff';
import type { NoticeDiff, NoticeVersion, SectionChange } from '../contract/notice.js';
import type { ServiceDeclaration } from '../contract/site.js';
import { canonicalJson } from '../contract/canonical.js';
import { plainText } from '../notices/compiler/index.js';

type Mark = { op: 'same' | 'ins' | 'del'; text: string };

/**
 * Bounds on the work of one diff. The endpoint is public and its answer cached as immutable, so
 * the bound counts edits (words inserted or deleted), never time: the same pair gives the same
 * answer on a busy machine and an idle one. Myers' algorithm does work in proportion to the
 * words times the edits it explores, so both are bounded: a section with more than
 * `MAX_SECTION_EDITS` edits, or more than `MAX_SECTION_WORDS` words on both sides, is shown
 * replaced whole; and once `MAX_TOTAL_EDITS` edits have been explored across the pair, every
 * remaining changed section is shown replaced whole without being diffed.
 */
export const MAX_SECTION_EDITS = 1_000;
export const MAX_SECTION_WORDS = 20_000;
export const MAX_TOTAL_EDITS = 5_000;

/** The old text struck and the new text added: what a section past the bound shows. */
function replaced(a: readonly string[], b: readonly string[]): Mark[] {
  return [
    { op: 'del', text: a.join(' ') },
    { op: 'ins', text: b.join(' ') },
  ];
}

/**
 * Word-level diff with jsdiff (Myers), adjacent marks of one kind merged; `undefined` when it
 * needs more than `maxEdits` edits.
 */
function boundedWordDiff(a: string[], b: string[], maxEdits: number): Mark[] | undefined {
  if (maxEdits <= 0 || a.length + b.length > MAX_SECTION_WORDS) return undefined;
  const changes = diffArrays(a, b, { maxEditLength: maxEdits });
  if (changes === undefined) return undefined;
  const marks: Mark[] = [];
  for (const change of changes) {
    if (change.value.length === 0) continue;
    const op = change.added ? 'ins' : change.removed ? 'del' : 'same';
    const text = change.value.join(' ');
    const last = marks[marks.length - 1];
    if (last?.op === op) last.text += ` ${text}`;
    else marks.push({ op, text });
  }
  return marks;
}

/** Word-level diff of two texts, or the old text replaced by the new past `MAX_SECTION_EDITS`. */
export function wordDiff(before: string, after: string): Mark[] {
  const [a, b] = [wordsOf(before), wordsOf(after)];
  return boundedWordDiff(a, b, MAX_SECTION_EDITS) ?? replaced(a, b);
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * Each cookie under its service's name, with what a visitor consents to about it: the cookie
 * and its service's category, provider and purpose, but not the service's other cookies, so
 * adding one cookie does not make its neighbours look changed.
 */
function cookieKeys(services: ServiceDeclaration[]): Map<string, string> {
  return new Map(
    services.flatMap(({ cookies, ...service }) =>
      cookies.map((cookie) => [`${service.name}: ${cookie.name}`, canonicalJson({ service, cookie })]),
    ),
  );
}

function editsIn(marks: readonly Mark[]): number {
  return marks.reduce((sum, mark) => sum + (mark.op === 'same' ? 0 : wordsOf(mark.text).length), 0);
}

/** What changed between two versions, section by section, and in the cookie declaration. */
export function noticeDiff(from: NoticeVersion, to: NoticeVersion): NoticeDiff {
  const before = new Map(from.document.sections.map((section) => [section.id, section]));
  const after = new Map(to.document.sections.map((section) => [section.id, section]));
  const sections: SectionChange[] = [];
  let budget = MAX_TOTAL_EDITS;
  for (const section of to.document.sections) {
    const old = before.get(section.id);
    if (!old) {
      sections.push({ change: 'added', id: section.id, title: section.title });
      continue;
    }
    const oldText = `${old.title}\n${old.summary}\n${plainText(old.blocks)}`;
    const newText = `${section.title}\n${section.summary}\n${plainText(section.blocks)}`;
    if (oldText === newText) continue;
    const [a, b] = [wordsOf(oldText), wordsOf(newText)];
    const limit = Math.min(MAX_SECTION_EDITS, budget);
    const marks = boundedWordDiff(a, b, limit);
    // A diff that gave up still did work up to its limit, so the limit is what it costs.
    budget -= marks ? editsIn(marks) : limit;
    sections.push({ change: 'changed', id: section.id, title: section.title, marks: marks ?? replaced(a, b) });
  }
  for (const section of from.document.sections) {
    if (!after.has(section.id)) sections.push({ change: 'removed', id: section.id, title: section.title });
  }
  const oldCookies = cookieKeys(from.document.services);
  const newCookies = cookieKeys(to.document.services);
  return {
    site: to.site,
    from: from.version,
    to: to.version,
    material: from.cookieRevision !== to.cookieRevision,
    sections,
    cookies: {
      added: [...newCookies.keys()].filter((key) => !oldCookies.has(key)),
      removed: [...oldCookies.keys()].filter((key) => !newCookies.has(key)),
      changed: [...newCookies]
        .filter(([key, value]) => oldCookies.has(key) && oldCookies.get(key) !== value)
        .map(([key]) => key),
    },
  };
}
