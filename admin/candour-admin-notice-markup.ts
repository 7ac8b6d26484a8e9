import { html, nothing, type PropertyValues } from 'lit';
import { LightElement } from './light-element.js';

/**
 * `<candour-admin-notice-markup>`: the notice in force as HTML to paste into the site's privacy
 * page (GET /v1/sites/:site/notice-markup, the same server-rendered `<candour-notice>` as
 * `npm run notice-markup`), for site builders where the webmaster can paste HTML but run nothing.
 * Fetched again when the version in force changes.
 */
export class CandourAdminNoticeMarkup extends LightElement {
  static override properties = {
    site: { type: String },
    version: { type: Number },
    markup: { state: true },
    status: { state: true },
    problem: { state: true },
  };

  site = '';
  /** The version in force (0: none yet): a new one means new markup. */
  version = 0;
  markup = '';
  status = '';
  problem = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('site') || changed.has('version')) && this.site && this.version) void this.#load();
  }

  async #load(): Promise<void> {
    this.problem = '';
    this.status = '';
    try {
      // The public address a webmaster's page could use too: no session needed.
      const response = await fetch(`/v1/sites/${encodeURIComponent(this.site)}/notice-markup`);
      if (!response.ok) throw new Error(`The Worker answered ${response.status}.`);
      this.markup = await response.text();
    } catch (error) {
      this.markup = '';
      this.problem = `The notice’s HTML could not be loaded. ${error instanceof Error ? error.message : ''}`;
    }
  }

  async #copy(): Promise<void> {
    const field = this.querySelector<HTMLTextAreaElement>('#notice-markup');
    try {
      await navigator.clipboard.writeText(this.markup);
      this.status = 'Copied. Paste it where your privacy page takes HTML.';
    } catch {
      // No clipboard permission (an older browser, a locked-down one): select it for Ctrl+C instead.
      field?.focus();
      field?.select();
      this.status = 'Selected: press Ctrl+C (or ⌘C) to copy it.';
    }
  }

  override render() {
    if (!this.site || !this.version) return nothing;
    return html`<section aria-labelledby="notice-markup-heading">
      <h3 id="notice-markup-heading">The notice’s HTML for your privacy page</h3>
      <p class="admin-hint" id="notice-markup-hint">
        For site builders that let you paste HTML but not run anything (Wix, Squarespace): version ${this.version} as
        ready-drawn HTML that visitors, and search engines, can read even without JavaScript. With Candour's tag on the
        page it becomes the interactive notice. Copy it again after each publish.
      </p>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <label for="notice-markup">Copy the notice’s HTML for your privacy page</label>
      <textarea
        id="notice-markup"
        readonly
        rows="6"
        aria-describedby="notice-markup-hint"
        .value=${this.markup}
      ></textarea>
      <button type="button" class="secondary" ?disabled=${!this.markup} @click=${() => void this.#copy()}>
        Copy the HTML
      </button>
      <p class="admin-status" role="status">${this.status}</p>
    </section>`;
  }
}

if (!customElements.get('candour-admin-notice-markup'))
  customElements.define('candour-admin-notice-markup', CandourAdminNoticeMarkup);
