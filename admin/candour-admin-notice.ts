import { html, nothing, type PropertyValues } from 'lit';
import type { NoticeHistoryEntry, PublishPreview } from '../contract/admin.js';
import { noticeChecklist, type ChecklistItem } from '../contract/notice-checklist.js';
import type { NoticeDocument, NoticeVersion } from '../contract/notice.js';
import { adminApi, messageOf, when } from './api.js';
import './candour-admin-history.js';
import './candour-admin-notice-form.js';
import './candour-admin-notice-markup.js';
import type { NoticeSourceEditEvent } from './candour-admin-notice-form.js';
import './candour-admin-publish.js';
import { NO_CHOICE, publishOptions, type PublishChoice } from './candour-admin-publish.js';
import './candour-notice-preview.js';
import './candour-admin-visitor-preview.js';
import { renderDiff } from './diff-view.js';
import { discardDraft, loadDraft, saveDraft } from './drafts.js';
import type { PublishChoiceEvent, PublishedEvent } from './events.js';
import { LightElement } from './light-element.js';
import { easeWords, hardestLines } from './readability.js';

type Ready = Extract<PublishPreview, { ok: true }>;

const CHECK_DELAY_MS = 300;

/**
 * `<candour-admin-notice>`: edit a site's notice source with live checking, a preview of all three
 * layers rendered by the visitors' own element, the changes since the newest version, and a
 * confirmed publish, now or from a later time.
 */
export class CandourAdminNotice extends LightElement {
  static override properties = {
    site: { type: String },
    versions: { state: true },
    source: { state: true },
    startedFrom: { state: true },
    preview: { state: true },
    checking: { state: true },
    status: { state: true },
    problem: { state: true },
    choice: { state: true },
    view: { state: true },
  };

  site = '';
  versions: NoticeHistoryEntry[] = [];
  source = '';
  /** The version this draft was started from: publishing fails (409) if another came first. */
  startedFrom = 0;
  preview: PublishPreview | null = null;
  checking = false;
  /** The publish step's choices, which the preview reflects (its "in effect from" date). */
  choice: PublishChoice = NO_CHOICE;
  status = '';
  problem = '';
  /** Forms for everyone; the source for those who want it. Both edit the same draft. */
  view: 'forms' | 'source' = 'forms';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #checks = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(): Promise<void> {
    this.status = '';
    this.problem = '';
    this.preview = null;
    // A new starting point (a site, a publish, starting again) starts the publish choices again too.
    this.choice = NO_CHOICE;
    try {
      const { versions } = await adminApi<{ versions: NoticeHistoryEntry[] }>(`/sites/${this.site}/notices`);
      this.versions = versions;
      const latest = versions[0];
      const draft = loadDraft(this.site);
      if (draft) {
        this.source = draft.source;
        this.startedFrom = draft.startedFrom;
      } else if (latest) {
        const version = await adminApi<{ source: string }>(`/sites/${this.site}/notices/${latest.version}`);
        this.source = version.source;
        this.startedFrom = latest.version;
      } else {
        this.source = '';
        this.startedFrom = 0;
      }
      await this.check();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  #onInput(event: Event): void {
    this.#edited((event.target as HTMLTextAreaElement).value);
  }

  #edited(source: string): void {
    this.source = source;
    this.status = '';
    saveDraft(this.site, { startedFrom: this.startedFrom, source: this.source });
    clearTimeout(this.#timer);
    this.checking = true;
    this.#timer = setTimeout(() => void this.check(), CHECK_DELAY_MS);
  }

