import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { accessibleAccent } from '../../contract/contrast.js';
import type { NoticeDiff } from '../../contract/notice.js';
import type { ConsentController } from '../core/controller.js';
import { fetchNoticeDiff } from '../core/notices.js';
import { pickLanguage, translate, type Language, type StringKey } from './strings.js';
import type { CandourPreferences } from './candour-preferences.js';
import { tokens } from './styles.js';

type Confirmation = 'accepted' | 'rejected' | 'saved' | 'gpc' | null;

/**
 * `<candour-consent>`: the first layer (a labelled, non-modal banner that never takes focus on
 * its own), the confirmation after a choice, and the host of the preferences dialog.
 * embed.js creates it and hands it the controller.
 */
export class CandourConsent extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: contents;
      }
      .banner,
      .confirmation {
        position: fixed;
        inset: auto 0 0 0;
        z-index: 2147483000;
        background: var(--_candour-surface);
        border-top: 4px solid var(--_candour-accent);
        box-shadow: 0 -2px 12px rgb(0 0 0 / 0.2);
        max-height: 70vh;
        overflow-y: auto;
      }
      .inner {
        max-width: 60rem;
        margin: 0 auto;
        padding: 1rem 1rem 1.25rem;
      }
      h2 {
        font-size: 1.25rem;
        margin: 0 0 0.5rem;
        line-height: 1.3;
      }
      p {
        margin: 0 0 0.75rem;
      }
      .summary {
        color: var(--_candour-muted);
        font-size: 0.95rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin: 1rem 0 0.5rem;
      }
      .actions .button {
        flex: 1 1 12rem;
      }
      .confirmation .inner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1.5rem;
      }
      .confirmation p {
        margin: 0;
        flex: 1 1 20rem;
      }
      .confirmation:focus {
        outline: none;
      }
    `,
  ];

  controller: ConsentController | null = null;
  #confirmation: Confirmation = null;
  /** Whether the last choice took back something granted before (scripts run until reload). */
  #withdrew = false;
  #diff: NoticeDiff | null = null;
  #opener: HTMLElement | null = null;
  #onChange = () => {
    this.#applyTheme();
    this.requestUpdate();
  };
  #themed = false;
  #resize: ResizeObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.controller?.addEventListener('change', this.#onChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.removeEventListener('change', this.#onChange);
    this.#resize?.disconnect();
    this.#reserveSpace(0);
  }

  /** Called once by embed.js. */
  attach(controller: ConsentController): void {
    this.controller = controller;
    controller.addEventListener('change', this.#onChange);
    // A GPC signal was honoured for the visitor: say so, without taking focus.
    if (controller.gpcApplied) this.#confirmation = 'gpc';
    this.#applyTheme();
    void this.#loadDiff();
    this.requestUpdate();
  }

  /**
   * The accent comes from the page's `--candour-accent` or else the site's settings; one that
   * white text cannot be read on (under 4.5:1) is darkened until it can.
   */
  #applyTheme(): void {
    const config = this.controller?.config;
    if (this.#themed || !config) return;
    this.#themed = true;
    const fromPage = getComputedStyle(this).getPropertyValue('--candour-accent').trim();
    const wanted = /^#[0-9a-f]{6}$/i.test(fromPage) ? fromPage : config.theme.accent;
    if (wanted) this.style.setProperty('--candour-accent', accessibleAccent(wanted));
  }

  async #loadDiff(): Promise<void> {
    const { controller } = this;
    const previous = controller?.previous;
    const config = controller?.config;
    if (!controller || !previous || !config || controller.prompt !== 'notice-changed') return;
    try {
      this.#diff = await fetchNoticeDiff(
        controller.options.base,
        controller.site,
        previous.noticeVersion,
        config.notice.version,
      );
      this.requestUpdate();
    } catch {
      // The banner still says the cookies changed; the detail is a bonus.
    }
  }

  get language(): Language {
    return pickLanguage(document.documentElement.lang, this.controller?.config?.defaultLanguage);
  }

  t(key: StringKey): string {
    return translate(this.language, key, { org: this.controller?.config?.organisation.name ?? '' });
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const panel = this.renderRoot.querySelector<HTMLElement>('.banner, .confirmation');
    this.#resize?.disconnect();
    if (!panel) return this.#reserveSpace(0);
    // Keep page content (and whatever has focus) scrollable clear of the fixed panel (WCAG 2.4.11).
    this.#resize = new ResizeObserver(() => this.#reserveSpace(panel.offsetHeight));
    this.#resize.observe(panel);
  }

  #reserveSpace(height: number): void {
    const root = document.documentElement;
    root.style.scrollPaddingBottom = height ? `${height}px` : '';
    document.body.style.paddingBottom = height ? `${height}px` : '';
  }

  async #choose(action: 'accept' | 'reject'): Promise<void> {
    const controller = this.controller!;
    const before = controller.previous?.choices;
    if (action === 'accept') await controller.acceptAll();
    else await controller.rejectAll();
    const withdrew = action === 'reject' && before !== undefined && Object.values(before).some(Boolean);
    this.#showConfirmation(action === 'accept' ? 'accepted' : 'rejected', withdrew);
  }

  #showConfirmation(kind: Confirmation, withdrew = false): void {
    this.#confirmation = kind;
    this.#withdrew = withdrew;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirmation')?.focus());
  }

  #hideConfirmation = () => {
    this.#confirmation = null;
    this.requestUpdate();
    this.#opener?.focus();
  };

  /** Opens the preferences dialog; focus returns to `opener` when it closes. */
  async showPreferences(opener: HTMLElement | null = null): Promise<void> {
    this.#opener = opener ?? (document.activeElement as HTMLElement | null);
    await import('./candour-preferences.js');
    let dialog = this.renderRoot.querySelector('candour-preferences');
    if (!dialog) {
      dialog = document.createElement('candour-preferences');
      this.renderRoot.appendChild(dialog);
    }
    const preferences = dialog as CandourPreferences;
    preferences.host = this;
    await preferences.open(this.#opener);
  }

  /** Called by the preferences dialog after Save, Accept all or Reject all inside it. */
  preferencesSaved(kind: Exclude<Confirmation, null>, withdrew: boolean): void {
    if (this.controller?.state === 'decided') this.#showConfirmation(kind, withdrew);
  }

  override render() {
    const controller = this.controller;
    if (!controller) return nothing;
    if (this.#confirmation) return this.#renderConfirmation(this.#confirmation);
    if (controller.state !== 'prompt') return nothing;
    const config = controller.config!;
    const reason =
      controller.prompt === 'notice-changed'
        ? this.t('bannerChanged')
        : controller.prompt === 'expired'
          ? this.t('bannerExpired')
          : null;
    return html`<section
      class="banner"
      part="banner"
      role="region"
      aria-labelledby="candour-banner-title"
      lang=${this.language}
    >
      <div class="inner">
        <h2 id="candour-banner-title" part="heading">${this.t('bannerHeading')}</h2>
        ${reason ? html`<p><strong>${reason}</strong></p>` : nothing}
        ${this.#diff ? this.#renderDiff(this.#diff) : nothing}
        <p>${this.t('bannerIntro')} ${this.t('bannerAsk')}</p>
        ${config.notice.summary.slice(0, 1).map((paragraph) => html`<p class="summary">${paragraph}</p>`)}
        <div class="actions">
          <button class="button" part="button button-accept-all" type="button" @click=${() => this.#choose('accept')}>
            ${this.t('acceptAll')}
          </button>
          <button class="button" part="button button-reject-all" type="button" @click=${() => this.#choose('reject')}>
            ${this.t('rejectAll')}
          </button>
          <button
            class="button"
            part="button button-manage"
            type="button"
            aria-haspopup="dialog"
            @click=${(event: Event) => this.showPreferences(event.currentTarget as HTMLElement)}
          >
            ${this.t('manage')}
          </button>
        </div>
        <a part="link notice-link" href=${config.notice.url}>${this.t('readNotice')}</a>
      </div>
    </section>`;
  }

  #renderDiff(diff: NoticeDiff) {
    const items = [
      ...diff.cookies.added.map((name) => translate(this.language, 'cookieAdded', { name })),
      ...diff.cookies.removed.map((name) => translate(this.language, 'cookieRemoved', { name })),
      ...diff.cookies.changed.map((name) => translate(this.language, 'cookieChanged', { name })),
      ...diff.sections.map((section) =>
        translate(this.language, 'changedSection', { title: section.title, change: this.t(section.change) }),
      ),
    ];
    if (items.length === 0) return nothing;
    return html`<details class="changes" part="changes" open>
      <summary>${this.t('whatChanged')}</summary>
      <ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>
    </details>`;
  }

  #renderConfirmation(kind: Exclude<Confirmation, null>) {
    return html`<section
      class="confirmation"
      part="confirmation"
      role="region"
      aria-label=${this.t('bannerLabel')}
      tabindex="-1"
      lang=${this.language}
    >
      <div class="inner">
        <p role="status">
          ${this.t(kind)} ${this.#withdrew ? this.t('reloadNote') : nothing}
          <button
            class="link-button"
            type="button"
            @click=${(event: Event) => this.showPreferences(event.currentTarget as HTMLElement)}
          >
            ${this.t('changeAnyTime')}
          </button>
        </p>
        <button class="button" part="button button-hide" type="button" @click=${this.#hideConfirmation}>
          ${this.t('hide')}
        </button>
      </div>
    </section>`;
  }
}

if (!customElements.get('candour-consent')) customElements.define('candour-consent', CandourConsent);

declare global {
  interface HTMLElementTagNameMap {
    'candour-consent': CandourConsent;
  }
}
