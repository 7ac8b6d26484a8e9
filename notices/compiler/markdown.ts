import type { Heading, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { NoticeSection } from '../../contract/notice.js';
import { flowBlock, type BlockContext } from './blocks.js';
import type { Diagnostics } from './diagnostics.js';
import { ANCHOR_PATTERN, flatten } from './inline.js';
import { withinLimits } from './limits.js';

export { ANCHOR_PATTERN } from './inline.js';

const EXPLICIT_ID = /^(.*?)[ \t]*\{#([^}]*)\}$/;
const SUMMARY = /^Summary:[ \t]*/i;
const AUDIENCE = /^Audiences?:[ \t]*/i;
const CAPTION = /^Table:[ \t]*/;

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

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

/** One source line of a paragraph: the Summary:, Audience: and Table: lines are read line by line. */
interface ParagraphLine {
  line: number;
  nodes: PhrasingContent[];
}

function paragraphLines(paragraph: Paragraph): ParagraphLine[] {
  let current: ParagraphLine = { line: lineOf(paragraph), nodes: [] };
  const lines = [current];
  for (const node of paragraph.children) {
    if (node.type === 'break') {
      current = { line: node.position?.end.line ?? current.line + 1, nodes: [] };
      lines.push(current);
    } else if (node.type === 'text') {
      node.value.split(/\r?\n/).forEach((value, index) => {
        const line = lineOf(node) + index;
        if (index > 0) {
          current = { line, nodes: [] };
          lines.push(current);
        }
        const at = { line, column: 1 };
        if (value !== '') current.nodes.push({ type: 'text', value, position: { start: at, end: at } });
      });
    } else {
      current.nodes.push(node);
    }
  }
  return lines.filter((line) => line.nodes.length > 0);
}

/** The line's words after a `Label:` prefix, or undefined when it does not start with the label. */
function afterLabel(line: ParagraphLine | undefined, label: RegExp): PhrasingContent[] | undefined {
  const [first, ...rest] = line?.nodes ?? [];
  if (first?.type !== 'text' || !label.test(first.value)) return undefined;
  return [{ ...first, value: first.value.replace(label, '') }, ...rest];
}

function joinLines(lines: readonly ParagraphLine[]): Paragraph {
  const soft: PhrasingContent = { type: 'text', value: '\n' };
  return {
    type: 'paragraph',
    children: lines.flatMap((line, index): PhrasingContent[] => (index === 0 ? line.nodes : [soft, ...line.nodes])),
  };
}

/**
 * Parses the Markdown body into sections of safe blocks, reporting every problem with its line.
 * `source` is the whole file with its front matter blanked out, so mdast's line numbers are the
 * file's own.
 */
export function parseBody(
  source: string,
  audienceIds: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): NoticeSection[] {
  const sourceLines = source.split(/\r\n|\r|\n/);
  if (!withinLimits(sourceLines, diagnostics)) return [];
  const tree = fromMarkdown(source, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
  const context: BlockContext = {
    error: (node, message) => diagnostics.error(lineOf(node), message),
    warn: (node, message) => diagnostics.warn(lineOf(node), message),
    sourceLine: (line) => sourceLines[line - 1] ?? '',
    anchorLinks: [],
  };
  const sections: NoticeSection[] = [];
  const sectionLines = new Map<string, number>();
  const usedIds = new Set<string>();
  let current: NoticeSection | undefined;
  let reportedStray = false;

  const headingParts = (node: Heading): { title: string; id?: string } => {
    if (!/^[ \t]*#/.test(context.sourceLine(lineOf(node)))) {
      context.error(
        node,
        'underlined headings (text over a line of === or ---) are not allowed: write ## Title {#id}; ' +
          'for a dividing line, leave a blank line before the ---',
      );
    }
    const raw = flatten(node.children, context);
    const explicit = EXPLICIT_ID.exec(raw);
    const title = (explicit ? explicit[1]! : raw).trim();
    if (title === '') context.error(node, 'a heading needs text');
    if (!explicit) return { title };
    const id = explicit[2]!.trim();
    if (!ANCHOR_PATTERN.test(id))
      context.error(node, `heading id "${id}" must be lowercase letters, digits and hyphens`);
    return { title, id };
  };

  const children: readonly RootContent[] = tree.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type === 'heading' && node.depth === 2) {
      const line = lineOf(node);
      const { title, id } = headingParts(node);
      const sectionId = id ?? slugify(title);
      if (id === undefined) context.error(node, `section "${title}" needs an id: write ## ${title} {#${sectionId}}`);
      const first = sectionLines.get(sectionId);
      if (first !== undefined) context.error(node, `duplicate section id "${sectionId}" (first used on line ${first})`);
      else sectionLines.set(sectionId, line);
      usedIds.add(sectionId);
      current = { id: sectionId, title, summary: '', audiences: [], blocks: [] };
      sections.push(current);
      const next = children[i + 1];
      const lines = next?.type === 'paragraph' ? paragraphLines(next) : [];
      const summary = afterLabel(lines[0], SUMMARY);
      const summaryText = summary ? flatten(summary, context) : '';
      if (summaryText === '') {
        context.error(node, `section "${sectionId}" needs a "Summary: one line" directly after its heading`);
        continue;
      }
      i++;
      current.summary = summaryText;
      if (current.summary.split(/\s+/).length > 40) {
        diagnostics.warn(lines[0]!.line, 'a section summary should be one short line (40 words at most)');
      }
      const audience = afterLabel(lines[1], AUDIENCE);
      if (audience)
        current.audiences = parseAudiences(flatten(audience, context), lines[1]!.line, audienceIds, diagnostics);
      const rest = lines.slice(audience ? 2 : 1);
      if (rest.length > 0) current.blocks.push(flowBlock(joinLines(rest), context)!);
      continue;
    }
    if (!current) {
      if (!reportedStray) context.error(node, 'text before the first section: start each section with ## Title {#id}');
      reportedStray = true;
      continue;
    }
    if (node.type === 'heading') {
      if (node.depth !== 3 && node.depth !== 4) {
        context.error(
          node,
          `a level-${node.depth} heading is not allowed: use ## for sections, ### and #### inside them`,
        );
        continue;
      }
      const { title, id } = headingParts(node);
      let anchor = id ?? `${current.id}-${slugify(title)}`;
      if (usedIds.has(anchor)) {
        if (id !== undefined) context.error(node, `duplicate heading id "${anchor}"`);
        let n = 2;
        while (usedIds.has(`${anchor}-${n}`)) n++;
        anchor = `${anchor}-${n}`;
      }
      usedIds.add(anchor);
      current.blocks.push({ type: 'heading', level: node.depth, text: title, id: anchor });
      continue;
    }
    if (node.type === 'paragraph') {
      const lines = paragraphLines(node);
      const caption = afterLabel(lines[0], CAPTION);
      const next = children[i + 1];
      if (caption) {
        const text = flatten(caption, context);
        if (text === '') context.error(node, 'a "Table:" line needs a caption after the colon');
        if (lines.length === 1 && next?.type === 'table' && lineOf(next) === lines[0]!.line + 1) {
          current.blocks.push(flowBlock(next, context, text)!);
          i++;
        } else {
          context.error(
            node,
            tableProblem(lines.slice(1)) ?? 'a "Table: caption" line must be directly followed by a table',
          );
        }
        continue;
      }
      const label = afterLabel(lines[0], SUMMARY) ? 'Summary' : afterLabel(lines[0], AUDIENCE) ? 'Audience' : undefined;
      if (label) {
        context.error(node, `"${label}:" belongs on the line right after the section heading`);
        continue;
      }
      const problem = tableProblem(lines);
      if (problem) {
        context.error(node, problem);
        continue;
      }
    }
    const block = flowBlock(node, context);
    if (block) current.blocks.push(block);
  }
  for (const { id, node } of context.anchorLinks) {
    if (!usedIds.has(id)) context.error(node, `link "#${id}" names no section or heading in this notice`);
  }
  return sections;
}

/** Lines that start with `|` but did not parse as a table: almost always a bad separator row. */
function tableProblem(lines: readonly ParagraphLine[]): string | undefined {
  const [first] = lines;
  if (first?.nodes[0]?.type !== 'text' || !first.nodes[0].value.trimStart().startsWith('|')) return undefined;
  return 'a table needs a header row followed by a separator row like | --- | --- |, with as many cells as the header';
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
