import type { Block, Inline } from '../../contract/notice.js';
import type { Diagnostics, SourceLine } from './diagnostics.js';
import { flatten, parseInline } from './inline.js';

const CAPTION = /^Table:[ \t]*(.*)$/;
const SEPARATOR_CELL = /^:?-+:?$/;

/** Splits `| a | b \| c |` into trimmed cells, honouring `\|` as a literal bar. */
export function splitRow(text: string): string[] {
  let row = text.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i];
    if (char === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * A GFM pipe table: header row, separator row, body rows, optionally preceded by a
 * `Table: caption` line. Every row must have as many cells as the header.
 */
export function parseTable(
  lines: readonly SourceLine[],
  start: number,
  blocks: Block[],
  diagnostics: Diagnostics,
): number {
  let i = start;
  let caption: string | undefined;
  const captionMatch = CAPTION.exec(lines[i]!.text);
  if (captionMatch) {
    const captionLine = lines[i]!.line;
    caption = flatten(captionMatch[1]!.trim(), (message) => diagnostics.error(captionLine, message));
    if (caption === '') diagnostics.error(captionLine, 'a "Table:" line needs a caption after the colon');
    i++;
    if (i >= lines.length || !lines[i]!.text.trimStart().startsWith('|')) {
      diagnostics.error(captionLine, 'a "Table: caption" line must be directly followed by a table');
      return i;
    }
  }
  const rows: SourceLine[] = [];
  while (i < lines.length && lines[i]!.text.trimStart().startsWith('|')) rows.push(lines[i++]!);
  const [header, separator, ...body] = rows;
  if (!header) return i;
  const head = splitRow(header.text).map((cell) => flatten(cell, (message) => diagnostics.error(header.line, message)));
  if (!separator || !splitRow(separator.text).every((cell) => SEPARATOR_CELL.test(cell))) {
    diagnostics.error(header.line, 'a table needs a header row followed by a separator row like | --- | --- |');
    return i;
  }
  const separatorCells = splitRow(separator.text).length;
  if (separatorCells !== head.length) {
    diagnostics.error(separator.line, `table separator row has ${separatorCells} cells; the header has ${head.length}`);
  }
  if (head.some((cell) => cell === '')) diagnostics.error(header.line, 'every table column needs a heading');
  const parsedRows: Inline[][][] = [];
  for (const row of body) {
    const cells = splitRow(row.text);
    if (cells.length !== head.length) {
      diagnostics.error(row.line, `table row has ${cells.length} cells; the header has ${head.length}`);
    }
    parsedRows.push(cells.map((cell) => parseInline(cell, (message) => diagnostics.error(row.line, message))));
  }
  if (parsedRows.length === 0) diagnostics.warn(header.line, 'this table has a header but no rows');
  blocks.push(
    caption === undefined
      ? { type: 'table', head, rows: parsedRows }
      : { type: 'table', caption, head, rows: parsedRows },
  );
  return i;
}
