// Before Lit itself: lets an element whose markup the server rendered (declarative shadow DOM,
// see widget/notice-markup.ts) take that markup over instead of drawing it again.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { html, LitElement, nothing, type PropertyValues, unsafeCSS } from 'lit';
import type { NoticeDiff, NoticeSection, NoticeVersion } from '../../contract/notice.js';
import { fetchSiteConfig } from '../core/config.js';
import { fetchNotice, fetchNoticeDiff, fetchNoticeSection } from '../core/notices.js';
import { safeLink } from '../core/urls.js';
import { heading, renderBlock } from './notice-blocks.js';
import { declaredCookies } from './notice-cookies.js';
import {
  LANGUAGE_TAGS,
  noticeDate,
  noticeText,
  pickNoticeLanguage,
  supportedLanguage,
  type NoticeLanguage,
  type NoticeStringKey,
} from './notice-strings.js';
import { showNoticeDialog } from './notice-dialog.js';
import { noticeStyles } from './notice-styles.js';
import { renderEarlierNote, renderVersionList, type VersionsView } from './notice-versions.js';
import { TOKENS_CSS } from './styles.js';

/**
 * The chunk embed.js loads is served by the Worker, so its own URL tells where the Worker is. In
 * the Worker itself (its notice-markup route renders this element) the module has no web address.
 */
const WORKER_ORIGIN = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return '';
  }
})();

/** The language of the page around an element: its nearest `lang`, which is usually `<html lang>`. */
function pageLanguage(element: Element): string | undefined {
  return element.closest('[lang]')?.getAttribute('lang') ?? undefined;
}

/**
 * `<candour-notice site="…">`: the layered privacy notice. Layer 1 (the summary) first; layer 2,
 * the sections with a one-line summary each, opened one at a time; layer 3, the full text of
 * every section on demand. Every published version stays readable from "Earlier versions".
 * `section` + `compact` gives the two-line just-in-time form for a contact form. Deep links
 * (`#cookies`, or a sub-heading's id) open their section.
 */
export class CandourNotice extends LitElement {
  static override properties = {
    site: { type: String },
    section: { type: String },
    compact: { type: Boolean },
    version: { type: Number },
    privacyUrl: { type: String, attribute: 'privacy-url' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    base: { type: String },
    notice: { attribute: false },
    latest: { state: true },
    language: { state: true },
    error: { state: true },
    open: { state: true },
    audience: { state: true },
    versionsOpen: { state: true },
    diff: { state: true },
    failedVersion: { state: true },
  };

  static override styles = [unsafeCSS(TOKENS_CSS), noticeStyles];

  site = '';
  section = '';
  compact = false;
  /** Pin the notice to one published version instead of the one in force. */
  version: number | null = null;
  /** The site's privacy page, for the compact form's link. */
  privacyUrl = '';
  /** Level of the notice's title: 1 on a page of its own, 2 (the default) under the page's h1. */
  headingLevel = 2;
  /**
   * The Worker's origin. Needed only where this module is bundled into a site's own code (the npm
   * entry); loaded by embed.js it is where this file came from.
   */
  base = '';
  /** The version on screen. May be set directly, e.g. by an admin preview. */
  notice: NoticeVersion | null = null;
  latest: NoticeVersion | null = null;
  language: NoticeLanguage = 'en';
  error = false;
  open = new Set<string>();
  audience = '';
  versionsOpen = false;
  diff: NoticeDiff | 'loading' | 'failed' | null = null;
  failedVersion: number | null = null;
  #loads = 0;
  get #base(): string {
    return this.base || WORKER_ORIGIN;
  }
  /** Set when the notice came inside the element's server-rendered markup: no fetch, no redraw. */
  #fromMarkup = false;
  #onHashChange = () => this.#openFromHash();
  #settle: () => void = () => undefined;
  /** Settles once the notice has loaded (or failed to). */
  readonly loaded = new Promise<void>((resolve) => (this.#settle = resolve));

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHashChange);
    this.language = pickNoticeLanguage(pageLanguage(this));
    this.#takeServerNotice();
  }

