import { html, nothing, type PropertyValues } from 'lit';
import type { NoticeHistoryEntry, PublishPreview } from '../contract/admin.js';
import type { NoticeVersion } from '../contract/notice.js';
import { adminApi, AdminApiError, messageOf, when } from './api.js';
import './candour-admin-history.js';
import './candour-notice-preview.js';
import { renderDiff } from './diff-view.js';
import { discardDraft, loadDraft, saveDraft } from './drafts.js';
import { LightElement } from './light-element.js';

type Ready = Extract<PublishPreview, { ok: true }>;

const CHECK_DELAY_MS = 300;

/** The datetime-local value for an instant, in this browser's time zone. */
function localInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

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
    kind: { state: true },
    timing: { state: true },
    scheduleAt: { state: true },
    publishing: { state: true },
    status: { state: true },
    problem: { state: true },
  };

  site = '';
  versions: NoticeHistoryEntry[] = [];
  source = '';
  /** The version this draft was started from: publishing fails (409) if another came first. */
  startedFrom = 0;
  preview: PublishPreview | null = null;
  checking = false;
  kind: 'material' | 'editorial' | null = null;
  timing: 'now' | 'later' = 'now';
  scheduleAt = '';
  publishing = false;
  status = '';
  problem = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #checks = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.load();
  }

  async load(): Promise<void> {
    this.status = '';
    this.problem = '';
    this.preview = null;
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
      this.kind = null;
      await this.check();
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  #onInput(event: Event): void {
    this.source = (event.target as HTMLTextAreaElement).value;
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
      if (preview.ok && preview.consentChanged) this.kind = 'material';
    } catch (error) {
      if (ticket === this.#checks) this.problem = messageOf(error);
    } finally {
      if (ticket === this.#checks) this.checking = false;
    }
  }

  get #ready(): Ready | null {
    return this.preview?.ok ? this.preview : null;
  }

  get #kind(): 'material' | 'editorial' {
    const ready = this.#ready;
    if (ready?.consentChanged || !ready?.base) return 'material';
    return this.kind ?? (ready.suggestedMaterial ? 'material' : 'editorial');
  }

  get #effectiveAt(): Date | null {
    if (this.timing === 'now') return null;
    const date = new Date(this.scheduleAt);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  get #nextVersion(): number {
    return (this.versions[0]?.version ?? 0) + 1;
  }

  #draft: { key: string; version: NoticeVersion } | null = null;

  /** The draft as the version it would become; the same object while nothing about it changes. */
  #draftVersion(ready: Ready): NoticeVersion {
    const effectiveAt = this.#effectiveAt?.toISOString() ?? '';
    const key = `${ready.hash}|${effectiveAt}|${this.#kind}|${this.#nextVersion}`;
    if (this.#draft?.key !== key) {
      const now = new Date().toISOString();
      this.#draft = {
        key,
        version: {
          site: this.site,
          version: this.#nextVersion,
          hash: ready.hash,
          cookieRevision: '',
          effectiveAt: effectiveAt || now,
          publishedAt: now,
          material: this.#kind === 'material',
          document: ready.document,
        },
      };
    }
    return this.#draft.version;
  }

  /** Selects a line of the source, for "Go to line" on a problem. */
  #goToLine(line: number): void {
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

  #openConfirm(): void {
    this.problem = '';
    if (this.timing === 'later') {
      const at = this.#effectiveAt;
      if (!at || at.getTime() <= Date.now()) {
        this.problem = 'Choose a date and time in the future, or publish now.';
        return;
      }
    }
    this.querySelector<HTMLDialogElement>('#publish-confirm')?.showModal();
  }

  async #publish(): Promise<void> {
    const ready = this.#ready;
    const dialog = this.querySelector<HTMLDialogElement>('#publish-confirm');
    if (!ready) return;
    this.publishing = true;
    try {
      const published = await adminApi<{ version: number; effectiveAt: string; material: boolean }>(
        `/sites/${this.site}/notices`,
        {
          method: 'POST',
          body: {
            source: this.source,
            expectedVersion: this.startedFrom,
            material: this.#kind === 'material',
            ...(this.#effectiveAt ? { effectiveAt: this.#effectiveAt.toISOString() } : {}),
          },
        },
      );
      dialog?.close();
      discardDraft(this.site);
      this.timing = 'now';
      await this.load();
      this.status =
        published.effectiveAt > new Date().toISOString()
          ? `Version ${published.version} is published and scheduled to take effect on ${when(published.effectiveAt)} (UK time).`
          : `Version ${published.version} is published and in force now.${published.material ? ' Returning visitors will be asked again.' : ''}`;
      this.dispatchEvent(new CustomEvent('candour-admin-published', { bubbles: true, composed: true }));
    } catch (error) {
      dialog?.close();
      this.problem =
        error instanceof AdminApiError && error.code === 'version_conflict'
          ? `Someone else published a new version while you were editing, so nothing was published. Your draft is kept: choose “Start again from the newest version” to see their changes.`
          : messageOf(error);
      if (error instanceof AdminApiError && error.issues.length) {
        this.problem += ` ${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
      }
    } finally {
      this.publishing = false;
    }
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
    const canPublish = Boolean(ready) && !ready?.unchanged && !this.checking && !this.publishing;
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
          <label for="notice-source">Notice source</label>
          <p class="admin-hint" id="notice-source-hint">
            Markdown with the settings at the top between two <code>---</code> lines. Checked as you type; your draft is
            kept in this browser until you publish or start again.
          </p>
          <textarea
            id="notice-source"
            spellcheck="true"
            rows="30"
            aria-describedby="notice-source-hint notice-problems"
            aria-invalid=${errors.length ? 'true' : 'false'}
            .value=${this.source}
            @input=${this.#onInput}
          ></textarea>
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
          <section aria-labelledby="changes-heading">
            <h3 id="changes-heading">
              ${ready?.base ? `What changed since version ${ready.base.version}` : 'What changed'}
            </h3>
            ${this.#renderChanges(ready)}
          </section>
          <section aria-labelledby="preview-heading">
            <h3 id="preview-heading">Preview: what visitors will see</h3>
            <p class="admin-hint">
              Rendered by the same element visitors see. Open a section (layer 2) or “Show the full notice” (layer 3) as
              they would.
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
      ${ready ? this.#renderPublish(ready, canPublish) : nothing}
      <candour-admin-history .site=${this.site} .versions=${this.versions}></candour-admin-history>
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

  #renderPublish(ready: Ready, canPublish: boolean) {
    const kind = this.#kind;
    const next = this.#nextVersion;
    const at = this.#effectiveAt;
    const minimum = localInput(new Date(Math.max(Date.now(), Date.parse(ready.base?.effectiveAt ?? '') || 0)));
    return html`<section class="publish" aria-labelledby="publish-heading">
      <h3 id="publish-heading">Publish version ${next}</h3>
      ${
        ready.base
          ? html`<fieldset>
              <legend>What kind of change is this?</legend>
              <div class="choice">
                <input
                  type="radio"
                  id="kind-material"
                  name="kind"
                  value="material"
                  .checked=${kind === 'material'}
                  @change=${() => (this.kind = 'material')}
                />
                <label for="kind-material"
                  >Material: returning visitors are asked again${ready.suggestedMaterial ? ' (suggested)' : ''}</label
                >
              </div>
              <div class="choice">
                <input
                  type="radio"
                  id="kind-editorial"
                  name="kind"
                  value="editorial"
                  aria-describedby=${ready.consentChanged ? 'kind-editorial-why' : nothing}
                  ?disabled=${ready.consentChanged}
                  .checked=${kind === 'editorial'}
                  @change=${() => (this.kind = 'editorial')}
                />
                <label for="kind-editorial"
                  >Editorial: nobody is asked again${ready.suggestedMaterial ? '' : ' (suggested)'}</label
                >
              </div>
              ${
                ready.consentChanged
                  ? html`<p class="admin-hint" id="kind-editorial-why">
                      A change to what visitors consent to is always material.
                    </p>`
                  : nothing
              }
            </fieldset>`
          : nothing
      }
      <fieldset>
        <legend>When does it take effect?</legend>
        <div class="choice">
          <input
            type="radio"
            id="timing-now"
            name="timing"
            value="now"
            .checked=${this.timing === 'now'}
            @change=${() => (this.timing = 'now')}
          />
          <label for="timing-now">Now</label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="timing-later"
            name="timing"
            value="later"
            .checked=${this.timing === 'later'}
            @change=${() => {
              this.timing = 'later';
              if (!this.scheduleAt) this.scheduleAt = localInput(new Date(Date.now() + 86_400_000));
            }}
          />
          <label for="timing-later">From a later date and time</label>
        </div>
        ${
          this.timing === 'later'
            ? html`<p>
                <label for="schedule-at">Takes effect on (your computer’s time)</label>
                <input
                  id="schedule-at"
                  type="datetime-local"
                  step="1"
                  min=${minimum}
                  .value=${this.scheduleAt}
                  @input=${(event: Event) => (this.scheduleAt = (event.target as HTMLInputElement).value)}
                />
              </p>`
            : nothing
        }
      </fieldset>
      <button type="button" ?disabled=${!canPublish} @click=${this.#openConfirm}>Review and publish…</button>
      <dialog id="publish-confirm" aria-labelledby="publish-confirm-title">
        <h2 id="publish-confirm-title">Publish version ${next}?</h2>
        <ul>
          <li>
            ${
              kind === 'material'
                ? 'A material change: visitors who chose before will be asked again, with a list of what changed.'
                : 'An editorial change: nobody is asked again.'
            }
          </li>
          <li>
            ${
              at
                ? `It takes effect on ${when(at.toISOString())} (UK time). Until then version ${this.versions.find((entry) => entry.state === 'current')?.version ?? '—'} stays in force.`
                : 'It takes effect as soon as you publish.'
            }
          </li>
          <li>Published versions cannot be changed or deleted; a later version can replace it.</li>
        </ul>
        <div class="dialog-actions">
          <button type="button" ?disabled=${this.publishing} @click=${this.#publish}>Publish version ${next}</button>
          <button
            type="button"
            class="secondary"
            @click=${() => this.querySelector<HTMLDialogElement>('#publish-confirm')?.close()}
          >
            Cancel
          </button>
        </div>
      </dialog>
    </section>`;
  }
}

if (!customElements.get('candour-admin-notice')) customElements.define('candour-admin-notice', CandourAdminNotice);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-notice': CandourAdminNotice;
  }
}
