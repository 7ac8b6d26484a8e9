import type { List, Nodes, RootContent, Table } from 'mdast';
import type { Block, Inline, TableAlign } from '../../contract/notice.js';
import { RAW_HTML_MESSAGE } from './diagnostics.js';
import { flatten, FOOTNOTE_MESSAGE, phrasing, REFERENCE_MESSAGE, type InlineContext } from './inline.js';

export const NESTED_LIST_MESSAGE = 'nested lists are not supported: use a #### heading and a list, or one flat list';

/** The source lines, to tell apart constructs mdast gives the same node (fenced or indented code). */
export interface BlockContext extends InlineContext {
  warn(node: Nodes, message: string): void;
  sourceLine(line: number): string;
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

/**
 * One flow node of a section (not a heading: markdown.ts owns those) to safe blocks. Default-deny:
 * every construct is either turned into a block or reported on its line with what to write instead.
 */
export function flowBlock(node: RootContent, context: BlockContext, caption?: string): Block | undefined {
  switch (node.type) {
    case 'paragraph':
      return { type: 'paragraph', content: phrasing(node.children, context) };
    case 'list':
      return list(node, context);
    case 'table':
      return table(node, context, caption);
    case 'thematicBreak':
      return { type: 'rule' };
    case 'blockquote': {
      const blocks: Block[] = [];
      for (const child of node.children) {
        if (child.type === 'paragraph' || child.type === 'list') {
          const block = flowBlock(child, context);
          if (block) blocks.push(block);
        } else {
          context.error(child, 'a quote holds paragraphs and flat lists only: end the quote (a blank line) first');
        }
      }
      return { type: 'quote', blocks };
    }
    case 'code': {
      const fenced = /^\s*(`{3,}|~{3,})/.test(context.sourceLine(lineOf(node)));
      context.error(
        node,
        fenced
          ? 'code blocks are not allowed: a notice is read, not run; write plain text, or `a short code` in backticks'
          : 'a line indented by four spaces is a code block: remove the indentation (list continuation lines take two)',
      );
      return undefined;
    }
    case 'html':
      context.error(node, RAW_HTML_MESSAGE);
      return undefined;
    case 'definition':
      context.error(node, node.identifier.startsWith('^') ? FOOTNOTE_MESSAGE : REFERENCE_MESSAGE);
      return undefined;
    default:
      context.error(node, `${node.type} is not supported in a notice: write paragraphs, lists and tables`);
      return undefined;
  }
}

function list(node: List, context: BlockContext): Block {
  const items: Inline[][] = node.children.map((item) => {
    const [first, ...rest] = item.children;
    for (const child of rest) {
      context.error(
        child,
        child.type === 'list'
          ? NESTED_LIST_MESSAGE
          : 'a list item holds one paragraph: start a new item, or end the list with a blank line and no indent',
      );
    }
    if (first === undefined) return [];
    if (first.type === 'paragraph') return phrasing(first.children, context);
    context.error(first, first.type === 'list' ? NESTED_LIST_MESSAGE : 'a list item holds one paragraph of text');
    return [];
  });
  const start = node.ordered && node.start !== null && node.start !== undefined && node.start !== 1 ? node.start : 1;
  return start === 1
    ? { type: 'list', ordered: node.ordered === true, items }
    : { type: 'list', ordered: true, start, items };
}

function table(node: Table, context: BlockContext, caption: string | undefined): Block {
  const [header, ...body] = node.children;
  const head = (header?.children ?? []).map((cell) => flatten(cell.children, context));
  if (header && head.some((cell) => cell === '')) context.error(header, 'every table column needs a heading');
  const rows = body.map((row) => {
    if (row.children.length !== head.length) {
      context.error(row, `table row has ${row.children.length} cells; the header has ${head.length}`);
    }
    return row.children.map((cell) => phrasing(cell.children, context));
  });
  if (rows.length === 0 && header) context.warn(header, 'this table has a header but no rows');
  const align: TableAlign[] = (node.align ?? []).map((value) => value ?? null);
  return {
    type: 'table',
    ...(caption === undefined ? {} : { caption }),
    head,
    ...(align.some((value) => value !== null) ? { align } : {}),
    rows,
  };
}
