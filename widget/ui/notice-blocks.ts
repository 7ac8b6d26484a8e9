import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { html as staticHtml, literal } from 'lit/static-html.js';
import type { Block, Inline } from '../../contract/notice.js';

/**
 * Schemes that cannot run script. The compiler now writes only https, mailto, tel and #id, but
 * versions published before it may hold http links, and a published version never changes.
 */
const SAFE_LINK = /^(https?:|mailto:|tel:|#[a-z0-9][a-z0-9-]*$)/i;

/** Tag names as static literals: a heading's level is a number we choose, never content. */
const HEADING_TAGS = [literal`h1`, literal`h2`, literal`h3`, literal`h4`, literal`h5`, literal`h6`] as const;

/** `<hN>` for N clamped to 1…6, so a page can place the notice under its own headings. */
export function heading(
  level: number,
  content: unknown,
  options: { id?: string; className?: string; lang?: string } = {},
): TemplateResult {
  const tag = HEADING_TAGS[Math.min(6, Math.max(1, Math.round(level))) - 1]!;
  return staticHtml`<${tag} id=${ifDefined(options.id)} class=${ifDefined(options.className)} lang=${ifDefined(
    options.lang,
  )}>${content}</${tag}>`;
}

/** Notice content as Lit templates: text is always text, never markup. */
export function renderInline(content: readonly Inline[]): TemplateResult[] {
  return content.map((part) => {
    switch (part.type) {
      case 'strong':
        return html`<strong>${part.text}</strong>`;
      case 'em':
        return html`<em>${part.text}</em>`;
      case 'code':
        return html`<code>${part.text}</code>`;
      case 'break':
        return html`<br />`;
      case 'link':
        // The compiler allows only these schemes; checking again costs nothing.
        return SAFE_LINK.test(part.href)
          ? html`<a href=${part.href} rel="noopener noreferrer">${part.text}</a>`
          : html`${part.text}`;
      default:
        return html`${part.text}`;
    }
  });
}

/**
 * One block of a section. `sectionLevel` is the heading level of the section's title: the
 * source's `###` sits one below it and `####` two below.
 */
export function renderBlock(block: Block, sectionLevel = 3): TemplateResult {
  switch (block.type) {
    case 'heading':
      return heading(sectionLevel + block.level - 2, block.text, { id: block.id, className: 'sub' });
    case 'paragraph':
      return html`<p>${renderInline(block.content)}</p>`;
    case 'list': {
      const items = block.items.map((item) => html`<li>${renderInline(item)}</li>`);
      return block.ordered
        ? html`<ol start=${ifDefined(block.start)}>
            ${items}
          </ol>`
        : html`<ul>
            ${items}
          </ul>`;
    }
    case 'table':
      return renderTable(block);
    case 'quote':
      return html`<blockquote>${block.blocks.map((inner) => renderBlock(inner, sectionLevel))}</blockquote>`;
    case 'rule':
      return html`<hr />`;
  }
}

/** A class for an aligned column (not a style attribute, which a strict CSP would block). */
function alignClass(block: Extract<Block, { type: 'table' }>, column: number): string {
  const align = block.align?.[column];
  return align ? `align-${align}` : '';
}

/**
 * A table that becomes a stack of cards in a narrow container: each cell then shows its column's
 * heading before it (`data-label`), so nothing scrolls sideways at 320 px.
 */
function renderTable(block: Extract<Block, { type: 'table' }>): TemplateResult {
  const wide = block.head.length > 3 ? 'wide' : 'narrow';
  return html`<div class="table" part="table">
    <table class="stack ${wide}">
      ${
        block.caption
          ? html`<caption>
              ${block.caption}
            </caption>`
          : nothing
      }
      <thead>
        <tr>
          ${block.head.map((cell, i) => html`<th scope="col" class=${alignClass(block, i)}>${cell}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${block.rows.map(
          (row) =>
            html`<tr>
              ${row.map(
                (cell, i) =>
                  html`<td
                    data-label=${block.head[i] ?? ''}
                    class="${cell.length === 0 ? 'empty' : ''} ${alignClass(block, i)}"
                  >
                    ${renderInline(cell)}
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
