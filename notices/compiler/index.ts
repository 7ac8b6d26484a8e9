/**
 * The notice compiler: an admin's Markdown with YAML front matter in, a validated
 * `NoticeDocument` of plain strings and safe blocks out. Pure TypeScript with no Node imports, so
 * the Worker (workerd), the admin page (browser) and the seed script (Node) all run the same code.
 */
import { CATEGORIES } from '../../contract/categories.js';
import { hashCanonical } from '../../contract/canonical.js';
import type { Block, NoticeDocument } from '../../contract/notice.js';
import { Diagnostics, type CompileError } from './diagnostics.js';
import { parseFrontMatter } from './front-matter.js';
import { inlineText } from './inline.js';
import { parseBody } from './markdown.js';

export type { CompileError } from './diagnostics.js';

export type CompileResult =
  | { ok: true; document: NoticeDocument; hash: string; cookieRevision: string; warnings: CompileError[] }
  | { ok: false; errors: CompileError[] };

/** Layer 1 should be readable in about thirty seconds. */
export const SUMMARY_WORD_LIMIT = 130;

/** The section that "Cookie settings" links and `data-candour-section="cookies"` open. */
export const COOKIES_SECTION_ID = 'cookies';

export function wordCount(text: string | readonly string[]): number {
  const joined = typeof text === 'string' ? text : text.join(' ');
  return joined.split(/\s+/).filter((word) => word !== '').length;
}

/** The words of blocks, one block (or list item, or table row) per line: for diffs and search. */
export function plainText(blocks: readonly Block[]): string {
  return blocks
    .flatMap((block): string[] => {
      switch (block.type) {
        case 'rule':
          return [];
        case 'quote':
          return plainText(block.blocks) === '' ? [] : [plainText(block.blocks)];
        case 'heading':
          return [block.text];
        case 'paragraph':
          return [inlineText(block.content)];
        case 'list':
          return block.items.map((item) => inlineText(item));
        case 'table':
          return [
            ...(block.caption === undefined ? [] : [block.caption]),
            block.head.join(' | '),
            ...block.rows.map((row) => row.map((cell) => inlineText(cell)).join(' | ')),
          ];
      }
    })
    .join('\n');
}

/**
 * What visitors consent to: the categories, services, cookies and purposes. Wording elsewhere in
 * the notice does not change it; a new cookie, service, category or purpose does, and then
 * returning visitors are asked again.
 */
export function cookieRevisionOf(document: NoticeDocument): Promise<string> {
  const used = new Set(['necessary', ...document.services.map((service) => service.category)]);
  return hashCanonical({
    categories: CATEGORIES.filter((category) => used.has(category)),
    services: document.services.map((service) => ({
      id: service.id,
      category: service.category,
      provider: service.provider,
      purpose: service.purpose,
      cookies: service.cookies.map((cookie) => ({
        name: cookie.name,
        provider: cookie.provider,
        purpose: cookie.purpose,
        duration: cookie.duration,
        transfer: cookie.transfer,
      })),
    })),
    purposes: document.facts.purposes,
  });
}

function splitLines(source: string): string[] {
  return source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

export async function compileNotice(source: string, file: string): Promise<CompileResult> {
  const diagnostics = new Diagnostics(file);
  const lines = splitLines(source);
  if (lines[0]?.trimEnd() !== '---') {
    diagnostics.error(
      1,
      'a notice starts with front matter: a line "---", then "site: …" and the other keys, then "---"',
    );
    return { ok: false, errors: diagnostics.errors };
  }
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) {
    diagnostics.error(1, 'the front matter is not closed: end it with a line "---"');
    return { ok: false, errors: diagnostics.errors };
  }
  const { front, audienceIds } = parseFrontMatter(lines.slice(1, close).join('\n'), 2, diagnostics);
  // Front matter blanked, not cut: the Markdown parser then reports the file's own line numbers.
  const body = lines.map((line, index) => (index <= close ? '' : line)).join('\n');
  const sections = parseBody(body, audienceIds, diagnostics);

  if (sections.length === 0) diagnostics.error(close + 1, 'the notice has no sections: start one with ## Title {#id}');
  else if (!sections.some((section) => section.id === COOKIES_SECTION_ID)) {
    diagnostics.warn(close + 1, `no section has the id "${COOKIES_SECTION_ID}": cookie-settings links open #cookies`);
  }
  if (front && wordCount(front.summary) > SUMMARY_WORD_LIMIT) {
    diagnostics.warn(
      Math.max(2, lines.findIndex((line) => /^summary\s*:/.test(line)) + 1),
      `the summary has ${wordCount(front.summary)} words; keep layer 1 to about 120 (at most ${SUMMARY_WORD_LIMIT})`,
    );
  }
  if (!front || diagnostics.errors.length > 0) {
    return { ok: false, errors: [...diagnostics.errors].sort((a, b) => a.line - b.line) };
  }

  const document: NoticeDocument = {
    site: front.site,
    language: front.language,
    title: front.title,
    organisation: front.organisation,
    ...(front.lastUpdated === undefined ? {} : { lastUpdated: front.lastUpdated }),
    summary: front.summary,
    audiences: front.audiences,
    facts: front.facts,
    services: front.services,
    sections,
  };
  const [hash, cookieRevision] = await Promise.all([hashCanonical(document), cookieRevisionOf(document)]);
  return { ok: true, document, hash, cookieRevision, warnings: diagnostics.warnings };
}
