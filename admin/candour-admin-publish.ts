import { html, nothing, type PropertyValues } from 'lit';
import { PUBLISH_REASON_MAX, type NoticeHistoryEntry, type PublishPreview } from '../contract/admin.js';
import { missingItems } from '../contract/notice-checklist.js';
import { adminApi, AdminApiError, messageOf, when } from './api.js';
import { PublishChoiceEvent, PublishedEvent } from './events.js';
import { LightElement } from './light-element.js';

type Ready = Extract<PublishPreview, { ok: true }>;

/** What the admin chose: the draft preview shows it, and publishing sends it. */
export interface PublishOptions {
  material: boolean;
  effectiveAt: string | null;
}

export interface Published {
  version: number;
  effectiveAt: string;
  material: boolean;
}

/** What the admin picked in the publish step; the notice page holds it and passes it back down. */
export interface PublishChoice {
  /** Material or editorial, or null for the suggestion. */
  kind: 'material' | 'editorial' | null;
  timing: 'now' | 'later';
  /** The datetime-local value, in this browser's time zone. */
  scheduleAt: string;
}

export const NO_CHOICE: PublishChoice = { kind: null, timing: 'now', scheduleAt: '' };

/** Material or editorial: a change to what visitors consent to (or a first version) is always material. */
function kindOf(ready: Ready | null, choice: PublishChoice): 'material' | 'editorial' {
  if (!ready?.base || ready.consentChanged) return 'material';
  return choice.kind ?? (ready.suggestedMaterial ? 'material' : 'editorial');
}

