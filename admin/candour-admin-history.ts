import { html, nothing } from 'lit';
import type { NoticeHistoryEntry } from '../contract/admin.js';
import type { NoticeDiff, NoticeVersion } from '../contract/notice.js';
import { adminApi, messageOf, when } from './api.js';
import './candour-notice-preview.js';
import { renderDiff } from './diff-view.js';
import { LightElement } from './light-element.js';

const STATE_WORDS: Record<NoticeHistoryEntry['state'], string> = {
  current: 'In force',
  scheduled: 'Scheduled',
  superseded: 'Replaced',
};

/** `<candour-admin-history>`: every published version, each viewable, and a diff between any two. */
export class CandourAdminHistory extends LightElement {
  static override properties = {
    site: { type: String },
    versions: { attribute: false },
    viewing: { state: true },
    diff: { state: true },
    from: { state: true },
    to: { state: true },
    problem: { state: true },
  };

  site = '';
  versions: NoticeHistoryEntry[] = [];
  viewing: (NoticeVersion & { source: string; publishedBy: string }) | null = null;
  diff: NoticeDiff | null = null;
  from = 0;
  to = 0;
  problem = '';

  async #view(version: number): Promise<void> {
    this.problem = '';
    try {
      this.viewing = await adminApi(`/sites/${this.site}/notices/${version}`);
      await this.updateComplete;
      this.querySelector<HTMLElement>('#history-view-heading')?.focus();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  async #compare(event: Event): Promise<void> {
    event.preventDefault();
    this.problem = '';
    const from = this.from || this.versions[1]?.version || 0;
    const to = this.to || this.versions[0]?.version || 0;
    if (!from || !to || from === to) {
      this.problem = 'Choose two different versions to compare.';
      return;
    }
    try {
      this.diff = await adminApi<NoticeDiff>(`/sites/${this.site}/notices/${from}/diff/${to}`);
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  override render() {
    if (this.versions.length === 0) return nothing;
    const options = (selected: number, fallback: number) =>
      this.versions.map(
        (entry) =>
          html`<option value=${entry.version} ?selected=${(selected || fallback) === entry.version}>
            Version ${entry.version}
          </option>`,
      );
    return html`<section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">Version history</h2>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">
            Published versions, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Takes effect</th>
              <th scope="col">Published</th>
              <th scope="col">Change</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.versions.map(
              (entry) =>
                html`<tr>
                  <th scope="row">${entry.version}</th>
                  <td>${STATE_WORDS[entry.state]}</td>
                  <td>${when(entry.effectiveAt)}</td>
                  <td>${when(entry.publishedAt)} by ${entry.publishedBy}</td>
                  <td>${entry.material ? 'Material' : 'Editorial'}</td>
                  <td>
                    <button type="button" class="secondary small" @click=${() => this.#view(entry.version)}>
                      View<span class="visually-hidden"> version ${entry.version}</span>
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        this.versions.length > 1
          ? html`<form class="compare" @submit=${this.#compare}>
              <label for="compare-from">Compare</label>
              <select
                id="compare-from"
                @change=${(event: Event) => (this.from = Number((event.target as HTMLSelectElement).value))}
              >
                ${options(this.from, this.versions[1]?.version ?? 0)}
              </select>
              <label for="compare-to">with</label>
              <select
                id="compare-to"
                @change=${(event: Event) => (this.to = Number((event.target as HTMLSelectElement).value))}
              >
                ${options(this.to, this.versions[0]?.version ?? 0)}
              </select>
              <button type="submit" class="secondary">Compare</button>
            </form>`
          : nothing
      }
      ${
        this.diff
          ? html`<section class="history-diff" aria-labelledby="history-diff-heading">
              <h3 id="history-diff-heading">Changes from version ${this.diff.from} to version ${this.diff.to}</h3>
              <p>
                ${
                  this.diff.material
                    ? 'What visitors consent to changed between these versions.'
                    : 'What visitors consent to is the same in both.'
                }
              </p>
              ${renderDiff(this.diff, { headingLevel: 4 })}
            </section>`
          : nothing
      }
      ${
        this.viewing
          ? html`<section class="history-view" aria-labelledby="history-view-heading">
              <h3 id="history-view-heading" tabindex="-1">
                Version ${this.viewing.version}, published ${when(this.viewing.publishedAt)} by
                ${this.viewing.publishedBy}
              </h3>
              <div class="preview-frame">
                <candour-notice-preview .notice=${this.viewing}></candour-notice-preview>
              </div>
              <details>
                <summary>Source of version ${this.viewing.version}</summary>
                <pre class="source">${this.viewing.source}</pre>
              </details>
            </section>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('candour-admin-history')) customElements.define('candour-admin-history', CandourAdminHistory);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-history': CandourAdminHistory;
  }
}
