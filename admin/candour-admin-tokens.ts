import { html, nothing } from 'lit';
import type { AdminTokenInfo } from '../contract/admin.js';
import { adminApi, AdminApiError, messageOf, when } from './api.js';
import { LightElement } from './light-element.js';

/**
 * `<candour-admin-tokens>`: admin tokens for every site or for one. A new token is shown once;
 * the Worker keeps only its SHA-256 digest. Revoking ends the sessions it opened.
 */
export class CandourAdminTokens extends LightElement {
  static override properties = {
    sites: { attribute: false },
    tokens: { state: true },
    created: { state: true },
    problem: { state: true },
    status: { state: true },
  };

  sites: { id: string; name: string }[] = [];
  tokens: AdminTokenInfo[] = [];
  created: { token: string; label: string } | null = null;
  problem = '';
  status = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.tokens = (await adminApi<{ tokens: AdminTokenInfo[] }>('/tokens')).tokens;
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const site = String(data.get('site') ?? '');
    this.problem = '';
    this.status = '';
    try {
      const { token, info } = await adminApi<{ token: string; info: AdminTokenInfo }>('/tokens', {
        method: 'POST',
        body: { label: String(data.get('label') ?? ''), ...(site ? { site } : {}) },
      });
      this.created = { token, label: info.label };
      form.reset();
      await this.load();
    } catch (error) {
      this.problem =
        error instanceof AdminApiError && error.issues.length
          ? error.issues.map((issue) => issue.message).join('; ')
          : messageOf(error);
    }
  }

  async #revoke(token: AdminTokenInfo): Promise<void> {
    if (!confirm(`Revoke the token “${token.label}”? Anyone using it is signed out at once.`)) return;
    try {
      await adminApi(`/tokens/${token.id}`, { method: 'DELETE' });
      this.status = `The token “${token.label}” is revoked.`;
      await this.load();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  override render() {
    return html`<h2>Admin tokens</h2>
      <p>
        Give each person or tool its own token, for every site or for one. The global token in
        <code>CANDOUR_ADMIN_TOKEN</code> is not listed here.
      </p>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <p class="admin-status" role="status">${this.status}</p>
      ${
        this.created
          ? html`<div class="admin-success" role="status">
              <p>The token “${this.created.label}” is ready. Copy it now: it will not be shown again.</p>
              <p>
                <label for="new-token">New token</label> <input id="new-token" readonly .value=${this.created.token} />
              </p>
            </div>`
          : nothing
      }
      <form class="token-form" @submit=${this.#create}>
        <p>
          <label for="token-label">Who or what is it for?</label>
          <input id="token-label" name="label" required maxlength="80" />
        </p>
        <p>
          <label for="token-site">Sites it may manage</label>
          <select id="token-site" name="site">
            <option value="">Every site</option>
            ${this.sites.map((site) => html`<option value=${site.id}>Only ${site.name}</option>`)}
          </select>
        </p>
        <p><button type="submit">Make a token</button></p>
      </form>
      ${
        this.tokens.length
          ? html`<div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">For</th>
                    <th scope="col">Sites</th>
                    <th scope="col">Made</th>
                    <th scope="col">State</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.tokens.map(
                    (token) =>
                      html`<tr>
                        <td>${token.label}</td>
                        <td>${token.site ?? 'Every site'}</td>
                        <td>${when(token.createdAt)} by ${token.createdBy}</td>
                        <td>${token.revokedAt ? `Revoked ${when(token.revokedAt)}` : 'Live'}</td>
                        <td>
                          ${
                            token.revokedAt
                              ? nothing
                              : html`<button type="button" class="secondary small" @click=${() => this.#revoke(token)}>
                                  Revoke<span class="visually-hidden"> ${token.label}</span>
                                </button>`
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }`;
  }
}

if (!customElements.get('candour-admin-tokens')) customElements.define('candour-admin-tokens', CandourAdminTokens);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-tokens': CandourAdminTokens;
  }
}
