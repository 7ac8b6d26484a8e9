import { html, nothing, type PropertyValues } from 'lit';
import type { AuditEntry } from '../contract/admin.js';
import { adminApi, messageOf, when } from './api.js';
import { LightElement } from './light-element.js';

const ACTION_WORDS: Record<string, string> = {
  'site.create': 'Registered the site',
  'site.update': 'Changed site settings',
  'notice.publish': 'Published a notice version',
  'receipts.export': 'Exported consent records',
  'ledger.verify': 'Verified the ledger',
  'ledger.export': 'Exported the ledger for offline checking',
  'token.create': 'Made an admin token',
  'token.revoke': 'Revoked an admin token',
  'session.sign-in': 'Signed in',
  'session.sign-in-failed': 'Sign-in refused (wrong token)',
  'token.refused': 'API call refused (wrong token)',
  'session.sign-out': 'Signed out',
};

/** What an entry's detail says, in a line: the changed settings, the version, the export format… */
function describe(entry: AuditEntry): string {
  const detail = (entry.detail ?? {}) as Record<string, unknown>;
  switch (entry.action) {
    case 'site.update':
      return Array.isArray(detail.changed) && detail.changed.length
        ? `Changed: ${(detail.changed as string[]).join(', ')}`
        : 'Saved with no change';
    case 'notice.publish':
      return `Version ${String(detail.version)}, ${detail.material ? 'material' : 'editorial'}, from ${when(String(detail.effectiveAt))}${
        Array.isArray(detail.missing) && detail.missing.length
          ? `; published with ${detail.missing.length} checklist item${detail.missing.length === 1 ? '' : 's'} missing`
          : ''
      }${typeof detail.reason === 'string' ? `. Reason: “${detail.reason}”` : ''}`;
    case 'receipts.export':
      return `${String(detail.format).toUpperCase()} export`;
    case 'ledger.verify':
      return detail.ok ? `Verified ${String(detail.checked)} receipts` : `Broken at entry ${String(detail.brokenSeq)}`;
    case 'token.create':
      return `“${String(detail.label)}”${detail.site ? ` for ${String(detail.site)}` : ' for every site'}`;
    case 'session.sign-in':
      return detail.client ? `From ${String(detail.client)}` : '';
    case 'session.sign-in-failed':
    case 'token.refused':
      return `From ${String(detail.client)}${detail.lockedOut ? '; that network is now locked out for 15 minutes' : ''}`;
    default:
      return '';
  }
}

/** `<candour-admin-audit>`: who did what and when, newest first; entries can be added, never changed. */
export class CandourAdminAudit extends LightElement {
  static override properties = {
    site: { type: String },
    global: { type: Boolean },
    everySite: { state: true },
    entries: { state: true },
    more: { state: true },
    problem: { state: true },
  };

  site = '';
  /** The signed-in admin manages every site, so may see entries beyond this one (token changes…). */
  global = false;
  everySite = false;
  entries: AuditEntry[] = [];
  more = false;
  problem = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(older = false): Promise<void> {
    this.problem = '';
    try {
      const before = older ? this.entries[this.entries.length - 1]?.id : undefined;
      const query = new URLSearchParams({
        ...(this.everySite ? {} : { site: this.site }),
        ...(before ? { before: String(before) } : {}),
      });
      const { entries } = await adminApi<{ entries: AuditEntry[] }>(`/audit?${query.toString()}`);
      this.entries = older ? [...this.entries, ...entries] : entries;
      this.more = entries.length === 100;
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  override render() {
    return html`<h2>Audit log</h2>
      <p>Every change, export and sign-in. Entries are only ever added, never changed or removed.</p>
      ${
        this.global
          ? html`<p>
              <input
                type="checkbox"
                id="audit-every-site"
                .checked=${this.everySite}
                @change=${(event: Event) => {
                  this.everySite = (event.target as HTMLInputElement).checked;
                  void this.load();
                }}
              />
              <label for="audit-every-site">Show entries for every site, and admin token changes</label>
            </p>`
          : nothing
      }
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <!-- A keyboard can scroll a wide table only if it can reach it. -->
      <div class="table-scroll" tabindex="0" role="region" aria-label="Audit log entries">
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              ${this.everySite ? html`<th scope="col">Site</th>` : nothing}
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (entry) =>
                html`<tr>
                  <td>${when(entry.at)}</td>
                  <td>${entry.actor}</td>
                  ${this.everySite ? html`<td>${entry.site ?? 'Every site'}</td>` : nothing}
                  <td>${ACTION_WORDS[entry.action] ?? entry.action}</td>
                  <td>${describe(entry)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        this.more
          ? html`<button type="button" class="secondary" @click=${() => this.load(true)}>Show older entries</button>`
          : nothing
      }`;
  }
}

if (!customElements.get('candour-admin-audit')) customElements.define('candour-admin-audit', CandourAdminAudit);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-audit': CandourAdminAudit;
  }
}
