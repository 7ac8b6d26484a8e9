import type { Block, NoticeSection } from '../../contract/notice.js';
import { containsRawHtml, RAW_HTML_MESSAGE, type Diagnostics, type SourceLine } from './diagnostics.js';
import { flatten, parseInline } from './inline.js';
import { parseTable } from './table.js';

export const ANCHOR_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const EXPLICIT_ID = /^(.*?)[ \t]*\{#([^}]*)\}$/;
const BULLET = /^ {0,1}[-*][ \t]+(.*)$/;
const ORDERED = /^ {0,1}\d{1,9}[.)][ \t]+(.*)$/;
const NESTED_ITEM = /^(?: {2,}|\t)(?:[-*]|\d{1,9}[.)])[ \t]+/;
const CONTINUATION = /^(?: {2,}|\t)\S/;
const SUMMARY = /^Summary:[ \t]*(.*)$/i;
const AUDIENCE = /^Audiences?:[ \t]*(.*)$/i;
const CAPTION = /^Table:[ \t]*(.*)$/;

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'section' : slug;
}

function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** Parses the Markdown body into sections of safe blocks, reporting every problem with its line. */
export function parseBody(
  lines: readonly SourceLine[],
  audienceIds: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): NoticeSection[] {
  for (const { text, line } of lines) {
    if (containsRawHtml(text)) diagnostics.error(line, RAW_HTML_MESSAGE);
  }
  const sections: NoticeSection[] = [];
  const sectionLines = new Map<string, number>();
  const usedIds = new Set<string>();
  let current: NoticeSection | undefined;
  let reportedStray = false;
  let i = 0;
  const at = (index: number) => lines[index]!;
  const nextContent = (from: number) => {
    let index = from;
    while (index < lines.length && isBlank(lines[index]?.text)) index++;
    return index;
  };

  while (i < lines.length) {
    const { text, line } = at(i);
    if (isBlank(text)) {
      i++;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading?.[1]?.length === 2) {
      const { title, id } = headingParts(heading[2] ?? '', line, diagnostics);
      const sectionId = id ?? slugify(title);
      if (id === undefined)
        diagnostics.error(line, `section "${title}" needs an id: write ## ${title} {#${sectionId}}`);
      const first = sectionLines.get(sectionId);
      if (first !== undefined)
        diagnostics.error(line, `duplicate section id "${sectionId}" (first used on line ${first})`);
      else sectionLines.set(sectionId, line);
      usedIds.add(sectionId);
      current = { id: sectionId, title, summary: '', audiences: [], blocks: [] };
      sections.push(current);
      i = nextContent(i + 1);
      const summary = i < lines.length ? SUMMARY.exec(at(i).text.trim()) : null;
      if (!summary || summary[1]?.trim() === '') {
        diagnostics.error(line, `section "${sectionId}" needs a "Summary: one line" directly after its heading`);
        continue;
      }
      current.summary = flatten(summary[1]!.trim(), (message) => diagnostics.error(at(i).line, message));
      if (current.summary.split(/\s+/).length > 40) {
        diagnostics.warn(at(i).line, 'a section summary should be one short line (40 words at most)');
      }
      i = nextContent(i + 1);
      const audience = i < lines.length ? AUDIENCE.exec(at(i).text.trim()) : null;
      if (audience) {
        current.audiences = parseAudiences(audience[1] ?? '', at(i).line, audienceIds, diagnostics);
        i++;
      }
      continue;
    }
    if (!current) {
      if (!reportedStray)
        diagnostics.error(line, 'text before the first section: start each section with ## Title {#id}');
      reportedStray = true;
      i++;
      continue;
    }
    i = parseBlock(lines, i, current, usedIds, diagnostics);
  }
  return sections;
}

function headingParts(raw: string, line: number, diagnostics: Diagnostics): { title: string; id?: string } {
  const explicit = EXPLICIT_ID.exec(raw);
  const title = flatten((explicit ? explicit[1] : raw)?.trim() ?? '', (message) => diagnostics.error(line, message));
  if (title === '') diagnostics.error(line, 'a heading needs text');
  if (!explicit) return { title };
  const id = explicit[2]?.trim() ?? '';
  if (!ANCHOR_PATTERN.test(id)) {
    diagnostics.error(line, `heading id "${id}" must be lowercase letters, digits and hyphens`);
  }
  return { title, id };
}

