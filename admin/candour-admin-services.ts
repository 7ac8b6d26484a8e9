import { html, nothing, type PropertyValues } from 'lit';
import type { NoticeHistoryEntry } from '../contract/admin.js';
import type { ServiceDeclaration } from '../contract/site.js';
import { adminApi, messageOf } from './api.js';
import { loadDraft, saveDraft } from './drafts.js';
import { OpenNoticeEvent } from './events.js';
import { LightElement } from './light-element.js';
import { servicesFields } from './services-fields.js';
import { servicesOf, withServices } from './services-source.js';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'service'
  );
}

/**
 * `<candour-admin-services>`: the categories, services and their cookies as a form (the notice
 * forms' own services editor, services-fields.ts). They are part
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
        ${servicesFields(this.services, (services) => (this.services = services))}
        <button type="submit">Put these into the notice draft</button>
      </form>
    </section>`;
  }
}

if (!customElements.get('candour-admin-services'))
  customElements.define('candour-admin-services', CandourAdminServices);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-services': CandourAdminServices;
  }
}
