import { isMap, parseDocument } from 'yaml';

/**
 * The notice editor's forms and its source view are one document. `toFormModel` reads a source
 * into what the forms edit: the front matter as plain data, and the body as sections, each with
 * its heading, summary, audience and Markdown text. `toSource` writes it back, replacing only the
 * front-matter keys whose value changed (comments and layout of the others stay) and writing the
 * sections out line for line. So switching from source to forms and back loses nothing, and a
 * source written once by `toSource` comes back the same from every later round trip.
 */
export interface SectionModel {
  title: string;
  /** The `{#id}` written on the heading; empty when the compiler is left to make one. */
  id: string;
  summary: string;
  audience: string;
  /** The section's Markdown after its Summary: and Audience: lines, blank lines included. */
  body: string;
}

export type FrontData = Record<string, unknown>;

export interface NoticeFormModel {
  front: FrontData;
  /** Body text before the first section (normally nothing); null when there is none at all. */
  preamble: string | null;
  sections: SectionModel[];
  /** The front matter as it was read, so unchanged keys are written back as they were. */
  frontText: string;
}

export type FormModelResult = { ok: true; model: NoticeFormModel } | { ok: false; line: number; message: string };

const HEADING = /^##[ \t]+(.*?)[ \t]*$/;
const EXPLICIT_ID = /^(.*?)[ \t]*\{#([^}]*)\}$/;
const SUMMARY = /^Summary:[ \t]*/i;
const AUDIENCE = /^Audiences?:[ \t]*/i;

function splitSource(source: string): { front: string[]; body: string[] } | { line: number; message: string } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines[0]?.trimEnd() !== '---') return { line: 1, message: 'the source does not start with a line "---"' };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) return { line: 1, message: 'the front matter is not closed with a line "---"' };
  return { front: lines.slice(1, close), body: lines.slice(close + 1) };
}

function readSection(lines: string[]): SectionModel {
  const heading = HEADING.exec(lines[0] ?? '')?.[1] ?? '';
  const explicit = EXPLICIT_ID.exec(heading);
  let next = 1;
  let summary = '';
  let audience = '';
  if (SUMMARY.test(lines[next] ?? '')) summary = lines[next++]!.replace(SUMMARY, '').trimEnd();
  if (AUDIENCE.test(lines[next] ?? '')) audience = lines[next++]!.replace(AUDIENCE, '').trimEnd();
  return {
    title: explicit ? explicit[1]! : heading,
    id: explicit ? explicit[2]! : '',
    summary,
    audience,
    body: lines.slice(next).join('\n'),
  };
}

/** The forms' view of a source, or where the source must be fixed before the forms can show it. */
export function toFormModel(source: string): FormModelResult {
  const parts = splitSource(source);
  if ('message' in parts) return { ok: false, ...parts };
  const frontText = parts.front.join('\n');
  const document = parseDocument(frontText, { uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const line = frontText.slice(0, error.pos[0]).split('\n').length + 1;
    return { ok: false, line, message: `front matter: ${error.message.split('\n')[0]}` };
  }
  if (!isMap(document.contents)) return { ok: false, line: 2, message: 'the front matter is not a list of keys' };
  const front = document.toJS() as FrontData;

  const starts = parts.body.flatMap((line, index) => (HEADING.test(line) ? [index] : []));
  const sections = starts.map((start, index) => readSection(parts.body.slice(start, starts[index + 1])));
  const first = starts[0] ?? parts.body.length;
  const preamble = first > 0 ? parts.body.slice(0, first).join('\n') : null;
  return { ok: true, model: { front, preamble, sections, frontText } };
}

function sectionText(section: SectionModel): string {
  const id = section.id.trim();
  const lines = [`## ${section.title.trim()}${id ? ` {#${id}}` : ''}`];
  if (section.summary.trim()) lines.push(`Summary: ${section.summary.trim()}`);
  if (section.audience.trim()) lines.push(`Audience: ${section.audience.trim()}`);
  return [...lines, section.body].join('\n');
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The source the model stands for. */
export function toSource(model: NoticeFormModel): string {
  const document = parseDocument(model.frontText, { uniqueKeys: true });
  const before = document.toJS() as FrontData;
  for (const key of Object.keys(before)) if (!(key in model.front)) document.delete(key);
  for (const [key, value] of Object.entries(model.front)) {
    if (value === undefined) document.delete(key);
    else if (!sameValue(before[key], value)) document.set(key, document.createNode(value));
  }
  const front = document.toString({ lineWidth: 0 }).trimEnd();
  const body = [...(model.preamble === null ? [] : [model.preamble]), ...model.sections.map(sectionText)];
  return `---\n${front}\n---\n${body.join('\n')}`;
}

/** The model after a change to one front-matter value; `undefined` or '' removes an optional key. */
export function withFront(model: NoticeFormModel, path: readonly (string | number)[], value: unknown): NoticeFormModel {
  const front = structuredClone(model.front);
  let parent: Record<string | number, unknown> = front;
  path.slice(0, -1).forEach((key, index) => {
    const next = parent[key];
    if (next === null || typeof next !== 'object') parent[key] = typeof path[index + 1] === 'number' ? [] : {};
    parent = parent[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined || value === '') {
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = '';
    else delete parent[last];
  } else {
    parent[last] = value;
  }
  return { ...model, front };
}
