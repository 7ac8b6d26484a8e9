import { html } from 'hono/html';
import type { NoticeSection, NoticeVersion, NoticeVersionSummary } from '../../contract/notice.js';
import type { FactSource, ServiceDeclaration } from '../../contract/site.js';
import { page } from './layout.js';
import { blockHtml, inlineHtml } from './notice-html.js';
import { PAGE_LANGUAGE_TAGS, pageDate, pageText, type PageLanguage } from './privacy-strings.js';

export interface PrivacyPageView {
  notice: NoticeVersion;
  /** Public versions (in force now or before), newest first. */
  versions: NoticeVersionSummary[];
  language: PageLanguage;
  /** The page's own address without a query, for the language links and hreflang alternates. */
  pageUrl: string;
}

const LANGUAGE_NAMES: Record<PageLanguage, string> = { en: 'English', cy: 'Cymraeg' };

function addressFor(pageUrl: string, language: PageLanguage, version?: number): string {
  const query = new URLSearchParams({ lang: language });
  if (version !== undefined) query.set('version', String(version));
  return `${pageUrl}?${query.toString()}`;
}

/** The declared cookies, as the widget's cookies table shows them: Cookie, Purpose, Expires, Source. */
function cookieTable(services: readonly ServiceDeclaration[], language: PageLanguage) {
  const source = (from: FactSource | undefined) => {
    if (!from || from.kind === 'policy') return pageText(language, 'sourcePolicy');
    const name = from.name ?? pageText(language, 'sourceAuthor');
    return from.url ? inlineHtml([{ type: 'link', href: from.url, text: name }]) : name;
  };
  const head = pageText(language, 'cookieHead').split('|');
  const cookies = services.flatMap((service) =>
    service.cookies.map((cookie) => ({ ...cookie, source: cookie.source ?? service.source })),
  );
  return html`<div class="table" lang="${PAGE_LANGUAGE_TAGS[language]}">
    <table class="stack wide cookies">
      <caption>
        ${pageText(language, 'cookieTable')}
      </caption>
      <thead>
        <tr>
          ${head.map((cell) => html`<th scope="col">${cell}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${cookies.map(
          (cookie) =>
            html`<tr>
              <td data-label="${head[0]}"><code>${cookie.name}</code> (${cookie.provider})</td>
              <td data-label="${head[1]}">${cookie.purpose}</td>
              <td data-label="${head[2]}">${cookie.duration}</td>
              <td data-label="${head[3]}">${source(cookie.source)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** One section: its title (the widget's anchor), its one-line summary, then its full text. */
function sectionHtml(section: NoticeSection, view: PrivacyPageView, withCookies: boolean) {
  const doc = view.notice.document;
  return html`<section
    class="section"
    id="section-${section.id}"
    lang="${doc.language}"
    aria-labelledby="${section.id}"
  >
    <h2 id="${section.id}">${section.title}</h2>
    <p class="section-summary">${section.summary}</p>
    ${section.blocks.map(blockHtml)} ${withCookies ? cookieTable(doc.services, view.language) : ''}
  </section>`;
}

function versionsHtml(view: PrivacyPageView, current: number) {
  const { language, notice, pageUrl } = view;
  if (view.versions.length < 2) return '';
  return html`<section class="versions" aria-labelledby="candour-versions">
    <h2 id="candour-versions">${pageText(language, 'earlierVersions')}</h2>
    <ul>
      ${view.versions.map((version) => {
        const label = pageText(language, 'versionLine', {
          version: version.version,
          date: pageDate(language, version.effectiveAt),
        });
        const notes = [
          version.version === current ? pageText(language, 'inForce') : '',
          version.version === notice.version ? pageText(language, 'reading') : '',
        ].filter(Boolean);
        const link =
          version.version === notice.version
            ? html`<span aria-current="page">${label}</span>`
            : html`<a href="${addressFor(pageUrl, language, version.version === current ? undefined : version.version)}"
                >${label}</a
              >`;
        return html`<li>${link}${notes.length ? ` (${notes.join(', ')})` : ''}</li>`;
      })}
    </ul>
  </section>`;
}

/**
 * The whole notice on one page that needs no script: layer 1, a contents list, every section in
 * full with its tables, the declared cookies, and the versions. Styles are in privacy.css; the
 * page's CSP allows no inline style.
 */
export function renderPrivacyPage(view: PrivacyPageView) {
  const { notice, language, pageUrl } = view;
  const doc = notice.document;
  const current = view.versions.find((version) => version.current)?.version ?? notice.version;
  const hasCookies = doc.services.some((service) => service.cookies.length > 0);
  const cookiesSection = hasCookies ? doc.sections.find((section) => section.id === 'cookies') : undefined;
  const pinned = notice.version === current ? undefined : notice.version;
  const head = html`<link rel="stylesheet" href="/v1/privacy.css" /> ${(['en', 'cy'] as const).map(
      (other) =>
        html`<link
          rel="alternate"
          hreflang="${PAGE_LANGUAGE_TAGS[other]}"
          href="${addressFor(pageUrl, other, pinned)}"
        />`,
    )}`;
  const body = html`<nav class="languages" aria-label="Language / Iaith">
      <ul>
        ${(['en', 'cy'] as const).map((other) =>
          other === language
            ? html`<li>
                <span aria-current="true" lang="${PAGE_LANGUAGE_TAGS[other]}">${LANGUAGE_NAMES[other]}</span>
              </li>`
            : html`<li>
                <a
                  href="${addressFor(pageUrl, other, pinned)}"
                  hreflang="${PAGE_LANGUAGE_TAGS[other]}"
                  lang="${PAGE_LANGUAGE_TAGS[other]}"
                  >${LANGUAGE_NAMES[other]}</a
                >
              </li>`,
        )}
      </ul>
    </nav>
    <main class="privacy">
      <h1 lang="${doc.language}">${doc.title}</h1>
      <p class="meta">
        <span lang="${doc.language}">${doc.organisation}</span> ·
        ${pageText(language, 'versionLine', { version: notice.version, date: pageDate(language, notice.effectiveAt) })}
        ${doc.lastUpdated ? ` · ${pageText(language, 'lastUpdated', { date: pageDate(language, doc.lastUpdated) })}` : ''}
      </p>
      ${
        pinned === undefined
          ? ''
          : html`<p class="earlier">
              ${pageText(language, 'readingEarlier', {
                version: notice.version,
                date: pageDate(language, notice.effectiveAt),
              })}
              <a href="${addressFor(pageUrl, language)}">${pageText(language, 'readCurrent')}</a>
            </p>`
      }
      <section class="layer1" aria-labelledby="candour-summary">
        <h2 id="candour-summary">${pageText(language, 'summary')}</h2>
        <div lang="${doc.language}">${doc.summary.map((paragraph) => html`<p>${paragraph}</p>`)}</div>
      </section>
      <nav class="contents" aria-labelledby="candour-contents">
        <h2 id="candour-contents">${pageText(language, 'contents')}</h2>
        <ol lang="${doc.language}">
          ${doc.sections.map((section) => html`<li><a href="#${section.id}">${section.title}</a></li>`)}
          ${
            hasCookies && !cookiesSection
              ? html`<li lang="${PAGE_LANGUAGE_TAGS[language]}">
                  <a href="#candour-cookies">${pageText(language, 'cookieTable')}</a>
                </li>`
              : ''
          }
        </ol>
      </nav>
      ${doc.sections.map((section) => sectionHtml(section, view, section === cookiesSection))}
      ${
        hasCookies && !cookiesSection
          ? html`<section class="section" aria-labelledby="candour-cookies">
              <h2 id="candour-cookies">${pageText(language, 'cookieTable')}</h2>
              ${cookieTable(doc.services, language)}
            </section>`
          : ''
      }
      ${versionsHtml(view, current)}
    </main>`;
  return page(`${doc.title} – ${doc.organisation}`, body, { lang: PAGE_LANGUAGE_TAGS[language], head });
}

/** A registered site that has published nothing yet: a page, since people follow links here. */
export function renderNoNoticePage(organisation: string, language: PageLanguage) {
  return page(
    `${pageText(language, 'noticeLabel')} – ${organisation}`,
    html`<main class="narrow">
      <h1>${pageText(language, 'noticeLabel')}</h1>
      <p>${pageText(language, 'noNotice')}</p>
    </main>`,
    { lang: PAGE_LANGUAGE_TAGS[language] },
  );
}