  /**
   * Server-rendered markup carries the notice it shows as JSON in the light DOM. Taking it (with
   * every section open, as the server drew them for readers without JavaScript) lets the first
   * render match the markup, so Lit hydrates it in place.
   */
  #takeServerNotice(): void {
    const island = this.querySelector(':scope > script[type="application/json"][data-candour-notice]');
    if (!island || this.notice || !this.shadowRoot) return;
    try {
      const notice = JSON.parse(island.textContent ?? '') as NoticeVersion;
      if (notice?.site !== this.site || !Array.isArray(notice.document?.sections)) return;
      this.notice = this.latest = notice;
      this.open = new Set(notice.document.sections.map((section) => section.id));
      this.#fromMarkup = true;
    } catch {
      // Not ours or damaged: load the notice as usual.
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHashChange);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.#fromMarkup) {
      this.#fromMarkup = false;
      this.#settle();
      this.#openFromHash();
    } else if ((changed.has('site') || changed.has('version') || changed.has('base')) && this.site) void this.#load();
    else if (changed.has('notice') && !this.site) this.#settle();
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    void this.#chooseLanguage(load);
    try {
      const pinned = this.version;
      // A compact notice shows one section: it fetches only that (the dialog behind its link
      // loads the whole notice when opened).
      const onlySection = this.compact && this.section && pinned === null;
      const [notice, current] = await Promise.all([
        onlySection
          ? // A section this version lacks: the whole notice, whose summary the form then shows.
            fetchNoticeSection(this.#base, this.site, this.section).catch(() => fetchNotice(this.#base, this.site))
          : fetchNotice(this.#base, this.site, pinned ?? 'current'),
        // A pinned version is read beside the one in force, so a reader sees whether it still is.
        pinned === null ? null : fetchNotice(this.#base, this.site, 'current').catch(() => null),
      ]);
      if (load !== this.#loads) return;
      const latest = current && current.version >= notice.version ? current : notice;
      this.error = false;
      await this.#show(notice, latest, load);
      this.#openFromHash();
    } catch {
      if (load === this.#loads) this.error = true;
    }
    this.#settle();
  }

  /** Puts `notice` on screen; when it is not `latest`, with what has changed since. */
  async #show(notice: NoticeVersion, latest: NoticeVersion, load: number): Promise<void> {
    const earlier = notice.version !== latest.version;
    Object.assign(this, { notice, latest, failedVersion: null, diff: earlier ? 'loading' : null });
    await this.updateComplete;
    if (!earlier) return;
    void fetchNoticeDiff(this.#base, this.site, notice.version, latest.version)
      .catch(() => 'failed' as const)
      .then((diff) => {
        if (load === this.#loads) this.diff = diff;
      });
  }

  /** The page's language when it is English or Welsh, else the site's default. */
  async #chooseLanguage(load: number): Promise<void> {
    if (supportedLanguage(pageLanguage(this))) return;
    const config = await fetchSiteConfig(this.#base, this.site).catch(() => null);
    if (load === this.#loads) this.language = pickNoticeLanguage(undefined, config?.defaultLanguage);
  }

  /** Shows a published version in place; the version in force is one click away. */
  async showVersion(version: number): Promise<void> {
    const latest = this.latest;
    if (!latest || version === this.notice?.version) return;
    const load = ++this.#loads;
    try {
      const notice = version === latest.version ? latest : await fetchNotice(this.#base, this.site, version);
      if (load !== this.#loads) return;
      this.versionsOpen = false;
      await this.#show(notice, latest, load);
      const earlier = notice.version !== latest.version;
      this.renderRoot.querySelector<HTMLElement>(earlier ? '#earlier' : '.versions-toggle')?.focus();
    } catch {
      if (load === this.#loads) this.failedVersion = version;
    }
  }

  /** Opens the section a deep link names (`#cookies`, or an id inside one) and brings it into view. */
  openSection(id: string, scroll = true): void {
    const sections = this.notice?.document.sections ?? [];
    const section = sections.find(
      (candidate) =>
        candidate.id === id || candidate.blocks.some((block) => block.type === 'heading' && block.id === id),
    );
    if (!section) return;
    if (!this.#visible(section)) this.audience = '';
    this.open = new Set([...this.open, section.id]);
    if (!scroll) return;
    void this.updateComplete.then(() => {
      const button = this.renderRoot.querySelector<HTMLElement>(`#section-${CSS.escape(section.id)} .disclosure`);
      const target = id === section.id ? button : this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
      target?.scrollIntoView({ block: 'start' });
      button?.focus({ preventScroll: true });
    });
  }

  #openFromHash(): void {
    if (this.compact) return;
    const id = decodeURIComponent(location.hash.slice(1));
    if (id) this.openSection(id);
    else if (this.section) this.openSection(this.section, false);
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

  #t(key: NoticeStringKey, values?: Record<string, string | number>): string {
    return noticeText(this.language, key, values);
  }

  override render() {
    const lang = LANGUAGE_TAGS[this.language];
    if (this.error) return html`<p class="error" role="alert" lang=${lang}>${this.#t('loadFailed')}</p>`;
    if (!this.notice) return html`<p aria-busy="true" lang=${lang}>${this.#t('loading')}</p>`;
    return this.compact ? this.#renderCompact(this.notice) : this.#renderFull(this.notice);
  }

  #renderCompact(notice: NoticeVersion) {
    const { document: doc } = notice;
    const section = doc.sections.find((candidate) => candidate.id === this.section);
    const fragment = section ? `#${section.id}` : '';
    // Markup may be injected: only an http(s) page becomes the link (see safeLink).
    const privacyUrl = safeLink(this.privacyUrl, document.baseURI);
    const href = privacyUrl ? `${privacyUrl}${fragment}` : fragment || '#';
    // Without a privacy page to go to, the link opens the notice over this page.
    const openHere = (event: Event) => {
      event.preventDefault();
      void showNoticeDialog(this.site, this.#base, section?.id);
    };
    return html`<div class="compact" part="compact" lang=${LANGUAGE_TAGS[this.language]}>
      <p lang=${doc.language}>${section?.summary ?? doc.summary[0]}</p>
      <p>
        <a href=${href} @click=${privacyUrl ? nothing : openHere}
          >${
            section
              ? this.#t('compactLink', { title: section.title })
              : this.#t('compactFallback', { org: doc.organisation })
          }</a
        >
      </p>
    </div>`;
  }

  #renderFull(notice: NoticeVersion) {
    const { document: doc } = notice;
    const level = Math.min(5, Math.max(1, this.headingLevel || 2));
    const sections = doc.sections.filter((section) => this.#visible(section));
    const allOpen = sections.every((section) => this.open.has(section.id));
    const latest = this.latest ?? notice;
    const view: VersionsView = {
      language: this.language,
      level: level + 1,
      latest,
      shown: notice,
      diff: this.diff,
      failed: this.failedVersion,
      choose: (version) => void this.showVersion(version),
    };
    return html`<div class="frame" lang=${LANGUAGE_TAGS[this.language]}>
      <article part="notice" aria-labelledby="notice-title">
        ${heading(level, doc.title, { id: 'notice-title', className: 'title', lang: doc.language })}
        <p class="meta">
          <span lang=${doc.language}>${doc.organisation}</span> ·
          ${this.#t('versionLine', { version: notice.version, date: noticeDate(this.language, notice.effectiveAt) })}
          ${
            doc.lastUpdated
              ? html` · ${this.#t('lastUpdated', { date: noticeDate(this.language, doc.lastUpdated) })}`
              : nothing
          }
          ${
            latest.version > 1 && this.site
              ? html` ·
                  <button
                    class="link-button versions-toggle"
                    type="button"
                    aria-expanded=${this.versionsOpen ? 'true' : 'false'}
                    aria-controls="versions"
                    @click=${() => (this.versionsOpen = !this.versionsOpen)}
                  >
                    ${this.#t('earlierVersions')}
                  </button>`
              : nothing
          }
        </p>
        ${latest.version > 1 && this.site ? renderVersionList(view, !this.versionsOpen) : nothing}
        ${notice.version !== latest.version ? renderEarlierNote(view) : nothing}
        <section class="layer1" part="summary" aria-labelledby="summary-title">
          ${heading(level + 1, this.#t('summary'), { id: 'summary-title', className: 'visually-hidden' })}
          <div lang=${doc.language}>${doc.summary.map((paragraph) => html`<p>${paragraph}</p>`)}</div>
        </section>
        <div class="toolbar">
          ${
            doc.audiences.length
              ? html`<label for="audience">${this.#t('showFor')}</label>
                  <select
                    id="audience"
                    .value=${this.audience}
                    @change=${(event: Event) => (this.audience = (event.target as HTMLSelectElement).value)}
                  >
                    <option value="">${this.#t('everyone')}</option>
                    ${doc.audiences.map(
                      (audience) => html`<option value=${audience.id} lang=${doc.language}>${audience.label}</option>`,
                    )}
                  </select>`
              : nothing
          }
          <button
            class="button"
            type="button"
            @click=${() => (this.open = allOpen ? new Set() : new Set(sections.map((section) => section.id)))}
          >
            ${allOpen ? this.#t('showSections') : this.#t('showAll')}
          </button>
        </div>
        ${sections.map((section) => this.#renderSection(section, level + 1, doc.language, doc.services))}
      </article>
    </div>`;
  }

  #renderSection(section: NoticeSection, level: number, lang: string, services: NoticeVersion['document']['services']) {
    const expanded = this.open.has(section.id);
    return html`<section class="section" id="section-${section.id}" part="section" lang=${lang}>
      ${heading(
        level,
        html`<button
          class="disclosure"
          type="button"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls="content-${section.id}"
          @click=${() => this.#toggle(section.id)}
        >
          <span>${section.title}</span>
        </button>`,
        { className: 'title' },
      )}
      <p class="section-summary">${section.summary}</p>
      <div class="content" id="content-${section.id}" ?hidden=${!expanded}>
        ${section.blocks.map((block) => renderBlock(block, level))}
        ${
          section.id === 'cookies' && services.some((service) => service.cookies.length > 0)
            ? html`<div lang=${LANGUAGE_TAGS[this.language]}>
                ${renderBlock(declaredCookies(services, this.language), level)}
              </div>`
            : nothing
        }
      </div>
    </section>`;
  }
}

if (!customElements.get('candour-notice')) customElements.define('candour-notice', CandourNotice);

/** embed.js opens the notice over the page with this (`data-candour="notice"`, `candour.showNotice()`). */
export { showNoticeDialog };

declare global {
  interface HTMLElementTagNameMap {
    'candour-notice': CandourNotice;
  }
}
