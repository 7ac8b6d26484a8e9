/** One problem in a notice source, with the 1-based line an admin should look at. */
export interface CompileError {
  file: string;
  line: number;
  message: string;
}

/** Collects errors and warnings for one source file, in the order they were found. */
export class Diagnostics {
  readonly errors: CompileError[] = [];
  readonly warnings: CompileError[] = [];

  constructor(readonly file: string) {}

  error(line: number, message: string): void {
    this.errors.push({ file: this.file, line, message });
  }

  warn(line: number, message: string): void {
    this.warnings.push({ file: this.file, line, message });
  }
}

/**
 * `<` followed by a letter, `/`, `!` or `?` starts an HTML tag, comment or declaration.
 * A `<` followed by a space or a digit ("under < 5", "<18") stays ordinary text.
 */
const RAW_HTML = /<[A-Za-z/!?]/;

export function containsRawHtml(text: string): boolean {
  return RAW_HTML.test(text);
}

export const RAW_HTML_MESSAGE = 'raw HTML is not allowed: write plain text, Markdown or [text](https://link)';
