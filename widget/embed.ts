/**
 * The script-tag entry, built twice: `v1/site-embed.js`, which the Worker answers at
 * `/v1/sites/SITE/embed.js` with the site's config ahead of it (`__CANDOUR_SITE_TAG__`: no generic
 * path inside), and the CONTRACT's `<script src="https://CONSENT-HOST/v1/embed.js" data-site="…">`.
 *
 * A small classic script, so it runs before anything below it, and it holds the gate and the
 * decision: it declares Consent Mode defaults, reads the stored decision and, when it still holds,
 * releases the gated scripts and pushes the Consent Mode update in its own task. With the
 * site-specific tag the few config facts that takes are inside the script (the Worker sets them on
 * the script element before this code runs); the generic tag fetches the config first.
 *
 * A returning visitor with a valid decision loads nothing more. Everything else (the banner, the
 * controller that records decisions, the preferences dialog) is one module, the session, loaded
 * in the first wave on a first visit and otherwise only when something needs it: a trigger or
 * `window.candour` call, a gated frame to show a placeholder for, an unsent receipt, or the day's
 * first look for undeclared cookies.
 */
import { OPTIONAL_CATEGORIES } from '../contract/categories.js';
import type { EmbedConfig, SiteConfig } from '../contract/site.js';
import type { CandourApi } from './api.js';
import { autoBlock } from './core/auto-block.js';
import { fetchSiteConfig } from './core/config.js';
import { pushConsentDefault, pushConsentUpdate } from './core/consent-mode.js';
import { expired } from './core/decision.js';
import { discoveryDue } from './core/discovery.js';
import type { ReadyEventDetail } from './core/events.js';
import { Gate } from './core/gating.js';
import { hasQueuedReceipts } from './core/receipts.js';
import { readRecord } from './core/storage.js';
import { mountHost } from './host.js';
import type * as PageParts from './page-parts.js';
import type * as BootModule from './boot.js';
import type { Session } from './session.js';

/** True in the site-specific build: the config is always on the script element. */
declare const __CANDOUR_SITE_TAG__: boolean;
declare const __CANDOUR_NOTICE_CHUNK__: string;
/** page-parts.ts: held-back frames and a compact notice's timing, for the pages that have them. */
declare const __CANDOUR_PARTS_CHUNK__: string;
declare const __CANDOUR_BOOT_CHUNK__: string;
/** The session's imports, fetched beside it instead of one after another. */
declare const __CANDOUR_BOOT_DEPS__: string[];

type EmbedScript = HTMLScriptElement & { candourConfig?: EmbedConfig };
type NoticeModule = { showNoticeDialog(site: string, base: string, section?: string): Promise<void> };

// Always set for a classic script while it first runs, which is the only way embed.js runs.
const script = document.currentScript as EmbedScript | null;

const inline = script?.candourConfig;

