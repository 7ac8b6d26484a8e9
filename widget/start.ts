/**
 * Starts Candour on a page from the npm entry (index.ts): Consent Mode defaults, the gate, the
 * stored decision, then the session (controller, banner, `window.candour`) and the page's
 * `data-candour` triggers. The script tag (embed.ts) does the first half itself, in its first
 * script, and loads the session only when it is needed.
 */
import type { SiteConfig } from '../contract/site.js';
import type { CandourApi } from './api.js';
import { pushConsentDefault } from './core/consent-mode.js';
import { Gate } from './core/gating.js';
import { readRecord } from './core/storage.js';
import { whenNoticesNeeded } from './notice-loading.js';
import { startSession, triggerOf } from './session.js';

export interface StartOptions {
  /** The site id, as registered with the Worker. */
  site: string;
  /** The Worker's origin, e.g. https://consent.example. */
  base: string;
  /** Reload the page after a withdrawal, so scripts already running stop at once. */
  reloadOnWithdraw?: boolean;
  /** Loads the module that defines `<candour-notice>` and exports `showNoticeDialog`. */
  loadNotice: () => Promise<unknown>;
  /** The site's config, when the caller has already asked for it. */
  config?: Promise<SiteConfig>;
  /**
   * The page's script nonce, where it has a Content Security Policy with one: then only held-back
   * scripts carrying the same nonce run, so markup injected into the page (which cannot know the
   * nonce) stays inert.
   */
  nonce?: string;
}

export function startCandour(options: StartOptions): CandourApi {
  const { site, base } = options;
  pushConsentDefault();
  const { api, trigger } = startSession({
    ...options,
    gate: new Gate(document, options.nonce, () => import('./core/frames.js')),
    record: readRecord(site),
  });

  const loadNotices = () => {
    const notices = document.querySelectorAll('candour-notice');
    if (notices.length === 0) return;
    // Tell each notice where the Worker is (a bundled copy cannot tell from its own address).
    for (const notice of notices) if (!notice.hasAttribute('base')) notice.setAttribute('base', base);
    whenNoticesNeeded(() => void options.loadNotice());
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', loadNotices, { once: true });
  else loadNotices();

  document.addEventListener('click', (event) => {
    const element = triggerOf(event);
    if (element && trigger(element)) event.preventDefault();
  });
  return api;
}