  /** Compiles the draft on the Worker (the same compiler that publishes) and compares it. */
  async check(): Promise<void> {
    const ticket = ++this.#checks;
    if (!this.source.trim()) {
      this.preview = { ok: false, errors: [{ line: 1, message: 'the notice is empty' }], warnings: [] };
      this.checking = false;
      return;
    }
    this.checking = true;
    try {
      const preview = await adminApi<PublishPreview>(`/sites/${this.site}/notices/preview`, {
        method: 'POST',
        body: { source: this.source },
      });
      if (ticket !== this.#checks) return;
      this.preview = preview;
    } catch (error) {
      if (ticket === this.#checks) this.problem = messageOf(error);
    } finally {
      if (ticket === this.#checks) this.checking = false;
    }
  }

  get #ready(): Ready | null {
    return this.preview?.ok ? this.preview : null;
  }

  get #nextVersion(): number {
    return (this.versions[0]?.version ?? 0) + 1;
  }

  #draft: { key: string; version: NoticeVersion } | null = null;

  /** The draft as the version it would become; the same object while nothing about it changes. */
  #draftVersion(ready: Ready): NoticeVersion {
    const { effectiveAt, material } = publishOptions(ready, this.choice);
    const key = `${ready.hash}|${effectiveAt}|${material}|${this.#nextVersion}`;
    if (this.#draft?.key !== key) {
      const now = new Date().toISOString();
      this.#draft = {
        key,
        version: {
          site: this.site,
          version: this.#nextVersion,
          hash: ready.hash,
          cookieRevision: '',
          effectiveAt: effectiveAt ?? now,
          publishedAt: now,
          material,
          document: ready.document,
        },
      };
    }
    return this.#draft.version;
  }

  /** Opens the forms and puts focus on the field that fixes a checklist item. */
  async #goToField(field: string): Promise<void> {
    this.view = 'forms';
    await this.updateComplete;
    const form = this.querySelector('candour-admin-notice-form');
    await form?.focusField(field);
  }

  /** Selects a line of the source, for "Go to line" on a problem. */
  async #goToLine(line: number): Promise<void> {
    this.view = 'source';
    await this.updateComplete;
    const textarea = this.querySelector<HTMLTextAreaElement>('#notice-source');
    if (!textarea) return;
    const lines = textarea.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    const end = start + (lines[line - 1]?.length ?? 0);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  async #onPublished(event: PublishedEvent): Promise<void> {
    const published = event.detail;
    discardDraft(this.site);
    await this.load();
    this.status =
      published.effectiveAt > new Date().toISOString()
        ? `Version ${published.version} is published and scheduled to take effect on ${when(published.effectiveAt)} (UK time).`
        : `Version ${published.version} is published and in force now.${published.material ? ' Returning visitors will be asked again.' : ''}`;
  }

  #startAgain(): void {
    discardDraft(this.site);
    void this.load();
  }

  override render() {
    if (!this.site) return nothing;
    const ready = this.#ready;
    const errors = this.preview && !this.preview.ok ? this.preview.errors : [];
    const warnings = this.preview?.warnings ?? [];
    const latest = this.versions[0];
    const stale = latest && this.startedFrom < latest.version;
    return html`
      <h2 id="notice-heading">Privacy notice</h2>
      ${this.#renderState()}
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <p class="admin-status" role="status">${this.status}</p>
      ${
        stale
          ? html`<div class="admin-warning">
              <p>
                This draft was started from version ${this.startedFrom}; version ${latest.version} has been published
                since.
              </p>
              <button type="button" class="secondary" @click=${this.#startAgain}>
                Start again from the newest version
              </button>
            </div>`
          : nothing
      }
      <div class="notice-editor">
        <div class="notice-source">
          <div class="view-switch" role="group" aria-label="Edit the notice as">
            <button
              type="button"
              class="secondary"
              aria-pressed=${this.view === 'forms' ? 'true' : 'false'}
              @click=${() => (this.view = 'forms')}
            >
              Forms
            </button>
            <button
              type="button"
              class="secondary"
              aria-pressed=${this.view === 'source' ? 'true' : 'false'}
              @click=${() => (this.view = 'source')}
            >
              Source
            </button>
          </div>
          ${
            this.view === 'forms'
              ? html`<p class="admin-hint">
                    Checked as you type; your draft is kept in this browser until you publish or start again. The forms
                    and the source are the same draft: switch at any time.
                  </p>
                  <candour-admin-notice-form
                    .source=${this.source}
                    @candour-admin-notice-edit=${(event: NoticeSourceEditEvent) => this.#edited(event.source)}
                  ></candour-admin-notice-form>`
              : html`<label for="notice-source">Notice source</label>
                  <p class="admin-hint" id="notice-source-hint">
                    Markdown with the settings at the top between two <code>---</code> lines. Checked as you type; your
                    draft is kept in this browser until you publish or start again.
                  </p>
                  <textarea
                    id="notice-source"
                    spellcheck="true"
                    rows="30"
                    aria-describedby="notice-source-hint notice-problems"
                    aria-invalid=${errors.length ? 'true' : 'false'}
                    .value=${this.source}
                    @input=${this.#onInput}
                  ></textarea>`
          }
          <div id="notice-problems" class="notice-problems" aria-live="polite">
            ${this.checking ? html`<p class="admin-hint">Checking…</p>` : nothing}
            ${
              errors.length
                ? html`<h3>
                      ${errors.length === 1 ? '1 problem' : `${errors.length} problems`} to fix before publishing
                    </h3>
                    <ul class="problems">
                      ${errors.map(
                        (error) =>
                          html`<li>
                            <button type="button" class="link" @click=${() => this.#goToLine(error.line)}>
                              Line ${error.line}</button
                            >: ${error.message}
                          </li>`,
                      )}
                    </ul>`
                : ready && !this.checking
                  ? html`<p class="ok">No problems found.</p>`
                  : nothing
            }
            ${
              warnings.length
                ? html`<h3>Worth a look</h3>
                    <ul class="warnings">
                      ${warnings.map((warning) => html`<li>Line ${warning.line}: ${warning.message}</li>`)}
                    </ul>`
                : nothing
            }
          </div>
        </div>
        <div class="notice-review">
          ${this.#renderChecklist(ready?.document ?? null)}
          <section aria-labelledby="changes-heading">
            <h3 id="changes-heading">
              ${ready?.base ? `What changed since version ${ready.base.version}` : 'What changed'}
            </h3>
            ${this.#renderChanges(ready)}
          </section>
          <section aria-labelledby="preview-heading">
            <h3 id="preview-heading">Preview: the notice</h3>
            <p class="admin-hint">
              Rendered by the same element visitors see. Open a section (layer 2) or “Show the full notice” (layer 3) as
              they would. Below the editor: the banner and the notice at a phone's width and a desktop's.
            </p>
            <div class="preview-frame">
              ${
                ready
                  ? html`<candour-notice-preview .notice=${this.#draftVersion(ready)}></candour-notice-preview>`
                  : html`<p class="admin-hint">The preview appears when the notice has no problems.</p>`
              }
            </div>
          </section>
        </div>
      </div>
      <candour-admin-visitor-preview
        .site=${this.site}
        .notice=${ready ? this.#draftVersion(ready) : null}
      ></candour-admin-visitor-preview>
      <candour-admin-publish
        .site=${this.site}
        .ready=${ready}
        .versions=${this.versions}
        .startedFrom=${this.startedFrom}
        .source=${this.source}
        ?disabled=${!ready || ready.unchanged || this.checking}
        .choice=${this.choice}
        @candour-admin-publish-choice=${(event: PublishChoiceEvent) => (this.choice = event.detail)}
        @candour-admin-published=${this.#onPublished}
      ></candour-admin-publish>
      <candour-admin-history .site=${this.site} .versions=${this.versions}></candour-admin-history>
      <candour-admin-notice-markup
        .site=${this.site}
        .version=${this.versions.find((entry) => entry.state === 'current')?.version ?? 0}
      ></candour-admin-notice-markup>
    `;
  }

  #renderState() {
    const current = this.versions.find((entry) => entry.state === 'current');
    const scheduled = this.versions.filter((entry) => entry.state === 'scheduled');
    if (!current && scheduled.length === 0) return html`<p>No version has been published yet.</p>`;
    return html`<p>
      ${current ? html`Version ${current.version} is in force since ${when(current.effectiveAt)}.` : nothing}
      ${scheduled.map(
        (entry) => html` Version ${entry.version} is scheduled to take effect on ${when(entry.effectiveAt)}.`,
      )}
    </p>`;
  }

  #renderChecklist(document: NoticeDocument | null) {
    const words = { present: 'Present', missing: 'Missing', flagged: 'Check' } as const;
    const item = (entry: ChecklistItem) =>
      html`<li class=${`checklist-item ${entry.status}`}>
        <span class="checklist-status">${words[entry.status]}</span>
        <span class="checklist-label">${entry.label}</span>
        <span class="admin-hint">${entry.detail}</span>
        ${
          entry.status === 'present'
            ? nothing
            : html`<button type="button" class="link" @click=${() => void this.#goToField(entry.field)}>
                Fix: ${entry.label}
              </button>`
        }
      </li>`;
    if (!document)
      return html`<section aria-labelledby="checklist-heading">
        <h3 id="checklist-heading">ICO checklist</h3>
        <p class="admin-hint">The checklist appears when the notice has no problems.</p>
      </section>`;
    const items = noticeChecklist(document);
    const missing = items.filter((entry) => entry.status === 'missing').length;
    const flagged = items.filter((entry) => entry.status === 'flagged').length;
    const hardest = hardestLines([
      ...document.summary.map((text, index) => ({
        field: `summary.${index}`,
        label: `Summary paragraph ${index + 1}`,
        text,
      })),
      ...document.sections.map((section, index) => ({
        field: `sections.${index}.summary`,
        label: `Summary of “${section.title}”`,
        text: section.summary,
      })),
    ]);
    return html`<section aria-labelledby="checklist-heading" class="checklist">
        <h3 id="checklist-heading">ICO checklist: what the notice must tell people</h3>
        <p>
          ${missing} missing, ${flagged} to check, ${items.length - missing - flagged} present.
          ${missing ? 'You can still publish, with a reason for the audit log.' : ''}
        </p>
        <ul class="checklist-items">
          ${items.map(item)}
        </ul>
      </section>
      <section aria-labelledby="readability-heading" class="readability-list">
        <h3 id="readability-heading">Plain language</h3>
        ${
          hardest.length === 0
            ? html`<p>Every summary line reads as plain English or close to it (Flesch reading ease 50 or more).</p>`
            : html`<p>
                  The summary lines hardest to read (Flesch reading ease under 50; 60 and above is plain English):
                </p>
                <ul>
                  ${hardest.map(
                    (line) =>
                      html`<li>
                        <button type="button" class="link" @click=${() => void this.#goToField(line.field)}>
                          ${line.label}
                        </button>
                        : ${line.score}, ${easeWords(line.score)}
                      </li>`,
                  )}
                </ul>`
        }
      </section>`;
  }

  #renderChanges(ready: Ready | null) {
    if (!ready) return html`<p class="admin-hint">Fix the problems in the source to see the changes.</p>`;
    if (!ready.base) return html`<p>This will be the site’s first published notice.</p>`;
    if (ready.unchanged)
      return html`<p>The draft is the same as version ${ready.base.version}. Edit it to publish.</p>`;
    return html`${
      ready.consentChanged
        ? html`<p class="material-note">
            <strong>Material change suggested:</strong> the categories, services, cookies or purposes changed, so
            returning visitors must be asked again.
          </p>`
        : html`<p class="material-note">
            <strong>Editorial change suggested:</strong> what visitors consent to is the same.
          </p>`
    }
    ${renderDiff(ready.diff!, { headingLevel: 4 })}`;
  }
}

if (!customElements.get('candour-admin-notice')) customElements.define('candour-admin-notice', CandourAdminNotice);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-notice': CandourAdminNotice;
  }
}
