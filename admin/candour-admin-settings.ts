import { html, nothing, type PropertyValues } from 'lit';
import { contrastWithWhite, MIN_ACCENT_CONTRAST, type RegisteredSite } from '../contract/admin.js';
import { OPTIONAL_CATEGORIES } from '../contract/categories.js';
import { CONSENT_MODE_TYPES } from '../contract/consent-mode.js';
import type { SiteSettings } from '../contract/site.js';
import { adminApi, AdminApiError, messageOf, when } from './api.js';
import './candour-admin-services.js';
import { SettingsSavedEvent } from './events.js';
import { LightElement } from './light-element.js';
import { CONSENT_MODE_LABELS, fieldFor, settingsFromForm } from './settings-form.js';

interface SiteResponse {
  site: RegisteredSite;
}

const CATEGORY_WORDS = { functional: 'Functional', analytics: 'Analytics', marketing: 'Marketing' } as const;

/**
 * `<candour-admin-settings>`: a site's settings as one form. The Worker validates the whole of it;
 * a refused value is named beside its field and nothing is saved.
 */
export class CandourAdminSettings extends LightElement {
  static override properties = {
    site: { type: String },
    settings: { state: true },
    updatedAt: { state: true },
    accent: { state: true },
    issues: { state: true },
    status: { state: true },
    problem: { state: true },
    saving: { state: true },
  };

  site = '';
  settings: SiteSettings | null = null;
  updatedAt = '';
  accent = '';
  issues: { field: string; message: string }[] = [];
  status = '';
  problem = '';
  saving = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(): Promise<void> {
    this.issues = [];
    this.problem = '';
    try {
      const { site } = await adminApi<SiteResponse>(`/sites/${this.site}`);
      this.settings = site.settings;
      this.updatedAt = site.updatedAt;
      this.accent = site.settings.theme.accent ?? '';
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.status = '';
    this.problem = '';
    this.issues = [];
    this.saving = true;
    try {
      const { site } = await adminApi<SiteResponse>(`/sites/${this.site}`, {
        method: 'PUT',
        body: this.#withAccent(settingsFromForm(form)),
      });
      this.settings = site.settings;
      this.updatedAt = site.updatedAt;
      this.status = 'Settings saved. Visitors see them within a minute.';
      this.dispatchEvent(new SettingsSavedEvent());
    } catch (error) {
      if (error instanceof AdminApiError && error.issues.length) {
        this.problem = 'Nothing was saved. Fix these and save again:';
        this.issues = error.issues.map((issue) => ({ field: fieldFor(issue.path), message: issue.message }));
        await this.updateComplete;
        this.querySelector<HTMLElement>('.admin-alert')?.focus();
      } else {
        this.problem = `Nothing was saved. ${messageOf(error)}`;
      }
    } finally {
      this.saving = false;
    }
  }

  /** A colour input always has a value: send it only once an accent has been chosen. */
  #withAccent(settings: SiteSettings): SiteSettings {
    return this.accent ? settings : { ...settings, theme: {} };
  }

