import { html, nothing, type PropertyValues } from 'lit';
import type { NoticeHistoryEntry } from '../contract/admin.js';
import { OPTIONAL_CATEGORIES, type OptionalCategory } from '../contract/categories.js';
import type { DiscoveredCookie } from '../contract/discovery.js';
import { adminApi, messageOf, when } from './api.js';
import { declareDiscovered } from './declare-cookie.js';
import { loadDraft, saveDraft } from './drafts.js';
import { LightElement } from './light-element.js';

const CATEGORY_WORDS: Record<OptionalCategory, string> = {
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

/**
 * `<candour-admin-cookies>`: cookies that visitors' browsers reported after they agreed, which the
 * notice in force does not declare, with the catalogue's best match. One click puts the
 * declaration in the notice draft (a material change: visitors are asked again once it is
 * published); an admin may also say which category a cookie belongs to, so that withdrawing that
 * category clears it.
 */
export class CandourAdminCookies extends LightElement {
  static override properties = {
    site: { type: String },
    cookies: { state: true },
    problem: { state: true },
    status: { state: true },
  };

  site = '';
  cookies: DiscoveredCookie[] | null = null;
  problem = '';
  status = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(): Promise<void> {
    this.problem = '';
    try {
      this.cookies = (
        await adminApi<{ cookies: DiscoveredCookie[] }>(`/sites/${this.site}/cookies/discovered`)
      ).cookies;
    } catch (error) {
      this.problem = messageOf(error);
      this.cookies ??= [];
    }
  }

  async #attribute(event: SubmitEvent, cookie: DiscoveredCookie): Promise<void> {
    event.preventDefault();
    this.problem = '';
    this.status = '';
    const value = new FormData(event.target as HTMLFormElement).get('category');
    const category = OPTIONAL_CATEGORIES.find((entry) => entry === value) ?? null;
    try {
      await adminApi(`/sites/${this.site}/cookies/discovered/${encodeURIComponent(cookie.name)}`, {
        method: 'PUT',
        body: { category },
      });
      this.status = category
        ? `${cookie.name} is now cleared when a visitor withdraws ${CATEGORY_WORDS[category].toLowerCase()} consent.`
        : `${cookie.name} is no longer attributed to a category.`;
      await this.load();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  async #draftSource(): Promise<{ source: string; startedFrom: number }> {
    const draft = loadDraft(this.site);
    if (draft) return draft;
    const { versions } = await adminApi<{ versions: NoticeHistoryEntry[] }>(`/sites/${this.site}/notices`);
    const latest = versions[0];
    if (!latest) throw new Error('This site has no notice yet: write one on the Notice page first.');
    const { source } = await adminApi<{ source: string }>(`/sites/${this.site}/notices/${latest.version}`);
    return { source, startedFrom: latest.version };
  }

  async #declare(cookie: DiscoveredCookie): Promise<void> {
    this.problem = '';
    this.status = '';
    try {
      const draft = await this.#draftSource();
      const declared = declareDiscovered(draft.source, cookie);
      saveDraft(this.site, { startedFrom: draft.startedFrom, source: declared.source });
      const what =
        declared.added === 'service'
          ? `${declared.service} and its cookies are now in the notice draft`
          : `${cookie.name} is now declared under ${declared.service} in the notice draft`;
      this.dispatchEvent(
        new CustomEvent('candour-admin-open-notice', {
          bubbles: true,
          composed: true,
          detail: {
            message: `${what}. Check the changes below, then publish: visitors will be asked again.`,
          },
        }),
      );
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  override render() {
    return html`<section class="discovered" aria-labelledby="cookies-heading">
      <h2 id="cookies-heading">Cookies</h2>
      <p class="admin-hint">
        Cookies that visitors’ browsers reported after they agreed to cookies, which your notice does not declare. Only
        names are reported, never values. Declare each one, or find out what sets it.
      </p>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <div role="status">${this.status ? html`<p>${this.status}</p>` : nothing}</div>
      ${this.#renderList()}
    </section>`;
  }

  #renderList() {
    if (!this.cookies) return html`<p>Loading…</p>`;
    if (this.cookies.length === 0)
      return html`<p>No undeclared cookies have been reported. Your notice covers every cookie visitors have seen.</p>`;
    return html`<ul class="discovered-list">
      ${this.cookies.map((cookie) => this.#renderCookie(cookie))}
    </ul>`;
  }

  #renderCookie(cookie: DiscoveredCookie) {
    const id = `cookie-${cookie.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const match = cookie.match;
    const canDeclare = match !== null || cookie.attributed !== null;
    return html`<li aria-labelledby="${id}-name">
      <h3 id="${id}-name"><code>${cookie.name}</code></h3>
      <dl>
        <dt>First seen</dt>
        <dd>${when(cookie.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>${when(cookie.lastSeen)}</dd>
        <dt>Reports</dt>
        <dd>${cookie.reports}</dd>
        <dt>Visitors had allowed</dt>
        <dd>${cookie.granted.map((category) => CATEGORY_WORDS[category]).join(', ') || '—'}</dd>
        <dt>Catalogue match</dt>
        <dd>
          ${
            match
              ? html`${match.serviceName} (${match.provider}), ${CATEGORY_WORDS[match.category].toLowerCase()}:
                ${match.purpose.replace(/\.?$/, '.')} Lasts ${match.duration}.`
              : 'No known service sets this name.'
          }
        </dd>
      </dl>
      <form class="discovered-actions" @submit=${(event: SubmitEvent) => void this.#attribute(event, cookie)}>
        <label for="${id}-category">Cleared when a visitor withdraws</label>
        <select id="${id}-category" name="category">
          <option value="" ?selected=${cookie.attributed === null}>
            ${match ? `${CATEGORY_WORDS[match.category]} (from the catalogue)` : 'Not attributed'}
          </option>
          ${OPTIONAL_CATEGORIES.map(
            (category) =>
              html`<option value=${category} ?selected=${cookie.attributed === category}>
                ${CATEGORY_WORDS[category]}
              </option>`,
          )}
        </select>
        <button type="submit" class="secondary" aria-describedby="${id}-name">Save category</button>
      </form>
      <p>
        <button
          type="button"
          aria-describedby="${id}-name"
          ?disabled=${!canDeclare}
          @click=${() => void this.#declare(cookie)}
        >
          Declare in notice draft
        </button>
        ${canDeclare ? nothing : html`<span class="admin-hint">Choose its category first.</span>`}
      </p>
    </li>`;
  }
}

if (!customElements.get('candour-admin-cookies')) customElements.define('candour-admin-cookies', CandourAdminCookies);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-cookies': CandourAdminCookies;
  }
}
