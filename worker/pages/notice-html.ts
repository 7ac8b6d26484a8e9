import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Block, Inline } from '../../contract/notice.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The schemes the notice compiler allows. Checked again here because a stored version is data:
 * one written before the rule, or straight into D1, must not become a `javascript:` link.
 */
const SAFE_LINK = /^(https:|mailto:|tel:|#[a-z0-9][a-z0-9-]*$)/i;

/** Notice content as server HTML: every string goes through `html`, which escapes it. */
export function inlineHtml(content: readonly Inline[]): Html[] {
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
        return SAFE_LINK.test(part.href) ? html`<a href="${part.href}">${part.text}</a>` : html`${part.text}`;
      default:
        return html`${part.text}`;
    }
  });
}

/** A section's sub-headings sit under its `<h2>`: the source's `###` is `<h3>`, `####` is `<h4>`. */
export function blockHtml(block: Block): Html {
  switch (block.type) {
    case 'heading':
      return block.level === 3
        ? html`<h3 id="${block.id}">${block.text}</h3>`
        : html`<h4 id="${block.id}">${block.text}</h4>`;
    case 'paragraph':
      return html`<p>${inlineHtml(block.content)}</p>`;
    case 'list': {
      const items = block.items.map((item) => html`<li>${inlineHtml(item)}</li>`);
      if (!block.ordered)
        return html`<ul>
          ${items}
        </ul>`;
      return block.start === undefined
        ? html`<ol>
            ${items}
          </ol>`
        : html`<ol start="${block.start}">
            ${items}
          </ol>`;
    }
    case 'table':
      return tableHtml(block);
    case 'quote':
      return html`<blockquote>${block.blocks.map(blockHtml)}</blockquote>`;
    case 'rule':
      return html`<hr />`;
  }
}

/** A class, not a style attribute: the page's CSP allows no inline style. */
function alignClass(block: Extract<Block, { type: 'table' }>, column: number): string {
  const align = block.align?.[column];
  return align === 'left' || align === 'center' || align === 'right' ? `align-${align}` : '';
}

/**
 * Rows become labelled cards at narrow widths (pages.css reads `data-label`), so a six-column
 * table never scrolls sideways at 320 px.
 */
function tableHtml(block: Extract<Block, { type: 'table' }>): Html {
  const wide = block.head.length > 3 ? 'wide' : 'narrow';
  return html`<div class="table">
    <table class="stack ${wide}">
      ${
        block.caption
          ? html`<caption>
              ${block.caption}
            </caption>`
          : ''
      }
      <thead>
        <tr>
          ${block.head.map((cell, i) => html`<th scope="col" class="${alignClass(block, i)}">${cell}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${block.rows.map(
          (row) =>
            html`<tr>
              ${row.map(
                (cell, i) =>
                  html`<td
                    data-label="${block.head[i] ?? ''}"
                    class="${cell.length === 0 ? 'empty' : ''} ${alignClass(block, i)}"
                  >
                    ${inlineHtml(cell)}
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