// Loaded twice (a theme and a plugin both add it): the first copy is in charge. The site build
// without its config (its file fetched directly) does nothing.
if (script && !window.candour && (inline || !__CANDOUR_SITE_TAG__)) {
  const base = new URL(script.src, location.href).origin;
  const site = __CANDOUR_SITE_TAG__ ? inline!.site : (inline?.site ?? script.dataset.site ?? '');
  // Held-back scripts must carry the same nonce, which injected markup cannot know. The property,
  // because the browser hides the attribute once parsed.
  const nonce = script.nonce;
  const chunk = (name: string) => import(/* @vite-ignore */ `${base}/v1/chunks/${name}`);
  const record = readRecord(site);
  const parts = () => chunk(__CANDOUR_PARTS_CHUNK__) as Promise<typeof PageParts>;
  const gate = new Gate(document, nonce, parts);
  let config: Promise<SiteConfig> | undefined;
  /** The whole config: the banner, the preferences and discovery need it (and the generic tag's gate). */
  const fullConfig = () =>
    (config ??= __CANDOUR_SITE_TAG__
      ? // The site's own script: its id is one the Worker knows, and an unreachable Worker is the session's to report.
        fetch(`${base}/v1/sites/${site}/config`, { credentials: 'omit' }).then((response) =>
          response.ok ? response.json() : Promise.reject(new Error(`The consent service answered ${response.status}.`)),
        )
      : fetchSiteConfig(base, site));
  let released = false;
  let loaded: CandourApi | null = null;
  let session: Promise<Session> | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const loadNotice = () => chunk(__CANDOUR_NOTICE_CHUNK__) as Promise<NoticeModule>;
  const start = () =>
    (session ??= (() => {
      // Asked for here, beside the module: the banner needs both, and neither should wait.
      const siteConfig = fullConfig();
      siteConfig.catch(() => {}); // the session reports a failure; nobody else needs to
      for (const name of __CANDOUR_BOOT_DEPS__) void chunk(name);
      const started = (chunk(__CANDOUR_BOOT_CHUNK__) as Promise<typeof BootModule>).then(({ startSession }) =>
        startSession({
          site,
          base,
          gate,
          record,
          released,
          config: siteConfig,
          nonce,
          reloadOnWithdraw: script.hasAttribute('data-reload-on-withdraw'),
          loadNotice,
        }),
      );
      void started.then((opened) => (loaded = opened.api).ready).then(resolveReady);
      return started;
    })());

  /** Releases a stored decision that still holds, in this task; anything else is the session's. */
  const settle = (loaded: EmbedConfig) => {
    // The session started first (a quick trigger click with the generic tag): it decides.
    if (session) return;
    // promptReason's question without its words: readRecord took only this site's record.
    if (
      !record ||
      expired(record, loaded.consentExpiryMonths, new Date()) ||
      record.cookieRevision !== loaded.notice.cookieRevision
    )
      return void start();
    released = true;
    pushConsentUpdate(record.choices, loaded.consentMode);
    const granted = OPTIONAL_CATEGORIES.filter((category) => record.choices[category]);
    void gate.apply(granted);
    resolveReady();
    // The CONTRACT's event, as a plain CustomEvent: the session's event classes are not loaded here.
    const detail: ReadyEventDetail = { site, prompt: null };
    void mountHost().then((host) =>
      host.dispatchEvent(new CustomEvent('candour-ready', { detail, bubbles: true, composed: true })),
    );
    if (hasQueuedReceipts() || (granted.length > 0 && discoveryDue(site))) void start();
  };

  // A first visit needs the session and the whole config: both in the first wave, asked for
  // before anything else this task does (all of it still runs before any later script).
  if (!record) void start();
  pushConsentDefault();
  // Known services are held back from here on: at once with the site's own tag (the list is
  // inside it); with the generic tag only once the config arrives (docs/webmasters.md says so).
  if (inline?.autoBlock) autoBlock(inline.autoBlock);
  // A held-back frame shows a placeholder with an "allow" button, which the session draws.
  gate.watch({
    blocked: (iframe, category) => void start().then(({ iframeHooks }) => iframeHooks.blocked(iframe, category)),
    allowed: (iframe) => void start().then(({ iframeHooks }) => iframeHooks.allowed(iframe)),
  });
  if (inline) settle(inline);
  else if (!__CANDOUR_SITE_TAG__) fullConfig().then(settle, () => void start()); // the session reports an unreachable Worker

  // The privacy page's notice at once; a compact one (beside a contact form) when it nears the
  // viewport, which a small module watches for. Most pages have neither. Served from the Worker,
  // the notice's module knows the Worker's address by its own.
  const loadNotices = () =>
    document.querySelector('candour-notice:not([compact])')
      ? void loadNotice()
      : document.querySelector('candour-notice') &&
        void parts().then(({ whenNoticesNeeded }) => whenNoticesNeeded(() => void loadNotice()));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', loadNotices, { once: true });
  else loadNotices();

  // Triggers anywhere on the page: data-candour="preferences | notice | accept-all | reject-all",
  // each the session's to act on (it loads the notice for "notice").
  document.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.<HTMLElement>('[data-candour]');
    if (!trigger || !/^(preferences|notice|accept-all|reject-all)$/.test(trigger.dataset.candour!)) return;
    event.preventDefault();
    void start().then((started) => started.trigger(trigger));
  });

  // window.candour exists at once: it answers from the stored decision until the session is in.
  const api = {
    ready,
    get: () => (loaded ? loaded.get() : released ? record : null),
    // The session's answer is the gate's too.
    granted: (category) => gate.granted.has(category),
  } as CandourApi;
  for (const method of ['acceptAll', 'rejectAll', 'update', 'withdraw', 'showPreferences', 'showNotice'] as const)
    api[method] = (async (...args: unknown[]) =>
      ((await start()).api[method] as (...args: unknown[]) => unknown)(...args)) as never;
  window.candour = api;
}
