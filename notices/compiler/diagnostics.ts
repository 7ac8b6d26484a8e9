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
    Diagnostics.#add(this.errors, { file: this.file, line, message });
  }

  warn(line: number, message: string): void {
    Diagnostics.#add(this.warnings, { file: this.file, line, message });
  }

  /** One line is told each problem once: `<em>x</em>` is two HTML nodes but one thing to fix. */
  static #add(list: CompileError[], problem: CompileError): void {
    if (!list.some((known) => known.line === problem.line && known.message === problem.message)) list.push(problem);
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
