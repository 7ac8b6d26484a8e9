import { html, nothing } from 'lit';
import type { NoticeDiff, SectionChange } from '../contract/notice.js';

const CHANGE_WORDS: Record<SectionChange['change'], string> = {
  added: 'New section',
  removed: 'Section removed',
  changed: 'Section changed',
};

function renderMarks(change: Extract<SectionChange, { change: 'changed' }>) {
  // The section's text with removed words struck through and new words marked; unchanged runs
  // longer than a few words are shortened so the changes stand out.
  return change.marks.map((mark) => {
    if (mark.op === 'ins') return html`<ins>${mark.text}</ins> `;
    if (mark.op === 'del') return html`<del>${mark.text}</del> `;
    const words = mark.text.split(' ');
    return words.length > 24
      ? html`<span class="diff-same">${words.slice(0, 10).join(' ')} … ${words.slice(-10).join(' ')}</span> `
      : html`<span class="diff-same">${mark.text}</span> `;
  });
}

/** What changed between two versions (or a version and a draft), by section and by cookie. */
export function renderDiff(diff: NoticeDiff, options: { headingLevel?: 3 | 4 } = {}) {
  const cookieChanges = [
    ...diff.cookies.added.map((name) => ['Cookie added', name] as const),
    ...diff.cookies.removed.map((name) => ['Cookie removed', name] as const),
    ...diff.cookies.changed.map((name) => ['Cookie details changed', name] as const),
  ];
  const heading = (text: string) => (options.headingLevel === 4 ? html`<h4>${text}</h4>` : html`<h3>${text}</h3>`);
  if (diff.sections.length === 0 && cookieChanges.length === 0) {
    return html`<p class="diff-none">The text is the same in both versions.</p>`;
  }
  return html`<div class="diff">
    ${
      cookieChanges.length
        ? html`${heading('Cookies')}
            <ul class="diff-cookies">
              ${cookieChanges.map(([what, name]) => html`<li><strong>${what}:</strong> ${name}</li>`)}
            </ul>`
        : nothing
    }
    ${
      diff.sections.length
        ? html`${heading('Sections')}
            <ul class="diff-sections">
              ${diff.sections.map(
                (section) =>
                  html`<li class="diff-section diff-${section.change}">
                    <p class="diff-title"><strong>${CHANGE_WORDS[section.change]}:</strong> ${section.title}</p>
                    ${section.change === 'changed' ? html`<p class="diff-text">${renderMarks(section)}</p>` : nothing}
                  </li>`,
              )}
            </ul>`
        : nothing
    }
  </div>`;
}