function parseAudiences(
  raw: string,
  line: number,
  known: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): string[] {
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) diagnostics.error(line, 'an Audience: line lists at least one audience id');
  for (const id of ids) {
    if (known && !known.has(id)) {
      const choices =
        known.size > 0 ? `; declared: ${[...known].join(', ')}` : '; declare audiences in the front matter';
      diagnostics.error(line, `unknown audience "${id}"${choices}`);
    }
  }
  return [...new Set(ids)];
}

/** Parses one block starting at `start` into `section`; returns the index after it. */
function parseBlock(
  lines: readonly SourceLine[],
  start: number,
  section: NoticeSection,
  usedIds: Set<string>,
  diagnostics: Diagnostics,
): number {
  const { text, line } = lines[start]!;
  const inline = (source: string, at: number) => parseInline(source, (message) => diagnostics.error(at, message));
  const heading = HEADING.exec(text);
  if (heading) {
    const level = heading[1]!.length;
    if (level !== 3 && level !== 4) {
      diagnostics.error(line, `a level-${level} heading is not allowed: use ## for sections, ### and #### inside them`);
      return start + 1;
    }
    const { title, id } = headingParts(heading[2] ?? '', line, diagnostics);
    let anchor = id ?? `${section.id}-${slugify(title)}`;
    if (usedIds.has(anchor)) {
      if (id !== undefined) diagnostics.error(line, `duplicate heading id "${anchor}"`);
      let n = 2;
      while (usedIds.has(`${anchor}-${n}`)) n++;
      anchor = `${anchor}-${n}`;
    }
    usedIds.add(anchor);
    section.blocks.push({ type: 'heading', level: level as 3 | 4, text: title, id: anchor });
    return start + 1;
  }
  if (SUMMARY.test(text.trim()) || AUDIENCE.test(text.trim())) {
    diagnostics.error(line, `"${text.trim().split(':')[0]}:" belongs on the line right after the section heading`);
    return start + 1;
  }
  const caption = CAPTION.exec(text);
  if (caption || text.trimStart().startsWith('|')) {
    return parseTable(lines, start, section.blocks, diagnostics);
  }
  if (NESTED_ITEM.test(text)) {
    diagnostics.error(line, 'nested lists are not supported: use a #### heading and a list, or one flat list');
    return start + 1;
  }
  const bullet = BULLET.test(text);
  if (bullet || ORDERED.test(text)) return parseList(lines, start, bullet, section.blocks, diagnostics);

  const words: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const current = lines[i]!.text;
    if (i > start && startsBlock(current)) break;
    if (isBlank(current)) break;
    words.push(current.trim());
  }
  section.blocks.push({ type: 'paragraph', content: inline(words.join(' '), line) });
  return i;
}

function startsBlock(text: string): boolean {
  return (
    HEADING.test(text) ||
    BULLET.test(text) ||
    ORDERED.test(text) ||
    NESTED_ITEM.test(text) ||
    CAPTION.test(text) ||
    text.trimStart().startsWith('|')
  );
}

function parseList(
  lines: readonly SourceLine[],
  start: number,
  bullet: boolean,
  blocks: Block[],
  diagnostics: Diagnostics,
): number {
  const marker = bullet ? BULLET : ORDERED;
  const items: { text: string; line: number }[] = [];
  let i = start;
  while (i < lines.length) {
    const { text, line } = lines[i]!;
    const item = marker.exec(text);
    if (item) {
      items.push({ text: item[1]!.trim(), line });
      i++;
      continue;
    }
    const last = items[items.length - 1];
    if (last && CONTINUATION.test(text) && !NESTED_ITEM.test(text)) {
      last.text += ` ${text.trim()}`;
      i++;
      continue;
    }
    if (isBlank(text)) {
      let next = i;
      while (next < lines.length && isBlank(lines[next]!.text)) next++;
      if (next < lines.length && marker.test(lines[next]!.text)) {
        i = next;
        continue;
      }
    }
    break;
  }
  blocks.push({
    type: 'list',
    ordered: !bullet,
    items: items.map((item) => parseInline(item.text, (message) => diagnostics.error(item.line, message))),
  });
  return i;
}
