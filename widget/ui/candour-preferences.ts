import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import type { Choices, OptionalCategory } from '../../contract/categories.js';
import { OPTIONAL_CATEGORIES, refuseAll } from '../../contract/categories.js';
import type { ConsentMethod } from '../../contract/consent.js';
import type { FactSource, ServiceDeclaration, SiteConfig } from '../../contract/site.js';
import type { ConsentController } from '../core/controller.js';
import { PREFERENCES_STRINGS, type PreferencesStrings } from './preferences-strings.js';
import { format, type Language } from './strings.js';
import { TOKENS_CSS } from './styles.js';

export interface PreferencesChoice {
  choices: Choices;
  method: Extract<ConsentMethod, 'preferences' | 'accept-all' | 'reject-all'>;
  /** What the confirmation after it says. */
  confirmation: 'saved' | 'accepted' | 'rejected';
  /** Whether it takes back a category granted before (scripts already running stop only on reload). */
  withdrew: boolean;
}

/**
 * `candour-preferences-choice`: the visitor chose Save, Accept all or Reject all. It stays inside
 * `<candour-consent>`'s shadow root (not composed): the page hears the CONTRACT's
 * `candour-consent` once the decision is applied.
 */
export class PreferencesChoiceEvent extends CustomEvent<PreferencesChoice> {
  static readonly eventName = 'candour-preferences-choice';
  constructor(detail: PreferencesChoice) {
    super(PreferencesChoiceEvent.eventName, { detail, bubbles: true, composed: false });
  }
}

/**
 * `<candour-preferences>`: the second layer, a native modal `<dialog>` with one switch per
 * category the site uses, none pre-ticked, and the cookies each service sets. Loaded on demand.
 * `<candour-consent>` gives it what it shows as properties; it reports the visitor's choice with
 * a `candour-preferences-choice` event and decides nothing itself.
 */
export class CandourPreferences extends LitElement {
  static override properties = {
    config: { attribute: false },
    choices: { attribute: false },
    language: { attribute: false },
    gpc: { attribute: false },
    receipt: { attribute: false },
  };

  static override styles = [
    unsafeCSS(TOKENS_CSS),
    css`
      dialog {
        width: min(40rem, calc(100vw - 1rem));
        max-height: calc(100dvh - 1rem);
        padding: 0;
        border: 2px solid var(--_candour-text);
        border-radius: var(--_candour-radius);
        background: var(--_candour-surface);
        color: var(--_candour-text);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      .body {
        padding: 1.25rem;
      }
      h2 {
        font-size: 1.375rem;
        margin: 0 0 0.5rem;
        line-height: 1.3;
      }
      .category {
        border-top: 1px solid var(--_candour-border);
        padding: 1rem 0;
      }
      .row {
        display: flex;
        gap: 1rem;
        align-items: flex-start;
        justify-content: space-between;
      }
      h3 {
        font-size: 1.1rem;
        margin: 0;
      }
      .why {
        margin: 0.25rem 0 0;
        color: var(--_candour-muted);
      }
      label.toggle {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 44px;
        cursor: pointer;
        white-space: nowrap;
      }
      .switch-wrap {
        position: relative;
        display: inline-flex;
      }
      /* The real checkbox lies over the drawn switch: the same target for mouse, touch and tests. */
      .switch-wrap input {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        margin: 0;
        opacity: 0;
        cursor: pointer;
      }
      .switch {
        pointer-events: none;
        position: relative;
        width: 3rem;
        height: 1.75rem;
        border-radius: 1rem;
        border: 2px solid var(--_candour-text);
        background: var(--_candour-surface);
        flex: none;
      }
      .switch::after {
        content: '';
        position: absolute;
        top: 2px;
        left: 2px;
        width: 1.2rem;
        height: 1.2rem;
        border-radius: 50%;
        background: var(--_candour-text);
        transition: transform 0.15s;
      }
      input:checked + .switch {
        background: var(--_candour-accent);
        border-color: var(--_candour-accent);
      }
      input:checked + .switch::after {
        transform: translateX(1.2rem);
        background: var(--_candour-on-accent);
      }
      input:disabled + .switch {
        opacity: 0.75;
      }
      .gpc {
        background: var(--_candour-subtle);
        border-left: 4px solid var(--_candour-accent);
        padding: 0.5rem 0.75rem;
      }
      details {
        margin-top: 0.5rem;
      }
      summary {
        cursor: pointer;
        color: var(--_candour-link);
        text-decoration: underline;
        min-height: 24px;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
        margin-top: 0.5rem;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        border-bottom: 1px solid var(--_candour-border);
        padding: 0.35rem 0.5rem 0.35rem 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        background: var(--_candour-surface);
        padding: 1rem 1.25rem;
        border-top: 1px solid var(--_candour-border);
      }
      .actions .button {
        flex: 1 1 10rem;
      }
      .close {
        float: right;
      }
      /* Keep the buttons in view on screens tall and wide enough to spare the room. */
      @media (min-width: 40rem) and (min-height: 32rem) {
        .actions {
          position: sticky;
          bottom: 0;
        }
      }
      @media (max-width: 30rem) {
        .body {
          padding: 1rem;
        }
        .actions {
          padding: 1rem;
        }
      }
      @media (forced-colors: active) {
        .switch,
        input:checked + .switch {
          border-color: ButtonText;
          forced-color-adjust: none;
        }
        .switch::after {
          background: ButtonText;
        }
        input:checked + .switch::after {
          background: Highlight;
        }
      }
    `,
  ];

