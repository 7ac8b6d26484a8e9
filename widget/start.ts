/**
 * Starts Candour on a page: Consent Mode defaults, the gate, the stored decision, the banner when
 * one is needed, `window.candour` and the page's `data-candour` triggers. The script tag
 * (embed.ts) and the npm entry (index.ts) differ only in how they load the UI chunks.
 */
import type { SiteConfig } from '../contract/site.js';
import type { CandourApi } from './api.js';
import { pushConsentDefault } from './core/consent-mode.js';
import { ConsentController } from './core/controller.js';
import { mountHost } from './host.js';
import { whenNoticesNeeded } from './notice-loading.js';
import { placeIframePlaceholder, removeIframePlaceholder } from './placeholder.js';
import type * as UiModule from './ui/index.js';

export interface StartOptions {
  /** The site id, as registered with the Worker. */
  site: string;
  /** The Worker's origin, e.g. https://consent.example. */
  base: string;
  /** Reload the page after a withdrawal, so scripts already running stop at once. */
  reloadOnWithdraw?: boolean;
  /** Loads the module that defines `<candour-consent>` (widget/ui/index.ts). */
  loadUi: () => Promise<typeof UiModule>;
  /** Loads the module that defines `<candour-notice>` and exports `showNoticeDialog`. */
  loadNotice: () => Promise<unknown>;
  /** The site's config, when the caller has already asked for it. */
  config?: Promise<SiteConfig>;
  /**
   * The page's script nonce, where it has a Content Security Policy with one: then only held-back
   * scripts carrying the same nonce run, so markup injected into the page (which cannot know the
   * nonce) stays inert. The script tag passes its own.
   */
  nonce?: string;
  /** The caller already put the Consent Mode default in dataLayer (the script tag's prelude). */
  consentDefaultPushed?: boolean;
}

type NoticeModule = { showNoticeDialog(site: string, base: string, section?: string): Promise<void> };

export function startCandour(options: StartOptions): CandourApi {
  const { site, base } = options;
  // Once per page: a second default after the page's own pushes would confuse Google's tags.
  if (!options.consentDefaultPushed) pushConsentDefault();

  const hostReady = mountHost();

  const controller = new ConsentController({
    site,
    base,
    eventTarget: () => hostReady,
    gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    language: document.documentElement.lang || undefined,
    reloadOnWithdraw: options.reloadOnWithdraw === true,
    config: options.config,
    nonce: options.nonce,
    iframeHooks: {
      blocked: (iframe, category) =>
        placeIframePlaceholder(
          iframe,
          category,
          (allowed) => void controller.update({ [allowed]: true }, 'preferences'),
        ),
      allowed: removeIframePlaceholder,
    },
  });

  let ui: Promise<typeof UiModule> | null = null;
  /** The banner's module, with `<candour-consent>` holding this page's controller. */
  const loadUi = async () => {
    ui ??= options.loadUi();
    const module = await ui;
    const element = await hostReady;
    void module.bannerHooks.attach(element, controller);
    return { showPreferences: (opener?: HTMLElement) => module.bannerHooks.showPreferences(element, opener) };
  };
  // A first visit needs the banner: fetch it while the config is on its way.
  if (!controller.record) void loadUi();
  void controller.ready.then(() => {
    if (controller.state === 'prompt' || controller.gpcApplied) void loadUi();
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

  const api: CandourApi = {
    ready: controller.ready,
    get: () => controller.get(),
    granted: (category) => controller.granted(category),
    acceptAll: () => controller.acceptAll('api'),
    rejectAll: () => controller.rejectAll('api'),
    update: (choices) => controller.update(choices, 'api'),
    withdraw: () => controller.withdraw(),
    showPreferences: async () => (await loadUi()).showPreferences(),
    showNotice: async (section) => {
      const notice = (await options.loadNotice()) as NoticeModule;
      await notice.showNoticeDialog(site, base, section);
    },
  };

  // Triggers anywhere on the page: data-candour="preferences | notice | accept-all | reject-all".
  document.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.<HTMLElement>('[data-candour]');
    if (!trigger) return;
    const action = trigger.dataset.candour;
    if (action === 'preferences') {
      event.preventDefault();
      void loadUi().then((element) => element.showPreferences(trigger));
    } else if (action === 'notice') {
      event.preventDefault();
      void api.showNotice(trigger.dataset.candourSection);
    } else if (action === 'accept-all' || action === 'reject-all') {
      event.preventDefault();
      void (action === 'accept-all' ? controller.acceptAll() : controller.rejectAll());
    }
  });
  return api;
}
