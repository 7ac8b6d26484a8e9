import { html, nothing, type TemplateResult } from 'lit';
import { CATALOGUE, catalogueService, type CatalogueService } from '../contract/catalogue.js';
import { CATEGORIES, type Category } from '../contract/categories.js';
import type { CookieDeclaration, FactSource, ServiceDeclaration } from '../contract/site.js';
import { fieldId, textField, type FieldPath } from './form-fields.js';

/**
 * The services and their cookies on the notice forms: picked from the known-services catalogue
 * (its facts then name the provider's documentation as their source) or typed by the author.
 */
const CATEGORY_WORDS: Record<Category, string> = {
  necessary: 'Strictly necessary (always on)',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

const SOURCE_WORDS = {
  policy: 'Our own privacy policy',
  provider: 'The provider’s documentation',
  author: 'Written by us for this notice',
} as const;

export type ServicesChange = (services: ServiceDeclaration[]) => void;

const fromCatalogue = (service: CatalogueService): FactSource => ({
  kind: 'provider',
  name: service.reference.name,
  url: service.reference.url,
});

export function catalogueCookie(service: CatalogueService, name: string): CookieDeclaration | undefined {
  const cookie = service.cookies.find((entry) => entry.name === name);
  if (!cookie) return undefined;
  return {
    name: cookie.match === 'prefix' ? `${cookie.name}*` : cookie.name,
    provider: service.provider,
    purpose: cookie.purpose,
    duration: cookie.duration,
    source: fromCatalogue(service),
  };
}

export function catalogueDeclaration(service: CatalogueService): ServiceDeclaration {
  return {
    id: service.id,
    name: service.name,
    category: service.category,
    provider: service.provider,
    purpose: '',
    privacyUrl: service.privacyUrl,
    source: fromCatalogue(service),
    cookies: service.cookies.map((cookie) => catalogueCookie(service, cookie.name)!),
  };
}

function sourceFields(path: FieldPath, source: FactSource | undefined, onChange: (source?: FactSource) => void) {
  const kind = source?.kind ?? 'policy';
  const id = fieldId([...path, 'kind']);
  return html`<div class="fact-source">
    <p class="form-field">
      <label for=${id}>Where these facts come from</label>
      <select
        id=${id}
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value as FactSource['kind'];
          onChange(value === 'policy' ? undefined : { ...source, kind: value });
        }}
      >
        ${Object.entries(SOURCE_WORDS).map(
          ([value, words]) => html`<option value=${value} ?selected=${kind === value}>${words}</option>`,
        )}
      </select>
    </p>
    ${
      kind === 'policy'
        ? nothing
        : html`${textField([...path, 'name'], {
            label: 'Name of the source',
            hint: 'Visitors see it, e.g. “Google’s documentation”.',
            value: source?.name,
            required: kind === 'provider',
            onInput: (value) => onChange({ ...source!, name: value || undefined }),
          })}
          ${textField([...path, 'url'], {
            label: 'Its address (https://…)',
            value: source?.url,
            onInput: (value) => onChange({ ...source!, url: value || undefined }),
          })}`
    }
  </div>`;
}

function cookieFields(
  path: FieldPath,
  service: ServiceDeclaration,
  cookie: CookieDeclaration,
  onChange: (cookie: CookieDeclaration | null) => void,
): TemplateResult {
  const set = (key: keyof CookieDeclaration) => (value: string) =>
    onChange({ ...cookie, [key]: key === 'transfer' && value === '' ? undefined : value });
  return html`<fieldset class="cookie" id=${fieldId(path)}>
    <legend>Cookie ${cookie.name || '(new)'}</legend>
    ${textField([...path, 'name'], { label: 'Cookie name', value: cookie.name, required: true, onInput: set('name') })}
    ${textField([...path, 'provider'], { label: 'Set by', value: cookie.provider, required: true, onInput: set('provider') })}
    ${textField([...path, 'purpose'], {
      label: 'What it does',
      value: cookie.purpose,
      required: true,
      multiline: true,
      onInput: set('purpose'),
    })}
    ${textField([...path, 'duration'], {
      label: 'How long it lasts',
      value: cookie.duration,
      required: true,
      onInput: set('duration'),
    })}
    ${textField([...path, 'transfer'], {
      label: 'Where its data goes, if outside the UK',
      value: cookie.transfer,
      onInput: set('transfer'),
    })}
    ${sourceFields([...path, 'source'], cookie.source, (source) => onChange({ ...cookie, source }))}
    <button type="button" class="secondary small" @click=${() => onChange(null)}>
      Remove cookie ${cookie.name} from ${service.name}
    </button>
  </fieldset>`;
}

function addCookieControls(path: FieldPath, service: ServiceDeclaration, onAdd: (cookie: CookieDeclaration) => void) {
  const known = catalogueService(service.id);
  const missing = known?.cookies.filter(
    (cookie) => !service.cookies.some((declared) => declared.name.replace(/\*$/, '') === cookie.name),
  );
  const selectId = fieldId([...path, 'catalogue-cookie']);
  return html`<div class="service-actions">
    ${
      known && missing && missing.length > 0
        ? html`<label for=${selectId}>Add a cookie from ${known.reference.name}</label>
            <select
              id=${selectId}
              @change=${(event: Event) => {
                const select = event.target as HTMLSelectElement;
                const cookie = catalogueCookie(known, select.value);
                select.value = '';
                if (cookie) onAdd(cookie);
              }}
            >
              <option value="">Choose a cookie…</option>
              ${missing.map((cookie) => html`<option value=${cookie.name}>${cookie.name}: ${cookie.purpose}</option>`)}
            </select>`
        : nothing
    }
    <button
      type="button"
      class="secondary small"
      @click=${() =>
        onAdd({ name: '', provider: service.provider, purpose: '', duration: '', source: { kind: 'author' } })}
    >
      Add a cookie to ${service.name || 'this service'} by hand
    </button>
  </div>`;
}

function serviceFields(
  index: number,
  service: ServiceDeclaration,
  onChange: (service: ServiceDeclaration | null) => void,
): TemplateResult {
  const path = ['services', index];
  const set = (key: 'name' | 'provider' | 'purpose' | 'privacyUrl') => (value: string) =>
    onChange({ ...service, [key]: key === 'privacyUrl' && value === '' ? undefined : value });
  const categoryId = fieldId([...path, 'category']);
  return html`<fieldset class="service" id=${fieldId(path)}>
    <legend>${service.name || 'New service'}</legend>
    ${textField([...path, 'name'], { label: 'Service name', value: service.name, required: true, onInput: set('name') })}
    ${textField([...path, 'id'], {
      label: 'Short id',
      hint: 'Lowercase letters, digits and hyphens; keep it once published.',
      value: service.id,
      required: true,
      onInput: (value) => onChange({ ...service, id: value }),
    })}
    <p class="form-field">
      <label for=${categoryId}>Category</label>
      <select
        id=${categoryId}
        @change=${(event: Event) =>
          onChange({ ...service, category: (event.target as HTMLSelectElement).value as Category })}
      >
        ${CATEGORIES.map(
          (category) =>
            html`<option value=${category} ?selected=${service.category === category}>
              ${CATEGORY_WORDS[category]}
            </option>`,
        )}
      </select>
    </p>
    ${textField([...path, 'provider'], { label: 'Provided by', value: service.provider, required: true, onInput: set('provider') })}
    ${textField([...path, 'purpose'], {
      label: 'What we use it for',
      value: service.purpose,
      required: true,
      multiline: true,
      onInput: set('purpose'),
    })}
    ${textField([...path, 'privacyUrl'], {
      label: 'Provider’s privacy page',
      value: service.privacyUrl,
      onInput: set('privacyUrl'),
    })}
    ${sourceFields([...path, 'source'], service.source, (source) => onChange({ ...service, source }))}
    <div class="cookies">
      ${service.cookies.map((cookie, cookieIndex) =>
        cookieFields([...path, 'cookies', cookieIndex], service, cookie, (changed) =>
          onChange({
            ...service,
            cookies: changed
              ? service.cookies.map((old, i) => (i === cookieIndex ? changed : old))
              : service.cookies.filter((_, i) => i !== cookieIndex),
          }),
        ),
      )}
    </div>
    ${addCookieControls(path, service, (cookie) => onChange({ ...service, cookies: [...service.cookies, cookie] }))}
    <button type="button" class="secondary small" @click=${() => onChange(null)}>
      Remove ${service.name || 'this service'}
    </button>
  </fieldset>`;
}

export function servicesFields(services: readonly ServiceDeclaration[], onChange: ServicesChange): TemplateResult {
  const available = CATALOGUE.filter((known) => !services.some((service) => service.id === known.id));
  const pickId = fieldId(['services', 'catalogue']);
  return html`<div id=${fieldId(['services'])}>
    ${services.map((service, index) =>
      serviceFields(index, service, (changed) =>
        onChange(
          changed ? services.map((old, i) => (i === index ? changed : old)) : services.filter((_, i) => i !== index),
        ),
      ),
    )}
    <p class="form-field">
      <label for=${pickId}>Add a known service</label>
      <span class="admin-hint">Its cookies come from the provider’s documentation, and visitors are told so.</span>
      <select
        id=${pickId}
        @change=${(event: Event) => {
          const select = event.target as HTMLSelectElement;
          const known = catalogueService(select.value);
          select.value = '';
          if (known) onChange([...services, catalogueDeclaration(known)]);
        }}
      >
        <option value="">Choose a service…</option>
        ${available.map((known) => html`<option value=${known.id}>${known.name} (${known.provider})</option>`)}
      </select>
    </p>
    <button
      type="button"
      class="secondary small"
      @click=${() =>
        onChange([
          ...services,
          {
            id: '',
            name: '',
            category: 'analytics',
            provider: '',
            purpose: '',
            source: { kind: 'author' },
            cookies: [],
          },
        ])}
    >
      Add a service by hand
    </button>
  </div>`;
}