  #issue(field: string) {
    const found = this.issues.filter((issue) => issue.field === field);
    return found.length
      ? html`<p class="field-error" id="${field}-error">
          ${found.map((issue) => html`<span>${issue.message}</span> `)}
        </p>`
      : nothing;
  }

  #described(field: string, hint?: string): string {
    return [hint, this.issues.some((issue) => issue.field === field) ? `${field}-error` : ''].filter(Boolean).join(' ');
  }

  #invalid(field: string): 'true' | 'false' {
    return this.issues.some((issue) => issue.field === field) ? 'true' : 'false';
  }

  override render() {
    const settings = this.settings;
    if (!settings) {
      return this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing;
    }
    const ratio = /^#[0-9a-f]{6}$/i.test(this.accent) ? contrastWithWhite(this.accent) : null;
    return html`<h2>Site settings</h2>
      <p class="admin-hint">Last changed ${when(this.updatedAt)}.</p>
      <p class="admin-status" role="status">${this.status}</p>
      ${
        this.problem
          ? html`<div class="admin-alert" role="alert" tabindex="-1">
              <p>${this.problem}</p>
              ${
                this.issues.length
                  ? html`<ul>
                      ${this.issues.map((issue) => html`<li><a href="#${issue.field}">${issue.message}</a></li>`)}
                    </ul>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <form id="settings-form" class="settings" novalidate @submit=${this.#save}>
        <fieldset>
          <legend>Organisation</legend>
          <p>
            <label for="settings-name">Name, as visitors see it</label>
            <input
              id="settings-name"
              name="name"
              maxlength="200"
              .value=${settings.organisation.name}
              aria-invalid=${this.#invalid('settings-name')}
              aria-describedby=${this.#described('settings-name')}
            />
            ${this.#issue('settings-name')}
          </p>
          <p>
            <label for="settings-website">Website (optional)</label>
            <input
              id="settings-website"
              name="website"
              type="url"
              .value=${settings.organisation.website ?? ''}
              aria-invalid=${this.#invalid('settings-website')}
              aria-describedby=${this.#described('settings-website')}
            />
            ${this.#issue('settings-website')}
          </p>
          <p>
            <label for="settings-privacy-url">Privacy page address (optional)</label>
            <span class="admin-hint" id="settings-privacy-url-hint"
              >Where the banner’s “read the full notice” link goes. Without it, the link opens the notice on this
              Worker.</span
            >
            <input
              id="settings-privacy-url"
              name="privacyUrl"
              type="url"
              .value=${settings.privacyUrl ?? ''}
              aria-invalid=${this.#invalid('settings-privacy-url')}
              aria-describedby=${this.#described('settings-privacy-url', 'settings-privacy-url-hint')}
            />
            ${this.#issue('settings-privacy-url')}
          </p>
        </fieldset>
        <fieldset>
          <legend>Where the banner runs</legend>
          <p>
            <label for="settings-origins">Allowed origins, one per line</label>
            <span class="admin-hint" id="settings-origins-hint"
              >Scheme and host of each website that embeds the banner, e.g. https://www.clinic.example</span
            >
            <textarea
              id="settings-origins"
              name="origins"
              rows="4"
              .value=${settings.allowedOrigins.join('\n')}
              aria-invalid=${this.#invalid('settings-origins')}
              aria-describedby=${this.#described('settings-origins', 'settings-origins-hint')}
            ></textarea>
            ${this.#issue('settings-origins')}
          </p>
          <p>
            <label for="settings-language">Default language</label>
            <select id="settings-language" name="language">
              <option value="en" ?selected=${settings.defaultLanguage === 'en'}>English</option>
              <option value="cy" ?selected=${settings.defaultLanguage === 'cy'}>Cymraeg (Welsh)</option>
            </select>
          </p>
        </fieldset>
        <fieldset>
          <legend>How long things last</legend>
          <p>
            <label for="settings-expiry">Ask again after this many months (1 to 12)</label>
            <input
              id="settings-expiry"
              name="expiry"
              type="number"
              inputmode="numeric"
              min="1"
              max="12"
              .value=${String(settings.consentExpiryMonths)}
              aria-invalid=${this.#invalid('settings-expiry')}
              aria-describedby=${this.#described('settings-expiry')}
            />
            ${this.#issue('settings-expiry')}
          </p>
          <p>
            <label for="settings-retention">Keep consent records for this many days (30 to 3,650)</label>
            <span class="admin-hint" id="settings-retention-hint"
              >2,192 days is six years, the limitation period for most claims in England and Wales.</span
            >
            <input
              id="settings-retention"
              name="retention"
              type="number"
              inputmode="numeric"
              min="30"
              max="3650"
              .value=${String(settings.receiptRetentionDays)}
              aria-invalid=${this.#invalid('settings-retention')}
              aria-describedby=${this.#described('settings-retention', 'settings-retention-hint')}
            />
            ${this.#issue('settings-retention')}
          </p>
        </fieldset>
        <fieldset>
          <legend>Theme</legend>
          <p>
            <label for="settings-accent">Accent colour (buttons and highlights)</label>
            <input
              id="settings-accent"
              name="accent"
              type="color"
              .value=${this.accent || '#1d4f91'}
              @input=${(event: Event) => (this.accent = (event.target as HTMLInputElement).value)}
              aria-invalid=${this.#invalid('settings-accent')}
              aria-describedby=${this.#described('settings-accent', 'settings-accent-contrast')}
            />
            <span
              id="settings-accent-contrast"
              class=${ratio !== null && ratio < MIN_ACCENT_CONTRAST ? 'fails' : 'passes'}
            >
              ${
                ratio === null
                  ? 'No accent colour set: the banner uses its own.'
                  : `${this.accent}: white text on it has a contrast of ${ratio.toFixed(2)}:1 — ${
                      ratio >= MIN_ACCENT_CONTRAST
                        ? 'readable (at least 4.5:1).'
                        : `too low; choose a darker colour (at least ${MIN_ACCENT_CONTRAST}:1).`
                    }`
              }
            </span>
            ${this.#issue('settings-accent')}
          </p>
        </fieldset>
        <fieldset id="settings-consent-mode" tabindex="-1">
          <legend>Google Consent Mode: what each category grants</legend>
          ${this.#issue('settings-consent-mode')}
          ${OPTIONAL_CATEGORIES.map(
            (category) =>
              html`<fieldset class="consent-mode">
                <legend>${CATEGORY_WORDS[category]}</legend>
                ${CONSENT_MODE_TYPES.map(
                  (type) =>
                    html`<div class="choice">
                      <input
                        type="checkbox"
                        id="consent-mode-${category}-${type}"
                        name="consent-mode-${category}"
                        value=${type}
                        .checked=${settings.consentMode[category].includes(type)}
                      />
                      <label for="consent-mode-${category}-${type}">${CONSENT_MODE_LABELS[type]}</label>
                    </div>`,
                )}
              </fieldset>`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${this.saving}>Save settings</button>
      </form>
      <candour-admin-services .site=${this.site}></candour-admin-services>`;
  }
}

if (!customElements.get('candour-admin-settings'))
  customElements.define('candour-admin-settings', CandourAdminSettings);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-settings': CandourAdminSettings;
  }
}
