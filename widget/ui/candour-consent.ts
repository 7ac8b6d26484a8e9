import { html, nothing, render, type TemplateResult } from 'lit-html';
import type { SiteConfig } from '../../contract/site.js';
import type { ConsentController } from '../core/controller.js';
import type { PromptReason } from '../core/decision.js';
import { safeLink } from '../core/urls.js';
import type { PreferencesChoiceEvent } from './candour-preferences.js';
import { bannerStrings, format, pickLanguage, type BannerKey, type BannerStrings, type Language } from './strings.js';
import { TOKENS_CSS } from './styles.js';

type Confirmation = 'accepted' | 'rejected' | 'saved' | 'gpc' | null;

/** What the script tag's prelude knows before the core has loaded: enough to show the banner. */
export interface BannerPreview {
  config: SiteConfig;
  prompt: PromptReason;
  previousVersion?: number;
}

// Compact enough to leave a 320 × 640 phone's page visible (under half the screen): Accept and
// Reject side by side, the notice linked from the text. On a phone the summary disclosure is
// dropped: the notice link opens the same summary (the notice's first layer).
const BANNER_CSS = `
  :host, .panel { display: contents; }
  .banner, .confirmation {
    position: fixed; inset: auto 0 0 0; z-index: 2147483000;
    background: var(--_candour-surface);
    border-top: 4px solid var(--_candour-accent);
    box-shadow: 0 -2px 12px rgb(0 0 0 / 0.2);
    max-height: 70vh; overflow-y: auto;
  }
  .inner { max-width: 60rem; margin: 0 auto; padding: 0.5rem 0.75rem 0.75rem; line-height: 1.4; }
  h2 { font-size: 1.125rem; margin: 0 0 0.25rem; }
  p, details { margin: 0 0 0.5rem; }
  summary { cursor: pointer; color: var(--_candour-link); text-decoration: underline; min-height: 24px; }
  .summary p { color: var(--_candour-muted); font-size: 0.95rem; margin: 0.5rem 0 0; }
  .changes ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
  .actions { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; max-width: 28rem; margin: 0.5rem 0 0.25rem; }
  .confirmation .inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; }
  .confirmation p { margin: 0; flex: 1 1 20rem; }
  .confirmation:focus { outline: none; }
  @media (max-width: 30rem) {
    .inner { font-size: 0.9375rem; }
    .summary { display: none; }
  }
`;

let sheet: CSSStyleSheet | undefined;

/** How the core and the script tag's prelude reach the element; not part of its public surface. */
export interface BannerHooks {
  /** Shows the banner from what the prelude knows, before the core arrives. */
  preview(element: HTMLElement, state: BannerPreview): Promise<void>;
  /** Hands over the core's controller, which decides and records (once; later calls do nothing). */
  attach(element: HTMLElement, controller: ConsentController): Promise<void>;
  /** Opens the preferences dialog (`window.candour.showPreferences()`, a `data-candour` trigger). */
  showPreferences(element: HTMLElement, opener?: HTMLElement | null): Promise<void>;
}

/** Set once, by the class itself, the only code that can reach its private members. */
export let bannerHooks: BannerHooks;

/**
 * `<candour-consent>`: the first layer (a labelled, non-modal banner that never takes focus on
 * its own), the confirmation after a choice, and the host of the preferences dialog.
 *
 * It is on every page of every clinic's site, so it renders with Lit's template engine
 * (lit-html) on a plain custom element rather than LitElement: the same templates and escaping,
 * without the reactive base class, to keep the first paint within 10 KB. Its state changes
 * come from the controller's `change` events, so it re-renders on those. Its only public
 * surface is the tag and the CONTRACT's events; the core and the prelude reach it through the
 * functions below the class, so a page's scripts find no half-documented methods on it.
 */
export class CandourConsent extends HTMLElement {
  static {
    bannerHooks = {
      preview: (element, state) => (element as CandourConsent).#preview(state),
      attach: (element, controller) => (element as CandourConsent).#attachController(controller),
      showPreferences: (element, opener) => (element as CandourConsent).#showPreferences(opener),
    };
  }

