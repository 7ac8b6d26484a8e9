import { html, nothing, type TemplateResult } from 'lit';

/**
 * Small templates the notice forms are made of: a labelled input or textarea, and a list of
 * one-line texts with add and remove buttons. Every control has a visible label; ids are made
 * from the field's path, so the checklist can focus the field that fixes an item.
 */
export type FieldPath = readonly (string | number)[];

export const fieldId = (path: FieldPath) => `field-${path.join('-')}`;

export interface TextFieldOptions {
  label: string;
  value: string | undefined;
  onInput: (value: string) => void;
  hint?: string;
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  after?: TemplateResult | typeof nothing;
}

const valueOf = (event: Event) => (event.target as HTMLInputElement | HTMLTextAreaElement).value;

export function textField(path: FieldPath, options: TextFieldOptions): TemplateResult {
  const id = fieldId(path);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return html`<p class="form-field">
    <label for=${id}
      >${options.label}${options.required ? nothing : html` <span class="optional">(optional)</span>`}</label
    >
    ${options.hint ? html`<span class="admin-hint" id=${hintId!}>${options.hint}</span>` : nothing}
    ${
      options.multiline
        ? html`<textarea
            id=${id}
            rows=${options.rows ?? 2}
            aria-describedby=${hintId ?? nothing}
            .value=${options.value ?? ''}
            @input=${(event: Event) => options.onInput(valueOf(event))}
          ></textarea>`
        : html`<input
            id=${id}
            aria-describedby=${hintId ?? nothing}
            .value=${options.value ?? ''}
            @input=${(event: Event) => options.onInput(valueOf(event))}
          />`
    }
    ${options.after ?? nothing}
  </p>`;
}

export interface TextListOptions {
  legend: string;
  itemLabel: string;
  items: readonly string[];
  onChange: (items: string[]) => void;
  hint?: string;
}

/** A list of one-line texts (recipients, rights, transfers…) as a fieldset of inputs. */
export function textList(path: FieldPath, options: TextListOptions): TemplateResult {
  const { items, onChange } = options;
  return html`<fieldset class="form-list" id=${fieldId(path)}>
    <legend>${options.legend}</legend>
    ${options.hint ? html`<p class="admin-hint">${options.hint}</p>` : nothing}
    ${items.map(
      (item, index) =>
        html`<div class="form-list-item">
          ${textField([...path, index], {
            label: `${options.itemLabel} ${index + 1}`,
            value: item,
            required: true,
            multiline: item.length > 80,
            onInput: (value) => onChange(items.map((old, i) => (i === index ? value : old))),
          })}
          <button type="button" class="secondary small" @click=${() => onChange(items.filter((_, i) => i !== index))}>
            Remove ${options.itemLabel.toLowerCase()} ${index + 1}
          </button>
        </div>`,
    )}
    <button type="button" class="secondary small" @click=${() => onChange([...items, ''])}>
      Add ${options.itemLabel.toLowerCase()}
    </button>
  </fieldset>`;
}
