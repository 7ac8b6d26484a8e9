/**
 * The layered notice as server-rendered markup (Lit SSR): a `<candour-notice>` element whose
 * declarative shadow DOM (`<template shadowrootmode="open">`) is the notice as the element draws
 * it, every section open, so a browser shows it before any script runs, or with none. Beside it,
 * in the light DOM: the same notice as plain headings, paragraphs and tables (for search engines
 * and readers that ignore shadow roots) and the notice as JSON, from which the element hydrates
 * without fetching it again.
 *
 * Node only (it imports @lit-labs/ssr): `npm run notice-markup` runs it; see docs/webmasters.md.
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import type { NoticeVersion } from '../contract/notice.js';
import './ui/candour-notice.js';
import { heading, renderBlock } from './ui/notice-blocks.js';
import { LANGUAGE_TAGS, pickNoticeLanguage } from './ui/notice-strings.js';

export interface NoticeMarkupOptions {
  /** `cy` for the Welsh frame around the notice; else English. */
  lang?: string;
  /** Level of the notice's title: 1 on a page of its own, 2 (the default) under the page's h1. */
  headingLevel?: number;
}

/** Plain markup of the notice for readers that do not see shadow roots. Text stays text. */
function fallback(notice: NoticeVersion, level: number) {
  const doc = notice.document;
  return html`<div data-candour-fallback lang=${doc.language}>
    ${heading(level, doc.title)} ${doc.summary.map((paragraph) => html`<p>${paragraph}</p>`)}
    ${doc.sections.map(
      (section) =>
        html`<section>
          ${heading(level + 1, section.title)}
          <p>${section.summary}</p>
          ${section.blocks.map((block) => renderBlock(block, level + 1))}
        </section>`,
    )}
  </div>`;
}

/** JSON that cannot end its `<script>` element early, whatever the notice says. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export async function noticeMarkup(notice: NoticeVersion, options: NoticeMarkupOptions = {}): Promise<string> {
  const language = pickNoticeLanguage(options.lang);
  const level = Math.min(5, Math.max(1, Math.round(options.headingLevel ?? 2)));
  const open = new Set(notice.document.sections.map((section) => section.id));
  // The same properties the element gives itself when it takes the JSON below (see #takeServerNotice).
  const element = await collectResult(
    render(
      html`<candour-notice
        site=${notice.site}
        lang=${LANGUAGE_TAGS[language]}
        heading-level=${level}
        .notice=${notice}
        .latest=${notice}
        .language=${language}
        .open=${open}
      ></candour-notice>`,
    ),
  );
  const light =
    (await collectResult(render(fallback(notice, level)))) +
    `<script type="application/json" data-candour-notice>${scriptSafeJson(notice)}</script>`;
  const close = element.lastIndexOf('</candour-notice>');
  return `${element.slice(0, close)}${light}${element.slice(close)}`;
}