function effectiveAtOf(choice: PublishChoice): Date | null {
  if (choice.timing === 'now') return null;
  const date = new Date(choice.scheduleAt);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** What a choice means for the draft the preview shows and the version publishing sends. */
export function publishOptions(ready: Ready | null, choice: PublishChoice): PublishOptions {
  return { material: kindOf(ready, choice) === 'material', effectiveAt: effectiveAtOf(choice)?.toISOString() ?? null };
}

/** The datetime-local value for an instant, in this browser's time zone. */
function localInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * `<candour-admin-publish>`: the last step of the notice page. Material or editorial (material
 * is the only choice when what visitors consent to changed), now or from a later time, then a
 * confirmation dialog. The notice page owns the choice (`choice`); this reports the admin's changes
 * with `candour-admin-publish-choice` and fires `candour-admin-published` once the Worker has
 * stored the version.
 */
export class CandourAdminPublish extends LightElement {
  static override properties = {
    site: { type: String },
    ready: { attribute: false },
    versions: { attribute: false },
    startedFrom: { type: Number },
    source: { type: String },
    disabled: { type: Boolean },
    choice: { attribute: false },
    publishing: { state: true },
    problem: { state: true },
    reason: { state: true },
  };

  site = '';
  ready: Ready | null = null;
  versions: NoticeHistoryEntry[] = [];
  startedFrom = 0;
  source = '';
  disabled = false;
  choice: PublishChoice = NO_CHOICE;
  publishing = false;
  problem = '';
  /** Why this version is published with checklist items missing; kept in the audit log. */
  reason = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new starting point (a publish, or starting again): an old problem and reason no longer apply.
    if (changed.has('startedFrom') || changed.has('site')) {
      this.problem = '';
      this.reason = '';
    }
  }

  /** Reports a change the admin made; the notice page passes the new choice back down. */
  #choose(change: Partial<PublishChoice>): void {
    this.dispatchEvent(new PublishChoiceEvent({ ...this.choice, ...change }));
  }

  get #kind(): 'material' | 'editorial' {
    return kindOf(this.ready, this.choice);
  }

  get #effectiveAt(): Date | null {
    return effectiveAtOf(this.choice);
  }

  get #next(): number {
    return (this.versions[0]?.version ?? 0) + 1;
  }

  #dialog(): HTMLDialogElement | null {
    return this.querySelector<HTMLDialogElement>('#publish-confirm');
  }

  #openConfirm(): void {
    this.problem = '';
    if (this.choice.timing === 'later') {
      const at = this.#effectiveAt;
      if (!at || at.getTime() <= Date.now()) {
        this.problem = 'Choose a date and time in the future, or publish now.';
        return;
      }
    }
    this.#dialog()?.showModal();
  }

  get #missing() {
    return this.ready ? missingItems(this.ready.document) : [];
  }

  async #publish(): Promise<void> {
    const reason = this.reason.trim();
    if (this.#missing.length > 0 && !reason) {
      this.querySelector<HTMLTextAreaElement>('#publish-reason')?.focus();
      return;
    }
    this.publishing = true;
    try {
      const published = await adminApi<Published>(`/sites/${this.site}/notices`, {
        method: 'POST',
        body: {
          source: this.source,
          expectedVersion: this.startedFrom,
          material: this.#kind === 'material',
          ...(this.#missing.length > 0 ? { reason } : {}),
          ...(this.#effectiveAt ? { effectiveAt: this.#effectiveAt.toISOString() } : {}),
        },
      });
      this.#dialog()?.close();
      this.dispatchEvent(new PublishedEvent(published));
    } catch (error) {
      this.#dialog()?.close();
      this.problem =
        error instanceof AdminApiError && error.code === 'version_conflict'
          ? 'Someone else published a new version while you were editing, so nothing was published. Your draft is kept: choose “Start again from the newest version” to see their changes.'
          : messageOf(error);
      if (error instanceof AdminApiError && error.issues.length) {
        this.problem += ` ${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
      }
    } finally {
      this.publishing = false;
    }
  }

  override render() {
    const ready = this.ready;
    if (!ready) return nothing;
    const kind = this.#kind;
    const next = this.#next;
    const at = this.#effectiveAt;
    const current = this.versions.find((entry) => entry.state === 'current');
    const minimum = localInput(new Date(Math.max(Date.now(), Date.parse(ready.base?.effectiveAt ?? '') || 0)));
    return html`<section class="publish" aria-labelledby="publish-heading">
      <h3 id="publish-heading">Publish version ${next}</h3>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
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
                  @change=${() => this.#choose({ kind: 'material' })}
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
                  @change=${() => this.#choose({ kind: 'editorial' })}
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
            .checked=${this.choice.timing === 'now'}
            @change=${() => this.#choose({ timing: 'now' })}
          />
          <label for="timing-now">Now</label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="timing-later"
            name="timing"
            value="later"
            .checked=${this.choice.timing === 'later'}
            @change=${() =>
              this.#choose({
                timing: 'later',
                scheduleAt: this.choice.scheduleAt || localInput(new Date(Date.now() + 86_400_000)),
              })}
          />
          <label for="timing-later">From a later date and time</label>
        </div>
        ${
          this.choice.timing === 'later'
            ? html`<p>
                <label for="schedule-at">Takes effect on (your computer’s time)</label>
                <input
                  id="schedule-at"
                  type="datetime-local"
                  step="1"
                  min=${minimum}
                  .value=${this.choice.scheduleAt}
                  @input=${(event: Event) => this.#choose({ scheduleAt: (event.target as HTMLInputElement).value })}
                />
              </p>`
            : nothing
        }
      </fieldset>
      <button type="button" ?disabled=${this.disabled || this.publishing} @click=${this.#openConfirm}>
        Review and publish…
      </button>
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
                ? `It takes effect on ${when(at.toISOString())} (UK time). Until then version ${current?.version ?? '—'} stays in force.`
                : 'It takes effect as soon as you publish.'
            }
          </li>
          <li>Published versions cannot be changed or deleted; a later version can replace it.</li>
        </ul>
        ${this.#renderReason()}
        <div class="dialog-actions">
          <button
            type="button"
            ?disabled=${this.publishing || (this.#missing.length > 0 && !this.reason.trim())}
            @click=${this.#publish}
          >
            Publish version ${next}
          </button>
          <button type="button" class="secondary" @click=${() => this.#dialog()?.close()}>Cancel</button>
        </div>
      </dialog>
    </section>`;
  }

  #renderReason() {
    const missing = this.#missing;
    if (missing.length === 0) return nothing;
    const empty = !this.reason.trim();
    return html`<div class="publish-reason">
      <p>
        The ICO checklist finds ${missing.length === 1 ? 'one item' : `${missing.length} items`} missing:
        ${missing.map((item) => item.label).join('; ')}. You may publish anyway; say why, for the audit log.
      </p>
      <p>
        <label for="publish-reason">Why publish with these items missing?</label>
        <textarea
          id="publish-reason"
          rows="3"
          maxlength=${PUBLISH_REASON_MAX}
          required
          aria-invalid=${empty ? 'true' : 'false'}
          aria-describedby="publish-reason-hint"
          .value=${this.reason}
          @input=${(event: Event) => (this.reason = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
        <span class="admin-hint" id="publish-reason-hint"
          >Required. For example: “Our policy does not give these yet; our DPO is reviewing it.”</span
        >
      </p>
    </div>`;
  }
}

if (!customElements.get('candour-admin-publish')) customElements.define('candour-admin-publish', CandourAdminPublish);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-publish': CandourAdminPublish;
  }
}
