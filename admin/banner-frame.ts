/**
 * The script of one "as visitors see it" frame (vite build --mode admin →
 * /admin/assets/banner-frame.js). The admin page writes an empty same-origin frame, sets its
 * `<html lang>` and loads this into it, so the visitors' own elements are defined in the frame's
 * window: the banner's media queries answer to the frame's width (a phone's or a desktop's), and
 * both elements speak the frame's language. The draft arrives by `postMessage` from the page.
 *
 * This is the one place the admin reaches into the banner: it hands the banner an inert stand-in
 * for the visitor's session (`bannerHooks.attach`), which asks as on a first visit and decides,
 * stores and sends nothing, so a click in the preview shows the confirmation and nothing more.
 * The stand-in lives here, not in the widget, because the widget's first visit has no bytes to
 * spare for it. If the banner's way in changes, re-point this file and nothing else.
 */
import type { SiteConfig } from '../contract/site.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { ConsentController } from '../widget/core/controller.js';
import { bannerHooks } from '../widget/ui/candour-consent.js';
import './candour-notice-preview.js';

/** What the admin page posts to a frame. */
export interface VisitorFrameDraft {
  config: SiteConfig;
  notice: NoticeVersion;
}

/** What the banner reads of a session, for a visitor who has not chosen yet; every choice is a no-op. */
class PreviewSession extends EventTarget {
  readonly state = 'prompt';
  readonly prompt = 'first-visit';
  readonly previous = null;
  readonly gpcApplied = false;
  readonly ready = Promise.resolve();
  readonly options = { base: location.origin };
  constructor(readonly config: SiteConfig) {
    super();
  }
  get site(): string {
    return this.config.site;
  }
  async acceptAll(): Promise<void> {}
  async rejectAll(): Promise<void> {}
  async decide(): Promise<void> {}
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
  // The banner reads only the members PreviewSession has (test/e2e/admin-notice-forms.test.ts).
  void bannerHooks.attach(banner, new PreviewSession(draft.config) as unknown as ConsentController);
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
