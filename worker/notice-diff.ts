import type { NoticeDiff, NoticeVersion, SectionChange } from '../contract/notice.js';
import type { ServiceDeclaration } from '../contract/site.js';
import { canonicalJson } from '../contract/canonical.js';
import { plainText } from '../notices/compiler/index.js';

type Mark = { op: 'same' | 'ins' | 'del'; text: string };

/** Above this many word pairs a section is shown as replaced whole rather than diffed word by word. */
const MAX_DIFF_CELLS = 4_000_000;

/** Word-level diff by longest common subsequence, adjacent marks of one kind merged. */
export function wordDiff(before: string, after: string): Mark[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  if (a.length * b.length > MAX_DIFF_CELLS) {
    return [
      { op: 'del', text: a.join(' ') },
      { op: 'ins', text: b.join(' ') },
    ];
  }
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const marks: Mark[] = [];
  const push = (op: Mark['op'], word: string) => {
    const last = marks[marks.length - 1];
    if (last?.op === op) last.text += ` ${word}`;
    else marks.push({ op, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) push('del', a[i++]!);
    else push('ins', b[j++]!);
  }
  while (i < a.length) push('del', a[i++]!);
  while (j < b.length) push('ins', b[j++]!);
  return marks;
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

/** What changed between two versions, section by section, and in the cookie declaration. */
export function noticeDiff(from: NoticeVersion, to: NoticeVersion): NoticeDiff {
  const before = new Map(from.document.sections.map((section) => [section.id, section]));
  const after = new Map(to.document.sections.map((section) => [section.id, section]));
  const sections: SectionChange[] = [];
  for (const section of to.document.sections) {
    const old = before.get(section.id);
    if (!old) {
      sections.push({ change: 'added', id: section.id, title: section.title });
      continue;
    }
    const oldText = `${old.title}\n${old.summary}\n${plainText(old.blocks)}`;
    const newText = `${section.title}\n${section.summary}\n${plainText(section.blocks)}`;
    if (oldText !== newText) {
      sections.push({ change: 'changed', id: section.id, title: section.title, marks: wordDiff(oldText, newText) });
    }
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
