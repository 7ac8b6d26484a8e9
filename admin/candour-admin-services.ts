import { html, nothing, type PropertyValues } from 'lit';
import type { NoticeHistoryEntry } from '../contract/admin.js';
import { CATEGORIES, type Category } from '../contract/categories.js';
import type { CookieDeclaration, ServiceDeclaration } from '../contract/site.js';
import { adminApi, messageOf } from './api.js';
import { loadDraft, saveDraft } from './drafts.js';
import { OpenNoticeEvent } from './events.js';
import { LightElement } from './light-element.js';
import { servicesOf, withServices } from './services-source.js';

const CATEGORY_WORDS: Record<Category, string> = {
  necessary: 'Strictly necessary (always on)',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

const COOKIE_FIELDS: { key: keyof CookieDeclaration; label: string }[] = [
  { key: 'name', label: 'Cookie name' },
  { key: 'provider', label: 'Set by' },
  { key: 'purpose', label: 'Purpose' },
  { key: 'duration', label: 'Lasts' },
  { key: 'transfer', label: 'Data goes to (outside the UK, optional)' },
];

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'service'
  );
}

/**
 * `<candour-admin-services>`: the categories, services and their cookies as a form. They are part
 * of the notice (visitors consent to them), so the edited list goes into the notice draft, to be
 * checked, compared and published there.
 */
export class CandourAdminServices extends LightElement {
  static override properties = {
    site: { type: String },
    services: { state: true },
    problem: { state: true },
  };

  site = '';
  services: ServiceDeclaration[] | null = null;
  problem = '';
  #source = '';
  #startedFrom = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(): Promise<void> {
    this.problem = '';
    try {
      const draft = loadDraft(this.site);
      if (draft) {
        this.#source = draft.source;
        this.#startedFrom = draft.startedFrom;
      } else {
        const { versions } = await adminApi<{ versions: NoticeHistoryEntry[] }>(`/sites/${this.site}/notices`);
        const latest = versions[0];
        if (!latest) {
          this.services = [];
          return;
        }
        this.#source = (await adminApi<{ source: string }>(`/sites/${this.site}/notices/${latest.version}`)).source;
        this.#startedFrom = latest.version;
      }
      const services = servicesOf(this.#source);
      if (!services)
        this.problem = 'The notice draft has problems in its settings block: fix them on the Notice page first.';
      this.services = services ?? [];
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  #update(index: number, change: Partial<ServiceDeclaration>): void {
    this.services = this.services!.map((service, i) => (i === index ? { ...service, ...change } : service));
  }

  #updateCookie(index: number, cookieIndex: number, key: keyof CookieDeclaration, value: string): void {
    const service = this.services![index]!;
    this.#update(index, {
      cookies: service.cookies.map((cookie, i) => (i === cookieIndex ? { ...cookie, [key]: value } : cookie)),
    });
  }

  #addService(): void {
    this.services = [
      ...this.services!,
      { id: '', name: '', category: 'analytics', provider: '', purpose: '', cookies: [] },
    ];
  }

  #apply(event: SubmitEvent): void {
    event.preventDefault();
    this.problem = '';
    const used = new Set<string>();
    const services = this.services!.map((service) => {
      let id = service.id.trim() || slug(service.name);
      while (used.has(id)) id = `${id}-2`;
      used.add(id);
      return { ...service, id };
    });
    try {
      const source = withServices(this.#source, services);
      saveDraft(this.site, { startedFrom: this.#startedFrom, source });
      this.#source = source;
      this.dispatchEvent(
        new OpenNoticeEvent(
          'Your services and cookies are in the notice draft. Check the changes below, then publish.',
        ),
      );
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  override render() {
    if (!this.services) return nothing;
    return html`<section class="services" aria-labelledby="services-heading">
      <h2 id="services-heading">Categories, services and cookies</h2>
      <p>
        These are what visitors are asked about. They are part of the privacy notice, so a change here goes into the
        notice draft; it is published, as a material change, from the Notice page.
      </p>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <form @submit=${this.#apply}>
        ${this.services.map((service, index) => this.#renderService(service, index))}
        <p>
          <button type="button" class="secondary" @click=${this.#addService}>Add a service</button>
        </p>
        <button type="submit">Put these into the notice draft</button>
      </form>
    </section>`;
  }

  #renderService(service: ServiceDeclaration, index: number) {
    const id = (field: string) => `service-${index}-${field}`;
    const input = (field: 'name' | 'provider' | 'purpose' | 'privacyUrl', label: string, required = true) =>
      html`<p>
        <label for=${id(field)}>${label}</label>
        <input
          id=${id(field)}
          ?required=${required}
          .value=${service[field] ?? ''}
          @input=${(event: Event) => this.#update(index, { [field]: (event.target as HTMLInputElement).value })}
        />
      </p>`;
    return html`<fieldset class="service">
      <legend>${service.name || 'New service'}</legend>
      ${input('name', 'Service name')}
      <p>
        <label for=${id('category')}>Category</label>
        <select
          id=${id('category')}
          @change=${(event: Event) =>
            this.#update(index, { category: (event.target as HTMLSelectElement).value as Category })}
        >
          ${CATEGORIES.map(
            (category) =>
              html`<option value=${category} ?selected=${service.category === category}>
                ${CATEGORY_WORDS[category]}
              </option>`,
          )}
        </select>
      </p>
      ${input('provider', 'Provided by')} ${input('purpose', 'What it is for')}
      ${input('privacyUrl', 'Provider’s privacy page (optional)', false)}
      <div class="cookies">
        ${service.cookies.map(
          (cookie, cookieIndex) =>
            html`<fieldset class="cookie">
              <legend>Cookie ${cookieIndex + 1} of ${service.name || 'this service'}</legend>
              ${COOKIE_FIELDS.map(
                ({ key, label }) =>
                  html`<p>
                    <label for=${id(`cookie-${cookieIndex}-${key}`)}>${label}</label>
                    <input
                      id=${id(`cookie-${cookieIndex}-${key}`)}
                      ?required=${key !== 'transfer'}
                      .value=${cookie[key] ?? ''}
                      @input=${(event: Event) =>
                        this.#updateCookie(index, cookieIndex, key, (event.target as HTMLInputElement).value)}
                    />
                  </p>`,
              )}
              <button
                type="button"
                class="secondary small"
                @click=${() => this.#update(index, { cookies: service.cookies.filter((_, i) => i !== cookieIndex) })}
              >
                Remove cookie ${cookie.name}
              </button>
            </fieldset>`,
        )}
      </div>
      <p class="service-actions">
        <button
          type="button"
          class="secondary small"
          @click=${() =>
            this.#update(index, {
              cookies: [...service.cookies, { name: '', provider: service.provider, purpose: '', duration: '' }],
            })}
        >
          Add a cookie to ${service.name || 'this service'}
        </button>
        <button
          type="button"
          class="secondary small"
          @click=${() => (this.services = this.services!.filter((_, i) => i !== index))}
        >
          Remove ${service.name || 'this service'}
        </button>
      </p>
    </fieldset>`;
  }
}

if (!customElements.get('candour-admin-services'))
  customElements.define('candour-admin-services', CandourAdminServices);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-services': CandourAdminServices;
  }
}
