/**
 * The script of one "as visitors see it" frame (vite build --mode admin →
 * /admin/assets/banner-frame.js). The admin page writes an empty same-origin frame, sets its
 * `<html lang>` and loads this into it, so the visitors' own elements are defined in the frame's
 * window: the banner's media queries answer to the frame's width (a phone's or a desktop's), and
 * both elements speak the frame's language. The draft arrives by `postMessage` from the page.
 *
 * This is the one place the admin reaches into the banner: it shows it through the widget's
 * preview hook (`bannerHooks.preview`, what embed.ts uses before the core arrives). If the banner's
 * way in changes, re-point this file and nothing else.
 */
import type { SiteConfig } from '../contract/site.js';
import type { NoticeVersion } from '../contract/notice.js';
import { bannerHooks } from '../widget/ui/candour-consent.js';
import './candour-notice-preview.js';

/** What the admin page posts to a frame. */
export interface VisitorFrameDraft {
  config: SiteConfig;
  notice: NoticeVersion;
}

const PAGE_CSS = `
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #0b0c0c; background: #fff; }
  main { padding: 1rem; }
`;

function show(draft: VisitorFrameDraft): void {
  const lang = document.documentElement.lang === 'cy' ? 'cy' : 'en';
  // A fresh pair each time: the banner reads its theme and strings once, as on a page load.
  document.querySelector('candour-consent')?.remove();
  const main = document.querySelector('main') ?? document.body.appendChild(document.createElement('main'));
  const notice = document.createElement('candour-notice-preview');
  notice.language = lang;
  notice.notice = draft.notice;
  main.replaceChildren(notice);
  const banner = document.createElement('candour-consent');
  document.body.prepend(banner);
  void bannerHooks.preview(banner, { config: draft.config, prompt: 'first-visit' });
}

const sheet = new CSSStyleSheet();
sheet.replaceSync(PAGE_CSS);
document.adoptedStyleSheets = [sheet];

// The banner's "read our privacy notice" link would leave the frame (the admin page lets no page
// frame it): in the preview it goes to the notice below, as the privacy page would show it.
addEventListener('click', (event) => {
  const link = event.composedPath().find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement);
  if (!link) return;
  event.preventDefault();
  const notice = document.querySelector('main');
  notice?.setAttribute('tabindex', '-1');
  notice?.focus();
});

addEventListener('message', (event: MessageEvent<VisitorFrameDraft>) => {
  // `self.origin`: the page's origin, which this empty frame shares (its `location` is about:blank).
  if (event.origin !== self.origin || event.source !== parent) return;
  show(event.data);
});
