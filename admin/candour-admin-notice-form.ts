import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  ARTICLE_6_BASES,
  ARTICLE_9_CONDITIONS,
  article6Basis,
  article9Condition,
  NEEDS_SCHEDULE_1,
  NOT_STATED,
  SCHEDULE_1_CONDITIONS,
  schedule1Condition,
  type Article9Condition,
  type BasisChoice,
} from '../contract/lawful-basis.js';
import type { ContactPoint, NoticePurpose } from '../contract/notice.js';
import type { ServiceDeclaration } from '../contract/site.js';
import { fieldId, textField, textList, type FieldPath } from './form-fields.js';
import { LightElement } from './light-element.js';
import { toFormModel, toSource, withFront, type NoticeFormModel, type SectionModel } from './notice-form.js';
import { readabilityNote } from './readability.js';
import { servicesFields } from './services-fields.js';

/** The front matter as the forms read it; the compiler, not the forms, decides what is valid. */
interface FrontShape {
  title?: string;
  organisation?: string;
  language?: string;
  lastUpdated?: string;
  summary?: string[];
  facts?: {
    controller?: ContactPoint;
    dpo?: ContactPoint;
    complaints?: ContactPoint[];
    purposes?: Partial<NoticePurpose>[];
    recipients?: string[];
    retention?: { what: string; period: string }[];
    transfers?: string[];
    rights?: string[];
    requirement?: string;
    automatedDecisions?: string;
    dataSources?: string[];
  };
  services?: ServiceDeclaration[];
}

/** Fired with the whole new source whenever a form field changes it. */
export class NoticeSourceEditEvent extends Event {
  constructor(readonly source: string) {
    super('candour-admin-notice-edit', { bubbles: true, composed: true });
  }
}

const GROUPS = [
  ['notice', 'Title and summary'],
  ['who', 'Who you are'],
  ['purposes', 'Purposes and lawful bases'],
  ['sharing', 'Sharing, keeping, rights'],
  ['services', 'Services and cookies'],
  ['sections', 'Sections'],
] as const;
type Group = (typeof GROUPS)[number][0];

/** The group a field path (`facts.retention.0.period`) is shown in. */
function groupOf(path: readonly string[]): Group {
  const [first, second] = path;
  if (first === 'services' || first === 'sections') return first;
  if (first !== 'facts') return 'notice';
  if (second === 'controller' || second === 'dpo' || second === 'complaints') return 'who';
  return second === 'purposes' ? 'purposes' : 'sharing';
}

type Facts = NonNullable<FrontShape['facts']>;
type ListFact = 'recipients' | 'transfers' | 'rights' | 'dataSources';
type TextFact = 'requirement' | 'automatedDecisions';

/**
 * The facts of "Sharing, keeping, rights", in the order they are shown: each a list of lines or
 * one text, except retention (what, and for how long), which has fields of its own.
 */
const SHARING_FACTS: (
  | { kind: 'list'; key: ListFact; legend: string; itemLabel: string; hint?: string; omitWhenEmpty?: true }
  | { kind: 'text'; key: TextFact; label: string; hint: string }
  | { kind: 'retention' }
)[] = [
  { kind: 'list', key: 'recipients', legend: 'Who the data is shared with', itemLabel: 'Recipient' },
  { kind: 'retention' },
  {
    kind: 'list',
    key: 'transfers',
    legend: 'Transfers outside the UK, and their safeguards',
    itemLabel: 'Transfer',
    hint: 'Say “None” if data stays in the UK.',
  },
  {
    kind: 'list',
    key: 'rights',
    legend: 'People’s rights',
    itemLabel: 'Right',
    hint: 'Access, correction, erasure, restriction, portability, objection, withdrawing consent, complaining to the ICO.',
  },
  {
    kind: 'text',
    key: 'requirement',
    label: 'Must people give you their data?',
    hint: 'Whether it is required by law or for a contract, and what happens if they do not.',
  },
  {
    kind: 'text',
    key: 'automatedDecisions',
    label: 'Automated decisions',
    hint: 'Whether any decision about people is made by computer alone (or say there are none).',
  },
  {
    kind: 'list',
    key: 'dataSources',
    legend: 'Where data comes from, when not from the person',
    itemLabel: 'Source',
    // An optional key: an empty list is left out of the source rather than written as [].
    omitWhenEmpty: true,
  },
];

const CONTACT_FIELDS: { key: keyof ContactPoint; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'role', label: 'Role' },
  { key: 'address', label: 'Postal address' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'url', label: 'Web address' },
];

/**
 * `<candour-admin-notice-form>`: the notice as forms (the organisation's facts, the services and
 * their cookies, the layer-1 summary, and each section's Markdown). It holds no document of its
 * own: it reads `source` and answers every change with the new source, so the forms and the
 * source view are always the same document.
 */
