/**
 * Candour's working half on a page: the controller (decisions, receipts), the banner when one is
 * needed, and `window.candour`. The gate and the stored decision come from whoever started it:
 * the script tag's first script (embed.ts), which has already released a valid decision, or the
 * npm entry (start.ts). A first visit loads this as one module beside the banner's words, so
 * Accept and Reject never wait for another download.
 */
import type { ConsentRecord } from '../contract/consent.js';
import type { SiteConfig } from '../contract/site.js';
import type { CandourApi } from './api.js';
import { ConsentController } from './core/controller.js';
import type { Gate, IframeHooks } from './core/gating.js';
import { mountHost } from './host.js';
import { bannerHooks } from './ui/candour-consent.js';

export interface SessionOptions {
  site: string;
  base: string;
  gate: Gate;
  record: ConsentRecord | null;
  /** The stored decision is already released (the first script did it in its own task). */
  released?: boolean;
  config?: Promise<SiteConfig>;
  nonce?: string;
  reloadOnWithdraw?: boolean;
  /** Loads the module that defines `<candour-notice>` and exports `showNoticeDialog`. */
  loadNotice: () => Promise<unknown>;
}

export interface Session {
  api: CandourApi;
  /** Acts on a click on a `data-candour` trigger; true when it was one of ours. */
  trigger(trigger: HTMLElement): boolean;
  /** Draws and removes the placeholder of a held-back frame. */
  iframeHooks: IframeHooks;
}

type NoticeModule = { showNoticeDialog(site: string, base: string, section?: string): Promise<void> };

export function startSession(options: SessionOptions): Session {
  const { site, base } = options;
  const hostReady = mountHost();

  // Pages with held-back frames are few: their placeholder's code is fetched when one is drawn.
  const placeholder = () => import('./placeholder.js');
  const iframeHooks: IframeHooks = {
    blocked: (iframe, category) =>
      void placeholder().then(({ placeIframePlaceholder }) =>
        placeIframePlaceholder(
          iframe,
          category,
          (allowed) => void controller.update({ [allowed]: true }, 'preferences'),
        ),
      ),
    allowed: (iframe) => void placeholder().then(({ removeIframePlaceholder }) => removeIframePlaceholder(iframe)),
  };
  const controller = new ConsentController({
    site,
    base,
    eventTarget: () => hostReady,
    gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    language: document.documentElement.lang || undefined,
    reloadOnWithdraw: options.reloadOnWithdraw === true,
    config: options.config,
    nonce: options.nonce,
    gate: options.gate,
    record: options.record,
    released: options.released,
    iframeHooks,
  });

  // The banner attaches once the config is in; it shows itself only when the visitor is asked.
  void hostReady.then((element) => bannerHooks.attach(element, controller));
  const showPreferences = async (opener?: HTMLElement) => bannerHooks.showPreferences(await hostReady, opener);

  const api: CandourApi = {
    ready: controller.ready,
    get: () => controller.get(),
    granted: (category) => controller.granted(category),
    acceptAll: () => controller.acceptAll('api'),
    rejectAll: () => controller.rejectAll('api'),
    update: (choices) => controller.update(choices, 'api'),
    withdraw: () => controller.withdraw(),
    showPreferences: () => showPreferences(),
    showNotice: async (section) => {
      const notice = (await options.loadNotice()) as NoticeModule;
      await notice.showNoticeDialog(site, base, section);
    },
  };

  // data-candour="preferences | notice | accept-all | reject-all"
  const trigger = (element: HTMLElement) => {
    const action = element.dataset.candour;
    if (action === 'preferences') void showPreferences(element);
    else if (action === 'notice') void api.showNotice(element.dataset.candourSection);
    else if (action === 'accept-all') void controller.acceptAll();
    else if (action === 'reject-all') void controller.rejectAll();
    else return false;
    return true;
  };
  return { api, trigger, iframeHooks };
}

/** The `data-candour` trigger a click landed on, if any. */
export function triggerOf(event: Event): HTMLElement | null {
  return (event.target as Element | null)?.closest?.<HTMLElement>('[data-candour]') ?? null;
}
