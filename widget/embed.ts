/**
 * The script-tag entry: `<script src="https://CONSENT-HOST/v1/sites/SITE/embed.js">`, or the
 * CONTRACT's `<script src="https://CONSENT-HOST/v1/embed.js" data-site="…">`.
 *
 * A small classic script, so it runs before anything below it. It declares Consent Mode
 * defaults, takes the site's config (carried inside the site-specific script, which the Worker
 * sets on the script element before this code runs; fetched for the generic one) and reads the
 * stored decision; when the visitor must be
 * asked, it shows the banner as soon as the config arrives, without waiting for the rest of
 * Candour (the core: gating, decisions, receipts), which loads beside it as a module. A returning
 * visitor with a valid decision never downloads the banner or Lit.
 */
import type { SiteConfig } from '../contract/site.js';
import type { CandourApi } from './api.js';
import { autoBlock } from './core/auto-block.js';
import { fetchSiteConfig } from './core/config.js';
import { pushConsentDefault } from './core/consent-mode.js';
import { promptReason } from './core/decision.js';
import { peekRecord } from './core/peek-record.js';
import { mountHost } from './host.js';
import type * as BootModule from './boot.js';
import type * as UiModule from './ui/index.js';

declare const __CANDOUR_UI_CHUNK__: string;
declare const __CANDOUR_NOTICE_CHUNK__: string;
declare const __CANDOUR_BOOT_CHUNK__: string;
/** The chunks the banner's module imports; fetched beside it instead of one after another. */
declare const __CANDOUR_UI_DEPS__: string[];
/** The core's imports, fetched beside it so that Accept never waits for a second wave. */
declare const __CANDOUR_BOOT_DEPS__: string[];

type Boot = typeof BootModule;

type EmbedScript = HTMLScriptElement & { candourConfig?: SiteConfig };

// Always set for a classic script while it first runs, which is the only way embed.js runs.
const script = document.currentScript as EmbedScript | null;

// Loaded twice (a theme and a plugin both add it): the first copy is in charge.
if (script && !window.candour) {
  const base = new URL(script.src, location.href).origin;
  const inline = script.candourConfig;
  const site = inline?.site ?? script.dataset.site ?? '';
  // Held-back scripts must carry the same nonce, which injected markup cannot know. The property,
  // because the browser hides the attribute once parsed.
  const nonce = script.nonce;
  const chunk = (name: string) => import(/* @vite-ignore */ `${base}/v1/chunks/${name}`);
  pushConsentDefault();

  const config = inline ? Promise.resolve(inline) : fetchSiteConfig(base, site);
  // Known services are held back from here on: at once with the site's own tag (the config is
  // inside it); with the generic tag only once the config arrives (docs/webmasters.md says so).
  void config.then(({ autoBlock: list }) => list && autoBlock(list));
  const record = peekRecord(site);
  // A first visit will need the banner: fetch it while the config is on its way.
  if (!record) for (const name of [__CANDOUR_UI_CHUNK__, ...__CANDOUR_UI_DEPS__]) void chunk(name);
  const gpc = (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl;
  config.then(
    async (loaded) => {
      const prompt = promptReason(record, loaded, new Date());
      // A GPC signal answers a first visit by itself; the core says so instead of asking.
      if (!prompt || (gpc && prompt === 'first-visit')) return;
      const ui = (await chunk(__CANDOUR_UI_CHUNK__)) as typeof UiModule;
      void ui.bannerHooks.preview(await mountHost(), {
        config: loaded,
        prompt,
        previousVersion: record?.noticeVersion,
      });
    },
    () => undefined, // the core reports an unreachable Worker
  );

  // The privacy page's notice needs neither the core nor a decision: load it straight away. A
  // compact one (beside a contact form) waits until it nears the viewport (the core sees to it).
  const loadNotices = () => {
    if (document.querySelector('candour-notice:not([compact])')) void chunk(__CANDOUR_NOTICE_CHUNK__);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', loadNotices, { once: true });
  else loadNotices();

  for (const name of __CANDOUR_BOOT_DEPS__) void chunk(name);
  const core = (chunk(__CANDOUR_BOOT_CHUNK__) as Promise<Boot>).then(({ startCandour }) =>
    startCandour({
      site,
      base,
      config,
      nonce,
      consentDefaultPushed: true,
      reloadOnWithdraw: script.hasAttribute('data-reload-on-withdraw'),
      loadUi: () => chunk(__CANDOUR_UI_CHUNK__) as Promise<typeof UiModule>,
      loadNotice: () => chunk(__CANDOUR_NOTICE_CHUNK__),
    }),
  );
  // window.candour exists at once; its methods wait for the core, which is moments away.
  let loaded: CandourApi | null = null;
  void core.then((api) => (loaded = api));
  const api = {
    ready: core.then((started) => started.ready),
    get: () => loaded?.get() ?? null,
    granted: (category) => loaded?.granted(category) ?? category === 'necessary',
  } as CandourApi;
  for (const method of ['acceptAll', 'rejectAll', 'update', 'withdraw', 'showPreferences', 'showNotice'] as const)
    api[method] = (async (...args: unknown[]) =>
      ((await core)[method] as (...args: unknown[]) => unknown)(...args)) as never;
  window.candour = api;
}
