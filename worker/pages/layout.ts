import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The Worker's own pages (receipt, demo, admin) share one plain, readable layout (no favicon: no 404 to log). */
export function page(title: string, body: Html, options: { lang?: string; head?: Html } = {}): Html {
  return html`<!doctype html>
    <html lang="${options.lang ?? 'en-GB'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/v1/pages.css" />
        ${options.head ?? ''}
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}
