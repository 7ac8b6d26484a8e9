import { html, nothing, type TemplateResult } from 'lit';
import type { Block, Inline } from '../../contract/notice.js';

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/** Notice content as Lit templates: text is always text, never markup. */
export function renderInline(content: readonly Inline[]): TemplateResult[] {
  return content.map((part) => {
    switch (part.type) {
      case 'strong':
        return html`<strong>${part.text}</strong>`;
      case 'em':
        return html`<em>${part.text}</em>`;
      case 'link':
        // The compiler allows only these schemes; checking again costs nothing.
        return SAFE_LINK.test(part.href)
          ? html`<a href=${part.href} rel="noopener">${part.text}</a>`
          : html`${part.text}`;
      default:
        return html`${part.text}`;
    }
  });
}

export function renderBlock(block: Block, headingOffset = 0): TemplateResult {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, block.level + headingOffset);
      return level <= 3
        ? html`<h3 id=${block.id}>${block.text}</h3>`
        : level === 4
          ? html`<h4 id=${block.id}>${block.text}</h4>`
          : html`<h5 id=${block.id}>${block.text}</h5>`;
    }
    case 'paragraph':
      return html`<p>${renderInline(block.content)}</p>`;
    case 'list':
      return block.ordered
        ? html`<ol>
            ${block.items.map((item) => html`<li>${renderInline(item)}</li>`)}
          </ol>`
        : html`<ul>
            ${block.items.map((item) => html`<li>${renderInline(item)}</li>`)}
          </ul>`;
    case 'table':
      return html`<table class="stack">
        ${
          block.caption
            ? html`<caption>
                ${block.caption}
              </caption>`
            : nothing
        }
        <thead>
          <tr>
            ${block.head.map((cell) => html`<th scope="col">${cell}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${block.rows.map(
            (row) =>
              html`<tr>
                ${row.map((cell, i) => html`<td data-label=${block.head[i] ?? ''}>${renderInline(cell)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}
