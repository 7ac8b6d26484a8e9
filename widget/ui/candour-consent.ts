import type { SiteConfig } from '../../contract/site.js';
import type { ConsentController } from '../core/controller.js';
import { safeLink } from '../core/urls.js';
import type { PreferencesChoiceEvent } from './candour-preferences.js';
import { h } from './dom.js';
import { bannerStrings, format, pickLanguage, type BannerKey, type BannerStrings, type Language } from './strings.js';
import { TOKENS_CSS } from './styles.js';

type Confirmation = 'accepted' | 'rejected' | 'saved' | 'gpc' | null;

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

/** How the session reaches the element; not part of its public surface. */
export interface BannerHooks {
  /** Hands over the session's controller, which decides and records (once; later calls do nothing). */
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
 * It is on every page of every clinic's site and a first visit loads it before anything can be
 * clicked, so it is a plain custom element with a shadow root, built with `h()` (dom.ts), not
 * Lit: Lit's ~6 KB gzip would not fit the 12 KB a first visit may fetch before its first click.
 * It rebuilds its panel only when what it shows changes (the controller's `change` events say
 * when to look), so focus stays where it is. Its only public surface is the tag and the
 * CONTRACT's events; the session reaches it through `bannerHooks`, so a page's scripts find no
 * half-documented methods on it. The preferences dialog stays a Lit element, loaded on demand.
 */
export class CandourConsent extends HTMLElement {
  static {
    bannerHooks = {
      attach: (element, controller) => (element as CandourConsent).#attachController(controller),
      showPreferences: (element, opener) => (element as CandourConsent).#showPreferences(opener),
    };
  }