  #controller: ConsentController | null = null;
  #previewed: BannerPreview | null = null;
  #attach!: (controller: ConsentController) => void;
  /** Settles when the core hands over its controller; the banner's buttons wait for it. */
  #attached = new Promise<ConsentController>((resolve) => (this.#attach = resolve));
  #root: ShadowRoot;
  /** What lit-html renders into; the preferences dialog sits beside it. */
  #panel: HTMLElement;
  #strings: BannerStrings | null = null;
  #confirmation: Confirmation = null;
  /** Whether the last choice took back something granted before (scripts run until reload). */
  #withdrew = false;
  #changes: TemplateResult | typeof nothing | null = null;
  #opener: HTMLElement | null = null;
  #resize: ResizeObserver | null = null;
  #themed = false;
  #onChange = () => this.#render();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(TOKENS_CSS + BANNER_CSS);
    }
    this.#root.adoptedStyleSheets = [sheet];
    this.#panel = document.createElement('div');
    this.#panel.className = 'panel';
    this.#root.append(this.#panel);
  }

  disconnectedCallback(): void {
    this.#controller?.removeEventListener('change', this.#onChange);
    this.#resize?.disconnect();
    this.#reserveSpace(0);
  }

  async #preview(state: BannerPreview): Promise<void> {
    if (this.#controller) return;
    this.#previewed = state;
    this.#strings ??= await bannerStrings(this.#language);
    await this.#applyTheme();
    this.#render();
    void this.#loadDiff();
  }

  async #attachController(controller: ConsentController): Promise<void> {
    await controller.ready;
    if (this.#controller) return;
    this.#controller = controller;
    this.#attach(controller);
    controller.addEventListener('change', this.#onChange);
    this.#strings = await bannerStrings(this.#language);
    // A GPC signal was honoured for the visitor: say so, without taking focus.
    if (controller.gpcApplied) this.#confirmation = 'gpc';
    await this.#applyTheme();
    this.#render();
    if (!this.#changes) void this.#loadDiff();
  }

  get #config(): SiteConfig | null {
    return this.#controller?.config ?? this.#previewed?.config ?? null;
  }

  get #prompt(): PromptReason | null {
    return this.#controller ? this.#controller.prompt : (this.#previewed?.prompt ?? null);
  }

  get #language(): Language {
    return pickLanguage(document.documentElement.lang, this.#config?.defaultLanguage);
  }

  #t(key: BannerKey, values: Record<string, string> = {}): string {
    return format(this.#strings?.[key] ?? '', { org: this.#config?.organisation.name ?? '', ...values });
  }

  /**
   * The accent comes from the page's `--candour-accent` or else the site's settings; one that
   * white text cannot be read on (under 4.5:1) is darkened until it can.
   */
  async #applyTheme(): Promise<void> {
    const config = this.#config;
    if (this.#themed || !config) return;
    this.#themed = true;
    const fromPage = getComputedStyle(this).getPropertyValue('--candour-accent').trim();
    const wanted = /^#[0-9a-f]{6}$/i.test(fromPage) ? fromPage : config.theme.accent;
    // Checked only when a site picks a colour: most pages never load the contrast code.
    if (!wanted) return;
    const { accessibleAccent } = await import('../../contract/contrast.js');
    this.style.setProperty('--candour-accent', accessibleAccent(wanted));
  }

  async #loadDiff(): Promise<void> {
    const config = this.#config;
    const previousVersion = this.#controller?.previous?.noticeVersion ?? this.#previewed?.previousVersion;
    if (!config || previousVersion === undefined || this.#prompt !== 'notice-changed') return;
    // The Worker serves the chunk this element came from, and the notices beside it.
    const base = new URL(import.meta.url).origin;
    try {
      const { changesSince } = await import('./banner-changes.js');
      this.#changes = await changesSince(base, config.site, previousVersion, config.notice.version, (key, values) =>
        this.#t(key, values),
      );
      this.#render();
    } catch {
      // The banner still says the cookies changed; the detail is a bonus.
    }
  }

  /** Keeps page content (and whatever has focus) scrollable clear of the fixed panel (WCAG 2.4.11). */
  #watchPanel(): void {
    const panel = this.#root.querySelector<HTMLElement>('.banner, .confirmation');
    this.#resize?.disconnect();
    if (!panel) return this.#reserveSpace(0);
    this.#resize = new ResizeObserver(() => this.#reserveSpace(panel.offsetHeight));
    this.#resize.observe(panel);
  }

  #reserveSpace(height: number): void {
    document.documentElement.style.scrollPaddingBottom = height ? `${height}px` : '';
    document.body.style.paddingBottom = height ? `${height}px` : '';
  }

  async #choose(action: 'accept' | 'reject'): Promise<void> {
    const controller = this.#controller ?? (await this.#attached);
    const before = controller.previous?.choices;
    if (action === 'accept') await controller.acceptAll();
    else await controller.rejectAll();
    const withdrew = action === 'reject' && before !== undefined && Object.values(before).some(Boolean);
    this.#showConfirmation(action === 'accept' ? 'accepted' : 'rejected', withdrew);
  }

  #showConfirmation(kind: Confirmation, withdrew = false): void {
    this.#confirmation = kind;
    this.#withdrew = withdrew;
    this.#render();
    this.#root.querySelector<HTMLElement>('.confirmation')?.focus();
  }

  /** Without a safe privacy page to link to, the banner's link opens the notice over this page. */
  #openNoticeHere = async (event: Event) => {
    event.preventDefault();
    const controller = this.#controller ?? (await this.#attached);
    const { showNoticeDialog } = await import('./candour-notice.js');
    await showNoticeDialog(controller.site, controller.options.base);
  };

  #hideConfirmation = () => {
    this.#confirmation = null;
    this.#render();
    this.#opener?.focus();
  };

  /** Opens the preferences dialog with what it shows; focus returns to `opener` when it closes. */
  async #showPreferences(opener?: HTMLElement | null): Promise<void> {
    this.#opener = opener ?? (document.activeElement as HTMLElement | null);
    const [{ openPreferences }, controller] = await Promise.all([import('./candour-preferences.js'), this.#attached]);
    await openPreferences(this.#root, controller, this.#language, this.#opener, this.#onPreferencesChoice);
  }

  /** Save, Accept all or Reject all inside the preferences dialog. */
  #onPreferencesChoice = async ({ detail }: PreferencesChoiceEvent): Promise<void> => {
    const controller = this.#controller ?? (await this.#attached);
    await controller.decide(detail.choices, detail.method);
    if (controller.state === 'decided') this.#showConfirmation(detail.confirmation, detail.withdrew);
  };

  #render(): void {
    render(this.#template(), this.#panel, { host: this });
    this.#watchPanel();
  }

  #template() {
    const config = this.#config;
    if (!config || !this.#strings) return nothing;
    if (this.#confirmation) return this.#confirmationTemplate(this.#confirmation);
    const asking = this.#controller ? this.#controller.state === 'prompt' : this.#previewed !== null;
    if (!asking) return nothing;
    const noticeUrl = safeLink(config.notice.url);
    const reason =
      this.#prompt === 'notice-changed'
        ? this.#t('bannerChanged')
        : this.#prompt === 'expired'
          ? this.#t('bannerExpired')
          : null;
    return html`<section
      class="banner"
      part="banner"
      role="region"
      aria-labelledby="candour-banner-title"
      lang=${this.#language}
    >
      <div class="inner">
        <h2 id="candour-banner-title" part="heading">${this.#t('bannerHeading')}</h2>
        ${reason ? html`<p><strong>${reason}</strong></p>` : nothing} ${this.#changes ?? nothing}
        <p>
          ${this.#t('bannerIntro')} ${this.#t('bannerAsk')}
          <a part="link notice-link" href=${noticeUrl ?? '#'} @click=${noticeUrl ? nothing : this.#openNoticeHere}
            >${this.#t('readNotice')}</a
          >
        </p>
        <details class="summary" part="summary">
          <summary>${this.#t('aboutNotice')}</summary>
          ${config.notice.summary.map((paragraph) => html`<p>${paragraph}</p>`)}
        </details>
        <div class="actions">
          <button class="button" part="button button-accept-all" type="button" @click=${() => this.#choose('accept')}>
            ${this.#t('acceptAll')}
          </button>
          <button class="button" part="button button-reject-all" type="button" @click=${() => this.#choose('reject')}>
            ${this.#t('rejectAll')}
          </button>
        </div>
        <button
          class="link-button"
          part="button-manage"
          type="button"
          aria-haspopup="dialog"
          @click=${(event: Event) => this.#showPreferences(event.currentTarget as HTMLElement)}
        >
          ${this.#t('manage')}
        </button>
      </div>
    </section>`;
  }

  #confirmationTemplate(kind: Exclude<Confirmation, null>) {
    return html`<section
      class="confirmation"
      part="confirmation"
      role="region"
      aria-label=${this.#t('bannerLabel')}
      tabindex="-1"
      lang=${this.#language}
    >
      <div class="inner">
        <p role="status">
          ${this.#t(kind)} ${this.#withdrew ? this.#t('reloadNote') : nothing}
          <button
            class="link-button"
            type="button"
            @click=${(event: Event) => this.#showPreferences(event.currentTarget as HTMLElement)}
          >
            ${this.#t('changeAnyTime')}
          </button>
        </p>
        <button class="button" part="button button-hide" type="button" @click=${this.#hideConfirmation}>
          ${this.#t('hide')}
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
