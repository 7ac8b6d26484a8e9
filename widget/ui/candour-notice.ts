import { css, html, LitElement, nothing } from 'lit';
import type { NoticeSection, NoticeVersion } from '../../contract/notice.js';
import { fetchNotice } from '../core/notices.js';
import { renderBlock } from './notice-blocks.js';
import { tokens } from './styles.js';

/** This chunk is served by the Worker, so its own URL tells where the Worker is. */
const WORKER_ORIGIN = new URL(import.meta.url).origin;

function dateOnly(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/**
 * `<candour-notice site="…">`: the layered privacy notice. Layer 1 (the summary) first; layer 2,
 * the sections with a one-line summary each, opened one at a time; layer 3, the full text of
 * every section on demand. `section` + `compact` gives the two-line just-in-time form for a
 * contact form. Deep links (`#cookies`) open their section.
 */
export class CandourNotice extends LitElement {
  static override properties = {
    site: { type: String },
    section: { type: String },
    compact: { type: Boolean },
    version: { type: Number },
    privacyUrl: { type: String, attribute: 'privacy-url' },
    notice: { state: true },
    error: { state: true },
    open: { state: true },
    audience: { state: true },
    showAll: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        max-width: 48rem;
      }
      h2 {
        font-size: 1.75rem;
        line-height: 1.25;
        margin: 0 0 0.25rem;
      }
      .meta {
        color: var(--_candour-muted);
        margin: 0 0 1rem;
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
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      select {
        font: inherit;
        min-height: 44px;
        padding: 0.25rem 0.5rem;
        border: 2px solid var(--_candour-text);
        max-width: 100%;
      }
      .section {
        border-top: 1px solid var(--_candour-border);
      }
      .section h3.title {
        margin: 0;
        font-size: 1.2rem;
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
      .disclosure::before {
        content: '+';
        width: 1rem;
        flex: none;
      }
      .disclosure[aria-expanded='true']::before {
        content: '−';
      }
      .section-summary {
        margin: 0 0 0.75rem 1.5rem;
        color: var(--_candour-muted);
      }
      .content {
        padding: 0 0 1rem 1.5rem;
        overflow-wrap: anywhere;
      }
      table.stack {
        border-collapse: collapse;
        width: 100%;
        margin: 0.75rem 0;
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
      table.stack th {
        background: var(--_candour-subtle);
      }
      /* Narrow screens: each row becomes a card of label/value pairs, so nothing scrolls sideways. */
      @media (max-width: 40rem) {
        table.stack thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        table.stack tr {
          display: block;
          border: 1px solid var(--_candour-border);
          margin-bottom: 0.75rem;
        }
        table.stack td {
          display: block;
          border: none;
          border-bottom: 1px solid var(--_candour-subtle);
        }
        table.stack td::before {
          content: attr(data-label);
          display: block;
          font-weight: 700;
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
        .toolbar,
        .disclosure::before {
          display: none;
        }
        .content[hidden] {
          display: block !important;
        }
        .disclosure {
          color: #000;
        }
      }
    `,
  ];

  site = '';
  section = '';
  compact = false;
  version: number | null = null;
  privacyUrl = '';
  notice: NoticeVersion | null = null;
  error = '';
  open = new Set<string>();
  audience = '';
  showAll = false;
  #onHashChange = () => this.#openFromHash();
  #settle: () => void = () => undefined;
  /** Settles once the notice has loaded (or failed to). */
  readonly loaded = new Promise<void>((resolve) => (this.#settle = resolve));

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHashChange);
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHashChange);
  }

  async #load(): Promise<void> {
    try {
      this.notice = await fetchNotice(WORKER_ORIGIN, this.site, this.version ?? 'current');
      await this.updateComplete;
      this.#openFromHash();
    } catch {
      this.error = 'The privacy notice could not be loaded. Please try again later.';
    }
    this.#settle();
  }

  /** Opens the section a deep link names (`#cookies`) and brings it into view. */
  openSection(id: string, scroll = true): void {
    if (!this.notice?.document.sections.some((section) => section.id === id)) return;
    this.open = new Set([...this.open, id]);
    if (!scroll) return;
    void this.updateComplete.then(() => {
      const target = this.renderRoot.querySelector<HTMLElement>(`#section-${CSS.escape(id)} .disclosure`);
      target?.scrollIntoView({ block: 'start' });
      target?.focus({ preventScroll: true });
    });
  }

  #openFromHash(): void {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id) this.openSection(id);
    else if (this.section && !this.compact) this.openSection(this.section, false);
  }

  #toggle(id: string): void {
    const open = new Set(this.open);
    if (open.has(id)) open.delete(id);
    else open.add(id);
    this.open = open;
  }

  #visible(section: NoticeSection): boolean {
    return !this.audience || section.audiences.length === 0 || section.audiences.includes(this.audience);
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.notice) return html`<p aria-busy="true">Loading the privacy notice…</p>`;
    return this.compact ? this.#renderCompact(this.notice) : this.#renderFull(this.notice);
  }

  #renderCompact(notice: NoticeVersion) {
    const section = notice.document.sections.find((candidate) => candidate.id === this.section);
    const href = `${this.privacyUrl || `${WORKER_ORIGIN}/v1/sites/${this.site}/notices/${notice.version}`}#${section?.id ?? ''}`;
    return html`<div class="compact" part="compact">
      <p>${section?.summary ?? notice.document.summary[0]}</p>
      <p><a href=${href}>How ${notice.document.organisation} uses your information</a></p>
    </div>`;
  }

  #renderFull(notice: NoticeVersion) {
    const { document: doc } = notice;
    const sections = doc.sections.filter((section) => this.#visible(section));
    return html`<article part="notice" lang=${doc.language} aria-labelledby="notice-title">
      <h2 id="notice-title">${doc.title}</h2>
      <p class="meta">
        ${doc.organisation} · Version ${notice.version}, in effect from ${dateOnly(notice.effectiveAt)}
        ${doc.lastUpdated ? html` · last updated ${dateOnly(doc.lastUpdated)}` : nothing} ·
        <a href="${WORKER_ORIGIN}/v1/sites/${this.site}/notices">Earlier versions</a>
      </p>
      <section class="layer1" aria-labelledby="summary-title">
        <h3 id="summary-title" class="visually-hidden">Summary</h3>
        ${doc.summary.map((paragraph) => html`<p>${paragraph}</p>`)}
      </section>
      <div class="toolbar">
        ${
          doc.audiences.length
            ? html`<label for="audience">Show the parts for</label>
                <select
                  id="audience"
                  @change=${(event: Event) => (this.audience = (event.target as HTMLSelectElement).value)}
                >
                  <option value="">Everyone</option>
                  ${doc.audiences.map((audience) => html`<option value=${audience.id}>${audience.label}</option>`)}
                </select>`
            : nothing
        }
        <button
          class="button"
          type="button"
          aria-pressed=${this.showAll ? 'true' : 'false'}
          @click=${() => (this.showAll = !this.showAll)}
        >
          ${this.showAll ? 'Show sections only' : 'Show the full notice'}
        </button>
      </div>
      ${sections.map((section) => {
        const expanded = this.showAll || this.open.has(section.id);
        return html`<section class="section" id="section-${section.id}">
          <h3 class="title">
            <button
              class="disclosure"
              type="button"
              aria-expanded=${expanded ? 'true' : 'false'}
              aria-controls="content-${section.id}"
              @click=${() => this.#toggle(section.id)}
            >
              ${section.title}
            </button>
          </h3>
          <p class="section-summary">${section.summary}</p>
          <div class="content" id="content-${section.id}" ?hidden=${!expanded}>
            ${section.blocks.map((block) => renderBlock(block, 1))}
          </div>
        </section>`;
      })}
    </article>`;
  }
}

if (!customElements.get('candour-notice')) customElements.define('candour-notice', CandourNotice);

/** `data-candour="notice"` and `candour.showNotice()`: the notice in a modal dialog. */
export async function showNoticeDialog(site: string, _base: string, section?: string): Promise<void> {
  const opener = document.activeElement as HTMLElement | null;
  const dialog = document.createElement('dialog');
  dialog.setAttribute('aria-label', 'Privacy notice');
  dialog.className = 'candour-notice-dialog';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  const notice = document.createElement('candour-notice');
  notice.site = site;
  dialog.append(close, notice);
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  if (section) {
    await notice.loaded;
    notice.openSection(section);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'candour-notice': CandourNotice;
  }
}
