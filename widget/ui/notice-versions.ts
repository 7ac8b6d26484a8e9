import { html, nothing, type TemplateResult } from 'lit';
import type { NoticeDiff, NoticeVersion } from '../../contract/notice.js';
import { heading } from './notice-blocks.js';
import { noticeDate, noticeText, type NoticeLanguage, type NoticeStringKey } from './notice-strings.js';

/** What the earlier-versions parts of `<candour-notice>` need from it. */
export interface VersionsView {
  language: NoticeLanguage;
  /** Heading level of the panels' own headings. */
  level: number;
  /** The version in force (or the one the page pinned). */
  latest: NoticeVersion;
  /** The version on screen. */
  shown: NoticeVersion;
  /** What changed from the version on screen to `latest`, while it loads, or if it failed. */
  diff: NoticeDiff | 'loading' | 'failed' | null;
  /** A version that could not be loaded. */
  failed: number | null;
  choose(version: number): void;
}

/** The list of versions, newest first: every published version stays readable. */
export function renderVersionList(view: VersionsView, hidden: boolean): TemplateResult {
  const t = (key: NoticeStringKey, values?: Record<string, string | number>) => noticeText(view.language, key, values);
  const numbers = Array.from({ length: view.latest.version }, (_, index) => view.latest.version - index);
  return html`<div class="panel versions" id="versions" part="versions" ?hidden=${hidden}>
    ${heading(view.level, t('earlierVersions'), { className: 'panel-title' })}
    <p>${t('versionsIntro')}</p>
    <ul>
      ${numbers.map((number) => {
        const reading = number === view.shown.version;
        const notes = [number === view.latest.version ? t('inForce') : '', reading ? t('reading') : '']
          .filter(Boolean)
          .join(', ');
        return html`<li>
          <button
            class="link-button"
            type="button"
            aria-current=${reading ? 'true' : 'false'}
            @click=${() => view.choose(number)}
          >
            ${t('versionItem', { version: number })}</button
          >${notes ? html` (${notes})` : nothing}
        </li>`;
      })}
    </ul>
    ${view.failed === null ? nothing : html`<p role="alert">${t('versionFailed')}</p>`}
  </div>`;
}

/** Above an earlier version: which one it is, the way back, and what has changed since. */
export function renderEarlierNote(view: VersionsView): TemplateResult {
  const t = (key: NoticeStringKey, values?: Record<string, string | number>) => noticeText(view.language, key, values);
  const { shown, latest, diff } = view;
  return html`<div class="panel earlier" part="earlier-version" id="earlier" tabindex="-1">
    <p role="status">
      <strong
        >${t('readingEarlier', { version: shown.version, date: noticeDate(view.language, shown.effectiveAt) })}</strong
      >
    </p>
    <button class="button" type="button" @click=${() => view.choose(latest.version)}>${t('readCurrent')}</button>
    <div class="changes">
      ${heading(view.level, t('changesHeading', { from: shown.version, to: latest.version }), {
        className: 'panel-title',
      })}
      ${
        diff === 'loading'
          ? html`<p aria-busy="true">${t('changesLoading')}</p>`
          : diff === 'failed' || diff === null
            ? html`<p>${t('versionFailed')}</p>`
            : renderDiff(view, diff)
      }
    </div>
  </div>`;
}

/** Words of unchanged text kept either side of a change. */
const CONTEXT_WORDS = 8;

/** Unchanged text shortened to the words next to the changes around it. */
export function context(text: string, changeBefore: boolean, changeAfter: boolean): string {
  const words = text.split(' ');
  if (words.length <= CONTEXT_WORDS * 2 + 1) return text;
  const head = changeBefore ? words.slice(0, CONTEXT_WORDS).join(' ') : '';
  const tail = changeAfter ? words.slice(-CONTEXT_WORDS).join(' ') : '';
  return [head, '…', tail].filter(Boolean).join(' ');
}

function renderDiff(view: VersionsView, diff: NoticeDiff): TemplateResult {
  const t = (key: NoticeStringKey, values?: Record<string, string | number>) => noticeText(view.language, key, values);
  const lang = view.latest.document.language;
  if (diff.sections.length === 0 && !diff.material) return html`<p>${t('noChanges')}</p>`;
  return html`${diff.material ? html`<p>${t('cookiesChanged')}</p>` : nothing}
    <ul>
      ${diff.sections.map(
        (section) =>
          html`<li>
            <span lang=${lang}>${section.title}</span>: ${t(section.change)}
            ${
              section.change === 'changed'
                ? html`<p class="marks" lang=${lang}>
                    ${section.marks.map((mark, index, marks) =>
                      mark.op === 'same'
                        ? html`${context(mark.text, index > 0, index < marks.length - 1)} `
                        : mark.op === 'ins'
                          ? html`<ins
                              ><span class="visually-hidden" lang=${view.language}>${t('inserted')}</span
                              >${mark.text}</ins
                            > `
                          : html`<del
                              ><span class="visually-hidden" lang=${view.language}>${t('deleted')}</span
                              >${mark.text}</del
                            > `,
                    )}
                  </p>`
                : nothing
            }
          </li>`,
      )}
    </ul>`;
}