export class CandourAdminNoticeForm extends LightElement {
  static override properties = {
    source: { type: String },
    model: { state: true },
    unreadable: { state: true },
    group: { state: true },
  };

  source = '';
  model: NoticeFormModel | null = null;
  unreadable: { line: number; message: string } | null = null;
  /** One group of fields at a time: a notice has hundreds of them. */
  group: Group = 'notice';
  /** The source this element last wrote: reading it back would only lose the cursor. */
  #written = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('source') && this.source !== this.#written) {
      const result = toFormModel(this.source);
      this.model = result.ok ? result.model : null;
      this.unreadable = result.ok ? null : { line: result.line, message: result.message };
    }
  }

  /** Puts focus on the field at `path` (a checklist item's `field`, e.g. `facts.retention`). */
  async focusField(path: string): Promise<boolean> {
    const parts = path.split('.');
    this.group = groupOf(parts);
    await this.updateComplete;
    const target = this.querySelector<HTMLElement>(`#${CSS.escape(fieldId(parts))}`);
    if (!target) return false;
    const control = target.matches('input, select, textarea, button')
      ? target
      : target.querySelector<HTMLElement>('input, select, textarea, button');
    target.scrollIntoView({ block: 'center' });
    (control ?? target).focus();
    return true;
  }

  #commit(model: NoticeFormModel): void {
    this.model = model;
    this.#written = toSource(model);
    this.source = this.#written;
    this.dispatchEvent(new NoticeSourceEditEvent(this.#written));
  }

  #set(path: FieldPath, value: unknown): void {
    this.#commit(withFront(this.model!, path, value));
  }

  #setSection(index: number, change: Partial<SectionModel>): void {
    const model = this.model!;
    this.#commit({ ...model, sections: model.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) });
  }

  override render() {
    if (this.unreadable)
      return html`<div class="admin-warning" role="status">
        <p>
          The forms cannot read the source yet: line ${this.unreadable.line}: ${this.unreadable.message}. Fix it in the
          source view; nothing is lost.
        </p>
      </div>`;
    const model = this.model;
    if (!model) return nothing;
    const front = model.front as FrontShape;
    const facts = front.facts ?? {};
    return html`<div class="notice-form">
      <div class="form-groups" role="group" aria-label="Part of the notice">
        ${GROUPS.map(
          ([id, words]) =>
            html`<button
              type="button"
              class="secondary small"
              aria-pressed=${this.group === id ? 'true' : 'false'}
              @click=${() => (this.group = id)}
            >
              ${words}
            </button>`,
        )}
      </div>
      ${this.#group(model, front, facts)}
    </div>`;
  }

  #group(model: NoticeFormModel, front: FrontShape, facts: NonNullable<FrontShape['facts']>): TemplateResult {
    switch (this.group) {
      case 'notice':
        return html`<fieldset>
            <legend>The notice</legend>
            ${textField(['title'], { label: 'Title', value: front.title, required: true, onInput: (v) => this.#set(['title'], v) })}
            ${textField(['organisation'], {
              label: 'Organisation',
              value: front.organisation,
              required: true,
              onInput: (v) => this.#set(['organisation'], v),
            })}
            ${textField(['lastUpdated'], {
              label: 'Last updated',
              hint: 'YYYY-MM-DD',
              value: front.lastUpdated,
              onInput: (v) => this.#set(['lastUpdated'], v),
            })}
          </fieldset>
          ${this.#summaryFields(front.summary ?? [])}`;
      case 'who':
        return html`<h3>Who you are</h3>
          ${this.#contact(['facts', 'controller'], 'The organisation responsible (the controller)', facts.controller)}
          ${this.#contact(['facts', 'dpo'], 'Data protection officer or lead', facts.dpo)}
          <fieldset id=${fieldId(['facts', 'complaints'])}>
            <legend>Where people can complain</legend>
            <p class="admin-hint">
              Name the ICO (Information Commissioner’s Office), and your own route if you have one.
            </p>
            ${(facts.complaints ?? []).map(
              (point, index) =>
                html`${this.#contact(['facts', 'complaints', index], `Complaint route ${index + 1}`, point)}
                ${this.#removeButton(['facts', 'complaints'], facts.complaints!, index, `Remove complaint route ${index + 1}`)}`,
            )}
            <button
              type="button"
              class="secondary small"
              @click=${() =>
                this.#set(
                  ['facts', 'complaints'],
                  [
                    ...(facts.complaints ?? []),
                    {
                      name: 'Information Commissioner’s Office (ICO)',
                      phone: '0303 123 1113',
                      url: 'https://ico.org.uk/make-a-complaint/',
                    },
                  ],
                )}
            >
              Add the ICO as a complaint route
            </button>
          </fieldset>`;
      case 'purposes':
        return html`<h3>Why you use people’s data</h3>
          ${this.#purposes(facts.purposes ?? [])}`;
      case 'sharing':
        return html`<h3>Who sees it, how long you keep it, and people’s rights</h3>
          ${SHARING_FACTS.map((fact) => this.#sharingFact(fact, facts))}`;
      case 'services':
        return html`<h3>Services and cookies</h3>
          ${servicesFields(front.services ?? [], (services) => this.#set(['services'], services))}`;
      case 'sections':
        return html`<h3>Sections</h3>
          ${model.sections.map((section, index) => this.#section(section, index))}`;
    }
  }

  #sharingFact(fact: (typeof SHARING_FACTS)[number], facts: Facts): TemplateResult {
    if (fact.kind === 'retention') return this.#retention(facts.retention ?? []);
    const path = ['facts', fact.key];
    if (fact.kind === 'text')
      return textField(path, {
        label: fact.label,
        hint: fact.hint,
        multiline: true,
        value: facts[fact.key],
        onInput: (v) => this.#set(path, v),
      });
    return textList(path, {
      legend: fact.legend,
      itemLabel: fact.itemLabel,
      hint: fact.hint,
      items: facts[fact.key] ?? [],
      onChange: (items) => this.#set(path, fact.omitWhenEmpty && !items.length ? undefined : items),
    });
  }

  /** The button that takes item `index` out of the list at `path`. */
  #removeButton(path: FieldPath, items: readonly unknown[], index: number, words: string): TemplateResult {
    return html`<button
      type="button"
      class="secondary small"
      @click=${() =>
        this.#set(
          path,
          items.filter((_, i) => i !== index),
        )}
    >
      ${words}
    </button>`;
  }

  #summaryFields(summary: string[]): TemplateResult {
    return html`<fieldset id=${fieldId(['summary'])}>
      <legend>Summary (layer 1)</legend>
      <p class="admin-hint">A few short paragraphs, about 120 words in all: what visitors read first.</p>
      ${summary.map(
        (line, index) =>
          html`${textField(['summary', index], {
            label: `Summary paragraph ${index + 1}`,
            value: line,
            required: true,
            multiline: true,
            onInput: (v) =>
              this.#set(
                ['summary'],
                summary.map((old, i) => (i === index ? v : old)),
              ),
            after: readabilityNote(line),
          })}
          ${this.#removeButton(['summary'], summary, index, `Remove summary paragraph ${index + 1}`)}`,
      )}
      <button type="button" class="secondary small" @click=${() => this.#set(['summary'], [...summary, ''])}>
        Add a summary paragraph
      </button>
    </fieldset>`;
  }

  #contact(path: FieldPath, legend: string, point: ContactPoint | undefined): TemplateResult {
    return html`<fieldset id=${fieldId(path)}>
      <legend>${legend}</legend>
      ${CONTACT_FIELDS.map(({ key, label }) =>
        textField([...path, key], {
          label,
          value: point?.[key],
          required: key === 'name',
          onInput: (v) => this.#set([...path, key], v),
        }),
      )}
    </fieldset>`;
  }

  #purposes(purposes: Partial<NoticePurpose>[]): TemplateResult {
    const path = ['facts', 'purposes'];
    const select = (
      at: FieldPath,
      label: string,
      choices: readonly BasisChoice[],
      value: string | undefined,
      empty: string,
      explain: BasisChoice | undefined,
    ) => {
      const id = fieldId(at);
      return html`<p class="form-field">
        <label for=${id}>${label}</label>
        <select
          id=${id}
          aria-describedby=${`${id}-explained`}
          @change=${(event: Event) => this.#set(at, (event.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!value}>${empty}</option>
          ${choices.map((choice) => html`<option value=${choice.id} ?selected=${value === choice.id}>${choice.label}</option>`)}
        </select>
        <span class="admin-hint" id=${`${id}-explained`}>${explain?.explanation ?? ''}</span>
      </p>`;
    };
    return html`<fieldset id=${fieldId(path)}>
      <legend>Purposes and their lawful basis</legend>
      ${purposes.map((purpose, index) => {
        const at = [...path, index];
        const flagged =
          purpose.basis === NOT_STATED || (!purpose.basis && /not stated/i.test(purpose.legalBasis ?? ''));
        return html`<fieldset class="purpose" id=${fieldId(at)}>
          <legend>Purpose ${index + 1}</legend>
          ${textField([...at, 'purpose'], {
            label: 'What you use the data for',
            value: purpose.purpose,
            required: true,
            multiline: true,
            onInput: (v) => this.#set([...at, 'purpose'], v),
          })}
          ${select(
            [...at, 'basis'],
            'Lawful basis (UK GDPR Article 6)',
            [
              ...ARTICLE_6_BASES,
              {
                id: NOT_STATED,
                label: 'Not stated',
                explanation: 'The notice does not give one: flagged on the checklist.',
              },
            ],
            purpose.basis,
            'Not chosen (the wording below is used)',
            purpose.basis === NOT_STATED
              ? { id: NOT_STATED, label: '', explanation: 'The notice does not give one: flagged on the checklist.' }
              : article6Basis(purpose.basis ?? ''),
          )}
          ${flagged ? html`<p class="flag">No lawful basis is stated for this purpose.</p>` : nothing}
          ${select(
            [...at, 'condition'],
            'For health or care data: the Article 9 condition',
            ARTICLE_9_CONDITIONS,
            purpose.condition,
            'None (no health or care data)',
            article9Condition(purpose.condition ?? ''),
          )}
          ${
            purpose.condition && NEEDS_SCHEDULE_1.includes(purpose.condition as Article9Condition)
              ? select(
                  [...at, 'schedule1'],
                  'The DPA 2018 Schedule 1 condition',
                  SCHEDULE_1_CONDITIONS,
                  purpose.schedule1,
                  'Choose one…',
                  schedule1Condition(purpose.schedule1 ?? ''),
                )
              : nothing
          }
          ${
            purpose.basis === 'legitimate-interests'
              ? textField([...at, 'interests'], {
                  label: 'The legitimate interests',
                  hint: 'What the interest is, e.g. the safety of staff and visitors.',
                  value: purpose.interests,
                  onInput: (v) => this.#set([...at, 'interests'], v),
                })
              : nothing
          }
          ${textField([...at, 'legalBasis'], {
            label: 'How the notice puts it',
            hint: 'Your policy’s own words. Leave empty to use the names of the choices above.',
            value: purpose.legalBasis,
            multiline: true,
            onInput: (v) => this.#set([...at, 'legalBasis'], v),
          })}
          ${this.#removeButton(path, purposes, index, `Remove purpose ${index + 1}`)}
        </fieldset>`;
      })}
      <button
        type="button"
        class="secondary small"
        @click=${() => this.#set(path, [...purposes, { purpose: '', basis: NOT_STATED }])}
      >
        Add a purpose
      </button>
    </fieldset>`;
  }

  #retention(retention: { what: string; period: string }[]): TemplateResult {
    const path = ['facts', 'retention'];
    return html`<fieldset id=${fieldId(path)}>
      <legend>How long you keep data</legend>
      ${retention.map(
        (entry, index) =>
          html`<div class="form-list-item">
            ${textField([...path, index, 'what'], {
              label: `Kept ${index + 1}: what`,
              value: entry.what,
              required: true,
              onInput: (v) => this.#set([...path, index, 'what'], v),
            })}
            ${textField([...path, index, 'period'], {
              label: `Kept ${index + 1}: for how long`,
              hint: 'A period, e.g. “8 years after your last appointment”.',
              value: entry.period,
              required: true,
              onInput: (v) => this.#set([...path, index, 'period'], v),
            })}
            ${this.#removeButton(path, retention, index, `Remove kept ${index + 1}`)}
          </div>`,
      )}
      <button
        type="button"
        class="secondary small"
        @click=${() => this.#set(path, [...retention, { what: '', period: '' }])}
      >
        Add a retention period
      </button>
    </fieldset>`;
  }

  #section(section: SectionModel, index: number): TemplateResult {
    const path = ['sections', index];
    return html`<fieldset class="notice-section-form" id=${fieldId(path)}>
      <legend>Section ${index + 1}: ${section.title}</legend>
      ${textField([...path, 'title'], { label: 'Heading', value: section.title, required: true, onInput: (v) => this.#setSection(index, { title: v }) })}
      ${textField([...path, 'summary'], {
        label: 'Summary (layer 2)',
        value: section.summary,
        required: true,
        onInput: (v) => this.#setSection(index, { summary: v }),
        after: readabilityNote(section.summary),
      })}
      ${textField([...path, 'body'], {
        label: 'Text (Markdown)',
        hint: '**bold**, *emphasis*, [a link](https://…), lines starting “- ” for a list.',
        value: section.body,
        required: true,
        multiline: true,
        rows: 12,
        onInput: (v) => this.#setSection(index, { body: v }),
      })}
    </fieldset>`;
  }
}

if (!customElements.get('candour-admin-notice-form'))
  customElements.define('candour-admin-notice-form', CandourAdminNoticeForm);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-notice-form': CandourAdminNoticeForm;
  }
  interface HTMLElementEventMap {
    'candour-admin-notice-edit': NoticeSourceEditEvent;
  }
}