  config: SiteConfig | null = null;
  /** The visitor's current choices, or null before any decision. */
  choices: Choices | null = null;
  language: Language = 'en';
  /** Whether a Global Privacy Control signal is on. */
  gpc = false;
  /** The latest receipt of this browser's decisions, linked at the bottom. */
  receipt: { receiptId: string; url: string } | null = null;

  #t = (key: keyof PreferencesStrings): string =>
    format(PREFERENCES_STRINGS[this.language][key], { org: this.config?.organisation.name ?? '' });
  #draft: Choices = refuseAll();
  #opener: HTMLElement | null = null;

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  async open(opener: HTMLElement | null): Promise<void> {
    this.#opener = opener;
    // Start from the visitor's own choices; never from a pre-ticked default.
    this.#draft = this.choices ? { ...this.choices } : refuseAll();
    this.requestUpdate();
    await this.updateComplete;
    if (!this.#dialog!.open) this.#dialog!.showModal();
  }

  #close = () => {
    this.#dialog?.close();
  };

  #onClose = () => {
    this.#opener?.focus();
  };

  #save(choices: Choices, method: PreferencesChoice['method'], confirmation: PreferencesChoice['confirmation']) {
    const before = this.choices;
    const withdrew = before !== null && OPTIONAL_CATEGORIES.some((category) => before[category] && !choices[category]);
    this.dispatchEvent(new PreferencesChoiceEvent({ choices, method, confirmation, withdrew }));
    this.#close();
  }

  #toggle(category: OptionalCategory, event: Event) {
    this.#draft = { ...this.#draft, [category]: (event.target as HTMLInputElement).checked };
    this.requestUpdate();
  }

  override render() {
    const config = this.config;
    if (!config) return html`<dialog></dialog>`;
    const t = this.#t;
    const offered = OPTIONAL_CATEGORIES.filter((category) => config.categories.includes(category));
    const gpcApplies = this.gpc;
    return html`<dialog
      part="dialog"
      aria-labelledby="candour-prefs-title"
      @close=${this.#onClose}
      lang=${this.language}
    >
      <div class="body">
        <button class="link-button close" type="button" @click=${this.#close}>${t('close')}</button>
        <h2 id="candour-prefs-title">${t('prefsTitle')}</h2>
        <p>${t('prefsIntro')}</p>
        ${this.#renderCategory('necessary', t('necessary'), t('necessaryWhy'), true, true, config.services)}
        ${offered.map((category) =>
          this.#renderCategory(
            category,
            t(category),
            t(`${category}Why` as const),
            this.#draft[category],
            false,
            config.services,
            gpcApplies && category !== 'functional' ? t('gpcNote') : null,
          ),
        )}
        ${
          this.receipt
            ? html`<p>
                ${t('latestReceipt')}:
                <a href=${this.receipt.url} target="_blank" rel="noopener">${this.receipt.receiptId}</a>
              </p>`
            : nothing
        }
      </div>
      <div class="actions">
        <button
          class="button"
          part="button button-save"
          type="button"
          @click=${() => this.#save(this.#draft, 'preferences', 'saved')}
        >
          ${t('save')}
        </button>
        <button
          class="button"
          part="button button-accept-all"
          type="button"
          @click=${() => this.#save({ functional: true, analytics: true, marketing: true }, 'accept-all', 'accepted')}
        >
          ${t('acceptAll')}
        </button>
        <button
          class="button"
          part="button button-reject-all"
          type="button"
          @click=${() => this.#save(refuseAll(), 'reject-all', 'rejected')}
        >
          ${t('rejectAll')}
        </button>
      </div>
    </dialog>`;
  }

  #renderCategory(
    category: 'necessary' | OptionalCategory,
    label: string,
    why: string,
    checked: boolean,
    locked: boolean,
    services: readonly ServiceDeclaration[],
    note: string | null = null,
  ) {
    const t = this.#t;
    const own = services.filter((service) => service.category === category);
    const id = `candour-${category}`;
    return html`<section class="category" aria-labelledby="${id}-label">
      <div class="row">
        <div>
          <h3 id="${id}-label">${label}</h3>
          <p class="why" id="${id}-why">${why}</p>
          ${note ? html`<p class="gpc">${note}</p>` : nothing}
        </div>
        <label class="toggle">
          <span class="switch-wrap">
            <input
              type="checkbox"
              role="switch"
              name=${category}
              .checked=${checked}
              ?disabled=${locked}
              aria-describedby="${id}-why"
              aria-labelledby="${id}-label ${id}-state"
              @change=${locked ? null : (event: Event) => this.#toggle(category as OptionalCategory, event)}
            /><span class="switch" aria-hidden="true"></span>
          </span>
          <span id="${id}-state">${checked ? t('on') : t('off')}</span>
        </label>
      </div>
      ${own.map(
        (service) =>
          html`<details>
            <summary>${service.name} (${service.provider}): ${t('cookiesOf')}</summary>
            <p>${service.purpose}${this.#renderSource(service.source)}</p>
            <div class="table-wrap" role="region" aria-label="${service.name}" tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('cookieName')}</th>
                    <th scope="col">${t('cookiePurpose')}</th>
                    <th scope="col">${t('cookieDuration')}</th>
                    <th scope="col">${t('cookieTransfer')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${service.cookies.map(
                    (cookie) =>
                      html`<tr>
                        <td><code>${cookie.name}</code><br />${cookie.provider}${this.#renderSource(cookie.source)}</td>
                        <td>${cookie.purpose}</td>
                        <td>${cookie.duration}</td>
                        <td>${cookie.transfer ?? t('noTransfer')}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </details>`,
      )}
    </section>`;
  }

  /** Where a declaration comes from, when it is not the organisation's own policy. */
  #renderSource(source: FactSource | undefined) {
    if (!source || source.kind === 'policy') return nothing;
    const name = source.name ?? this.#t('sourceAuthor');
    // The compiler accepts only https here; checking again costs nothing.
    const shown = source.url && /^https:/i.test(source.url) ? html`<a href=${source.url}>${name}</a>` : name;
    return html`<br /><small class="source">${this.#t('source')} ${shown}</small>`;
  }
}

/**
 * Opens the dialog inside `<candour-consent>`'s shadow root (made on first use) with what the
 * controller knows now; the visitor's choice comes back through `onChoice`. Here rather than in
 * the banner, so that the banner's first paint carries none of it.
 */
export async function openPreferences(
  root: ShadowRoot,
  controller: ConsentController,
  language: Language,
  opener: HTMLElement | null,
  onChoice: (event: PreferencesChoiceEvent) => void,
): Promise<void> {
  let preferences = root.querySelector('candour-preferences');
  if (!preferences) {
    preferences = document.createElement('candour-preferences');
    preferences.addEventListener(PreferencesChoiceEvent.eventName, (event) =>
      onChoice(event as PreferencesChoiceEvent),
    );
    root.appendChild(preferences);
  }
  preferences.config = controller.config;
  preferences.choices = controller.get()?.choices ?? null;
  preferences.language = language;
  preferences.gpc = controller.gpc;
  preferences.receipt = controller.lastReceipt;
  await preferences.open(opener);
}

if (!customElements.get('candour-preferences')) customElements.define('candour-preferences', CandourPreferences);

declare global {
  interface HTMLElementTagNameMap {
    'candour-preferences': CandourPreferences;
  }
}
