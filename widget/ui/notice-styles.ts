import { css, type CSSResult } from 'lit';

/** A table's rows as cards, each cell labelled with its column's heading. */
function cards(table: CSSResult): CSSResult {
  return css`
    ${table}, ${table} caption, ${table} tbody, ${table} tr, ${table} td {
      display: block;
    }
    ${table} thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    ${table} tr {
      border: 1px solid var(--_candour-border);
      border-radius: var(--_candour-radius);
      margin-bottom: 0.75rem;
      padding: 0.25rem 0;
    }
    ${table} td {
      border: none;
      padding: 0.3rem 0.75rem;
    }
    ${table} td + td {
      border-top: 1px solid var(--_candour-subtle);
    }
    ${table} td::before {
      content: attr(data-label);
      display: block;
      font-weight: 700;
      font-size: 0.85rem;
      color: var(--_candour-muted);
    }
    ${table} td.empty {
      display: none;
    }
  `;
}

/** The look of `<candour-notice>`, beside the shared tokens of styles.ts. */
export const noticeStyles = css`
  :host {
    display: block;
    max-width: 64rem;
    overflow-wrap: break-word;
  }
  /* Lines of text stay short enough to read; tables may use the whole width. */
  .meta,
  .layer1,
  .toolbar,
  .panel,
  .section-summary,
  .content > p,
  .content > ul,
  .content > ol,
  .compact {
    max-width: 46rem;
  }
  :host([hidden]) {
    display: none;
  }
  .frame {
    /* Tables stack by the width the notice has, not the window's: it may sit in a sidebar or dialog. */
    container-type: inline-size;
  }
  h1.title,
  h2.title,
  h3.title {
    font-size: 1.75rem;
    line-height: 1.25;
    margin: 0 0 0.25rem;
  }
  .meta {
    color: var(--_candour-muted);
    margin: 0 0 1rem;
  }
  .meta .link-button {
    color: var(--_candour-link);
    min-height: 24px;
  }
  .layer1 {
    background: var(--_candour-subtle);
    border-left: 5px solid var(--_candour-accent);
    padding: 0.75rem 1rem;
    margin-bottom: 1.5rem;
  }
  .layer1 p {
    margin: 0 0 0.5rem;
  }
  .layer1 p:last-child {
    margin-bottom: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
    margin-bottom: 1rem;
  }
  .toolbar .button {
    max-width: 100%;
  }
  select {
    font: inherit;
    min-height: 44px;
    padding: 0.25rem 0.5rem;
    border: 2px solid var(--_candour-text);
    border-radius: 0;
    background: var(--_candour-surface);
    color: var(--_candour-text);
    max-width: 100%;
  }
  .panel {
    border: 2px solid var(--_candour-border);
    border-radius: var(--_candour-radius);
    padding: 0.75rem 1rem;
    margin: 0 0 1.5rem;
  }
  .panel > :first-child {
    margin-top: 0;
  }
  .panel > :last-child {
    margin-bottom: 0;
  }
  .panel .panel-title {
    font-size: 1.15rem;
    line-height: 1.35;
    margin: 0.75rem 0 0.5rem;
  }
  .versions ul {
    list-style: none;
    padding: 0;
    margin: 0.5rem 0 0;
  }
  .versions li {
    margin: 0.25rem 0;
  }
  .earlier {
    border-color: var(--_candour-accent);
    border-left-width: 8px;
  }
  .earlier .button {
    margin-top: 0.5rem;
  }
  .changes ul {
    padding-left: 1.25rem;
  }
  .marks {
    margin: 0.25rem 0 0.75rem;
    font-size: 0.95rem;
  }
  ins {
    background: #d6f0dc;
    color: #0b0c0c;
    text-decoration: underline;
    text-decoration-thickness: 2px;
  }
  del {
    background: #fbe1dd;
    color: #0b0c0c;
  }
  .section {
    border-top: 1px solid var(--_candour-border);
  }
  .section .title {
    margin: 0;
    font-size: 1.2rem;
    line-height: 1.35;
  }
  .disclosure {
    font: inherit;
    font-weight: 700;
    display: flex;
    width: 100%;
    gap: 0.5rem;
    align-items: baseline;
    text-align: left;
    background: none;
    border: none;
    color: var(--_candour-link);
    padding: 0.75rem 0 0.25rem;
    min-height: 44px;
    cursor: pointer;
  }
  /* A deep link leaves a little room above what it brings into view. */
  .disclosure,
  .content .sub {
    scroll-margin-top: 1rem;
  }
  .disclosure::before {
    content: '+';
    width: 1rem;
    flex: none;
  }
  .disclosure[aria-expanded='true']::before {
    content: '−';
  }
  .disclosure:hover span {
    text-decoration: underline;
  }
  .section-summary {
    margin: 0 0 0.75rem 1.5rem;
    color: var(--_candour-muted);
  }
  .content {
    padding: 0 0 1rem 1.5rem;
  }
  .content .sub {
    font-size: 1.05rem;
    margin: 1.25rem 0 0.5rem;
  }
  .content h5.sub,
  .content h6.sub {
    font-size: 1rem;
  }
  .content ul,
  .content ol {
    padding-left: 1.25rem;
  }
  .content li {
    margin: 0.25rem 0;
  }
  .table {
    margin: 0.75rem 0;
  }
  table.stack {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.95rem;
  }
  table.stack caption {
    text-align: left;
    font-weight: 700;
    padding-bottom: 0.25rem;
  }
  table.stack th,
  table.stack td {
    text-align: left;
    vertical-align: top;
    border: 1px solid var(--_candour-border);
    padding: 0.4rem 0.5rem;
  }
  table.stack .align-center {
    text-align: center;
  }
  table.stack .align-right {
    text-align: right;
  }
  blockquote {
    margin: 0.75rem 0;
    padding-left: 0.75rem;
    border-left: 4px solid var(--_candour-border);
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
  }
  /* Addresses break anywhere; words do not, so columns never squeeze them letter by letter. */
  table.stack a {
    overflow-wrap: anywhere;
  }
  table.stack th {
    background: var(--_candour-subtle);
  }
  /*
   * Narrow: each row becomes a card of label/value pairs, so nothing scrolls sideways. Tables of
   * many columns become cards sooner, while their columns would still be too thin to read.
   */
  @container (max-width: 36rem) {
    ${cards(css`table.stack`)}
  }
  @container (max-width: 47rem) {
    ${cards(css`table.stack.wide`)}
  }
  /* At phone widths the indent under each section's title costs more than it gives. */
  @container (max-width: 30rem) {
    .section-summary {
      margin-left: 0;
    }
    .content {
      padding-left: 0;
    }
  }
  .compact {
    font-size: 0.95rem;
    color: var(--_candour-muted);
    margin: 0.5rem 0;
  }
  .compact p {
    margin: 0;
  }
  .error {
    border-left: 5px solid #d4351c;
    padding: 0.5rem 1rem;
  }
  @media print {
    :host {
      max-width: none;
      color: #000;
    }
    .toolbar,
    .versions,
    .versions-toggle,
    .disclosure::before {
      display: none;
    }
    .content[hidden] {
      display: block !important;
    }
    .disclosure {
      color: #000;
      padding-top: 0.5rem;
    }
    .section {
      break-inside: auto;
    }
    .section .title,
    .content .sub {
      break-after: avoid;
    }
    table.stack tr {
      break-inside: avoid;
    }
    .content a[href^='http']::after {
      content: ' (' attr(href) ')';
      font-size: 0.85em;
    }
  }
`;
