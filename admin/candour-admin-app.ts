import { html, nothing } from 'lit';
import type { AdminSessionInfo, RegisteredSite } from '../contract/admin.js';
import { adminApi, messageOf } from './api.js';
import './candour-admin-audit.js';
import './candour-admin-cookies.js';
import './candour-admin-notice.js';
import './candour-admin-records.js';
import './candour-admin-settings.js';
import './candour-admin-tokens.js';
import { LightElement } from './light-element.js';

const TABS = [
  { id: 'notice', label: 'Notice' },
  { id: 'cookies', label: 'Cookies' },
  { id: 'settings', label: 'Settings' },
  { id: 'records', label: 'Consent records' },
  { id: 'audit', label: 'Audit log' },
  { id: 'tokens', label: 'Admin tokens' },
] as const;
type Tab = (typeof TABS)[number]['id'];

type SiteSummary = Pick<RegisteredSite, 'id' | 'settings'>;

/** Where the page is: `#/<site>/<tab>`, so that reloads and the back button keep the place. */
function readLocation(): { site: string; tab: Tab } {
  const [, site = '', tab = 'notice'] = location.hash.split('/');
  return { site: decodeURIComponent(site), tab: TABS.some((entry) => entry.id === tab) ? (tab as Tab) : 'notice' };
}

/** `<candour-admin-app>`: the signed-in admin page: pick a site, then one of its sections. */
export class CandourAdminApp extends LightElement {
  static override properties = {
    sites: { state: true },
    session: { state: true },
    site: { state: true },
    tab: { state: true },
    flash: { state: true },
    problem: { state: true },
  };

  sites: SiteSummary[] = [];
  session: AdminSessionInfo | null = null;
  site = '';
  tab: Tab = 'notice';
  flash = '';
  problem = '';
  #onHashChange = () => this.#follow();
  /** The next section change keeps the message (it is about that section). */
  #keepFlash = false;
  #focusPending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHashChange);
    this.addEventListener('candour-admin-open-notice', (event) => {
      this.flash = event.detail.message;
      this.#keepFlash = true;
      this.#go(this.site, 'notice');
    });
    this.addEventListener('candour-admin-settings-saved', () => void this.#loadSites());
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHashChange);
  }

  async #start(): Promise<void> {
    try {
      this.session = await adminApi<AdminSessionInfo>('/session');
      await this.#loadSites();
      this.#follow();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  async #loadSites(): Promise<void> {
    this.sites = (await adminApi<{ sites: SiteSummary[] }>('/sites')).sites;
  }

  #follow(): void {
    const { site, tab } = readLocation();
    const known = this.sites.some((entry) => entry.id === site);
    const chosen = known ? site : (this.sites[0]?.id ?? '');
    if (chosen !== this.site || tab !== this.tab) {
      if (!this.#keepFlash) this.flash = '';
      this.#keepFlash = false;
      this.site = chosen;
      this.tab = tab === 'tokens' && this.session?.site ? 'notice' : tab;
    }
    const current = this.sites.find((entry) => entry.id === this.site);
    document.title = current ? `${current.settings.organisation.name} – Candour admin` : 'Candour admin';
  }

  #go(site: string, tab: Tab): void {
    const hash = `#/${encodeURIComponent(site)}/${tab}`;
    if (location.hash !== hash) location.hash = hash;
    else this.#follow();
  }

  override updated(): void {
    // After a section change, put keyboard focus on its heading, as a page load would.
    const heading = this.querySelector<HTMLElement>('.admin-panel h2');
    if (heading && this.#focusPending) {
      heading.tabIndex = -1;
      heading.focus();
      this.#focusPending = false;
    }
  }

  override render() {
    if (this.problem) return html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>`;
    if (!this.session) return html`<p>Loading…</p>`;
    if (this.sites.length === 0)
      return html`<h1>No sites yet</h1>
        <p>Register a site with the admin API first.</p>`;
    const site = this.sites.find((entry) => entry.id === this.site);
    const tabs = TABS.filter((entry) => entry.id !== 'tokens' || this.session?.site === null);
    return html`<div class="admin-site-bar">
        <h1>${site?.settings.organisation.name ?? this.site}</h1>
        ${
          this.sites.length > 1
            ? html`<p>
                <label for="site-picker">Site</label>
                <select
                  id="site-picker"
                  @change=${(event: Event) => this.#go((event.target as HTMLSelectElement).value, this.tab)}
                >
                  ${this.sites.map(
                    (entry) =>
                      html`<option value=${entry.id} ?selected=${entry.id === this.site}>
                        ${entry.settings.organisation.name} (${entry.id})
                      </option>`,
                  )}
                </select>
              </p>`
            : html`<p class="admin-hint">Site id: <code>${this.site}</code></p>`
        }
      </div>
      <nav class="admin-tabs" aria-label="Admin sections">
        <ul>
          ${tabs.map(
            (entry) =>
              html`<li>
                <a
                  href="#/${encodeURIComponent(this.site)}/${entry.id}"
                  aria-current=${entry.id === this.tab ? 'page' : nothing}
                  @click=${() => (this.#focusPending = true)}
                  >${entry.label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      ${this.flash ? html`<div class="admin-success" role="status"><p>${this.flash}</p></div>` : nothing}
      <div class="admin-panel">${this.#renderPanel()}</div>`;
  }

  #renderPanel() {
    switch (this.tab) {
      case 'notice':
        return html`<candour-admin-notice .site=${this.site}></candour-admin-notice>`;
      case 'cookies':
        return html`<candour-admin-cookies .site=${this.site}></candour-admin-cookies>`;
      case 'settings':
        return html`<candour-admin-settings .site=${this.site}></candour-admin-settings>`;
      case 'records':
        return html`<candour-admin-records .site=${this.site}></candour-admin-records>`;
      case 'audit':
        return html`<candour-admin-audit
          .site=${this.site}
          ?global=${this.session?.site === null}
        ></candour-admin-audit>`;
      case 'tokens':
        return html`<candour-admin-tokens
          .sites=${this.sites.map((entry) => ({ id: entry.id, name: entry.settings.organisation.name }))}
        ></candour-admin-tokens>`;
    }
  }
}

if (!customElements.get('candour-admin-app')) customElements.define('candour-admin-app', CandourAdminApp);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-app': CandourAdminApp;
  }
}
