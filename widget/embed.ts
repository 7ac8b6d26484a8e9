/**
 * The script-tag entry: `<script src="https://CONSENT-HOST/v1/embed.js" data-site="…">`.
 * A classic script, so it runs before anything below it: it declares Consent Mode defaults,
 * starts the gate and reads the stored decision at once. Lit and the banner are fetched only when
 * something must be shown; a returning visitor with a valid decision never loads them.
 */
import type { CandourApi } from './api.js';
import { pushConsentDefault } from './core/consent-mode.js';
import { ConsentController } from './core/controller.js';
import { placeIframePlaceholder, removeIframePlaceholder } from './placeholder.js';
import type * as UiChunk from './ui/index.js';
import type { CandourConsent } from './ui/candour-consent.js';

declare const __CANDOUR_UI_CHUNK__: string;
declare const __CANDOUR_NOTICE_CHUNK__: string;

type UiModule = typeof UiChunk;

function start(script: HTMLScriptElement): void {
  const site = script.dataset.site ?? '';
  const base = new URL(script.src, location.href).origin;
  const chunkUrl = (name: string) => `${base}/v1/chunks/${name}`;

  pushConsentDefault();

  const hostReady = new Promise<HTMLElement>((resolve) => {
    const mount = () => {
      const host = document.querySelector('candour-consent') ?? document.createElement('candour-consent');
      // First in the body, so keyboard users reach the banner before the page (as GOV.UK's does);
      // it is drawn fixed at the bottom, so nothing on the page moves.
      if (!host.isConnected) document.body.prepend(host);
      resolve(host);
    };
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  });

  const controller = new ConsentController({
    site,
    base,
    eventTarget: () => hostReady,
    gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    language: document.documentElement.lang || undefined,
    reloadOnWithdraw: script.hasAttribute('data-reload-on-withdraw'),
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

  let ui: Promise<UiModule> | null = null;
  const loadUi = async () => {
    ui ??= import(/* @vite-ignore */ chunkUrl(__CANDOUR_UI_CHUNK__)) as Promise<UiModule>;
    await ui;
    const element = (await hostReady) as CandourConsent;
    if (!element.controller) element.attach(controller);
    return element;
  };
  // A first visit needs the banner: fetch it while the config is on its way.
  if (!controller.record) void loadUi();
  void controller.ready.then(() => {
    if (controller.state === 'prompt' || controller.gpcApplied) void loadUi();
  });

  const loadNotices = () => {
    if (document.querySelector('candour-notice')) {
      void import(/* @vite-ignore */ chunkUrl(__CANDOUR_NOTICE_CHUNK__));
    }
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
      const notice = await import(/* @vite-ignore */ chunkUrl(__CANDOUR_NOTICE_CHUNK__));
      await (
        notice as { showNoticeDialog(site: string, base: string, section?: string): Promise<void> }
      ).showNoticeDialog(site, base, section);
    },
  };
  window.candour = api;

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
}

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-site][src*="/v1/embed.js"]');
// Loaded twice (a theme and a plugin both add it): the first copy is in charge.
if (script && !window.candour) start(script);
