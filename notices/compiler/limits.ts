import type { Diagnostics } from './diagnostics.js';

/**
 * Shapes that a notice never needs and that make the Markdown parser's work grow faster than the
 * text: quotes and lists opened inside each other on one line (work grows with the square of the
 * depth) and tables hundreds of columns wide. They are refused before parsing, so a hostile
 * source costs at most a linear scan; the parse that follows sees only bounded shapes.
 */
const NESTED_CONTAINERS = /^[ \t]*(?:(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*){4}/;
/** `* * * *` and `- - - -` are dividing lines, not lists inside lists. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
export const MAX_TABLE_COLUMNS = 32;

/** Reports every line over a limit; true when the source may be parsed. */
export function withinLimits(lines: readonly string[], diagnostics: Diagnostics): boolean {
  const before = diagnostics.errors.length;
  lines.forEach((text, index) => {
    if (NESTED_CONTAINERS.test(text) && !THEMATIC_BREAK.test(text)) {
      diagnostics.error(
        index + 1,
        'quotes and lists nest here four deep: a notice allows one quote or one flat list at a time',
      );
    }
    let bars = 0;
    for (const char of text) if (char === '|') bars++;
    if (bars > MAX_TABLE_COLUMNS + 1) {
      diagnostics.error(
        index + 1,
        `this line has ${bars} "|": a notice table has at most ${MAX_TABLE_COLUMNS} columns; split it into smaller tables`,
      );
    }
  });
  return diagnostics.errors.length === before;
}