  #controller: ConsentController | null = null;
  #attach!: (controller: ConsentController) => void;
  /** Settles when the session hands over its controller; the preferences dialog waits for it. */
  #attached = new Promise<ConsentController>((resolve) => (this.#attach = resolve));
  #root: ShadowRoot;
  /** What the banner or the confirmation is built into; the preferences dialog sits beside it. */
  #panel: HTMLElement;
  #strings: BannerStrings | null = null;
  #confirmation: Confirmation = null;
  /** Whether the last choice took back something granted before (scripts run until reload). */
  #withdrew = false;
  #changes: HTMLElement | null = null;
  #opener: HTMLElement | null = null;
  #resize: ResizeObserver | null = null;
  #themed = false;
  /** What the panel shows now; it is rebuilt only when this changes. */
  #shown = '';
  #onChange = () => this.#render();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(TOKENS_CSS + BANNER_CSS);
    }
    this.#root.adoptedStyleSheets = [sheet];
    this.#panel = h('div', { class: 'panel' });
    this.#root.append(this.#panel);
  }

  disconnectedCallback(): void {
    this.#controller?.removeEventListener('change', this.#onChange);
    this.#resize?.disconnect();
    this.#reserveSpace(0);
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
    this.#render();
    // Reading the page's accent forces a style pass over the whole page: after the banner is in.
    setTimeout(() => this.#applyTheme());
    void this.#loadDiff();
  }

  get #config(): SiteConfig | null {
    return this.#controller?.config ?? null;
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
  #applyTheme(): void {
    const config = this.#config;
    if (this.#themed || !config) return;
    this.#themed = true;
    const fromPage = getComputedStyle(this).getPropertyValue('--candour-accent').trim();
    const wanted = /^#[0-9a-f]{6}$/i.test(fromPage) ? fromPage : config.theme.accent;
    // Checked only when a site picks a colour: most pages never load the contrast code.
    if (!wanted) return;
    void import('../../contract/contrast.js').then(({ accessibleAccent }) =>
      this.style.setProperty('--candour-accent', accessibleAccent(wanted)),
    );
  }

  async #loadDiff(): Promise<void> {
    const controller = this.#controller;
    const previousVersion = controller?.previous?.noticeVersion;
    if (!controller?.config || previousVersion === undefined || controller.prompt !== 'notice-changed') return;
    // The Worker serves the chunk this element came from, and the notices beside it.
    const base = new URL(import.meta.url).origin;
    try {
      const { changesSince } = await import('./banner-changes.js');
      this.#changes = await changesSince(
        base,
        controller.config.site,
        previousVersion,
        controller.config.notice.version,
        this.#language,
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
    const controller = this.#controller!;
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
    const controller = await this.#attached;
    const { showNoticeDialog } = await import('./candour-notice.js');
    await showNoticeDialog(controller.site, controller.options.base);
  };

  #hideConfirmation = () => {
    this.#confirmation = null;
    this.#render();
    this.#opener?.focus();
  };

  #manage = (event: Event) => this.#showPreferences(event.currentTarget as HTMLElement);

  /** Opens the preferences dialog with what it shows; focus returns to `opener` when it closes. */
  async #showPreferences(opener?: HTMLElement | null): Promise<void> {
    this.#opener = opener ?? (document.activeElement as HTMLElement | null);
    const [{ openPreferences }, controller] = await Promise.all([import('./candour-preferences.js'), this.#attached]);
    await openPreferences(this.#root, controller, this.#language, this.#opener, this.#onPreferencesChoice);
  }

  /** Save, Accept all or Reject all inside the preferences dialog. */
  #onPreferencesChoice = async ({ detail }: PreferencesChoiceEvent): Promise<void> => {
    const controller = await this.#attached;
    await controller.decide(detail.choices, detail.method);
    if (controller.state === 'decided') this.#showConfirmation(detail.confirmation, detail.withdrew);
  };

  #render(): void {
    const config = this.#config;
    const asking = this.#controller?.state === 'prompt';
    const shown =
      !config || !this.#strings
        ? ''
        : this.#confirmation
          ? `${this.#confirmation} ${this.#withdrew}`
          : asking
            ? `ask ${this.#changes !== null}`
            : '';
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#panel.replaceChildren(
      ...(!shown ? [] : this.#confirmation ? [this.#confirmationPanel(this.#confirmation)] : [this.#banner(config!)]),
    );
    this.#watchPanel();
  }

  #banner(config: SiteConfig): HTMLElement {
    const noticeUrl = safeLink(config.notice.url);
    const prompt = this.#controller!.prompt;
    const reason =
      prompt === 'notice-changed' ? this.#t('bannerChanged') : prompt === 'expired' ? this.#t('bannerExpired') : null;
    const button = (part: string, key: BannerKey, action: 'accept' | 'reject') =>
      h('button', { class: 'button', part, type: 'button', onclick: () => this.#choose(action) }, this.#t(key));
    return h(
      'section',
      {
        class: 'banner',
        part: 'banner',
        role: 'region',
        'aria-labelledby': 'candour-banner-title',
        lang: this.#language,
      },
      h(
        'div',
        { class: 'inner' },
        h('h2', { id: 'candour-banner-title', part: 'heading' }, this.#t('bannerHeading')),
        reason && h('p', {}, h('strong', {}, reason)),
        this.#changes,
        h(
          'p',
          {},
          `${this.#t('bannerIntro')} ${this.#t('bannerAsk')} `,
          h(
            'a',
            { part: 'link notice-link', href: noticeUrl ?? '#', onclick: noticeUrl ? null : this.#openNoticeHere },
            this.#t('readNotice'),
          ),
        ),
        h(
          'details',
          { class: 'summary', part: 'summary' },
          h('summary', {}, this.#t('aboutNotice')),
          ...config.notice.summary.map((paragraph) => h('p', {}, paragraph)),
        ),
        h(
          'div',
          { class: 'actions' },
          button('button button-accept-all', 'acceptAll', 'accept'),
          button('button button-reject-all', 'rejectAll', 'reject'),
        ),
        h(
          'button',
          {
            class: 'link-button',
            part: 'button-manage',
            type: 'button',
            'aria-haspopup': 'dialog',
            onclick: this.#manage,
          },
          this.#t('manage'),
        ),
      ),
    );
  }

  #confirmationPanel(kind: Exclude<Confirmation, null>): HTMLElement {
    return h(
      'section',
      {
        class: 'confirmation',
        part: 'confirmation',
        role: 'region',
        'aria-label': this.#t('bannerLabel'),
        tabindex: '-1',
        lang: this.#language,
      },
      h(
        'div',
        { class: 'inner' },
        h(
          'p',
          { role: 'status' },
          `${this.#t(kind)} ${this.#withdrew ? `${this.#t('reloadNote')} ` : ''}`,
          h('button', { class: 'link-button', type: 'button', onclick: this.#manage }, this.#t('changeAnyTime')),
        ),
        h(
          'button',
          { class: 'button', part: 'button button-hide', type: 'button', onclick: this.#hideConfirmation },
          this.#t('hide'),
        ),
      ),
    );
  }
}

if (!customElements.get('candour-consent')) customElements.define('candour-consent', CandourConsent);

declare global {
  interface HTMLElementTagNameMap {
    'candour-consent': CandourConsent;
  }
}
