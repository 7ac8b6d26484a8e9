/**
 * The one demo clinic page, built twice: with Candour's script tag, and with vanilla-cookieconsent
 * configured from the same site config (same categories, services, cookies and wording). Both
 * carry the same probe, which records when the banner is in the DOM and visible, layout shifts,
 * long tasks, the Accept click and when the gated script ran.
 */
import type { SiteConfig } from '../contract/site.js';

export type Product = 'candour' | 'peer';

export const BENCH_SITE = 'harmony-minds';

/** Finds each product's first-layer banner: Candour's labelled region, the peer's `.cm` box. */
const FIND_BANNER: Record<Product, string> = {
  candour: `() => {
    const region = document.querySelector('candour-consent')?.shadowRoot?.querySelector('[role="region"]');
    return region && /^Cookies on/.test(region.querySelector('h2')?.textContent ?? '') ? region : null;
  }`,
  peer: `() => document.querySelector('#cc-main .cm')`,
};

/** Runs first in <head>, before either product's tags. */
function probe(product: Product): string {
  return `<script>
(() => {
  const state = (window.__bench = { cls: 0, longTasks: [], inDomAt: null, visibleAt: null, clickAt: null, activatedAt: null, gatedAt: null });
  // The decision is applied when the product puts the gated script into the page as a live script.
  new MutationObserver((mutations) => {
    if (state.activatedAt !== null) return;
    for (const mutation of mutations)
      for (const node of mutation.addedNodes)
        if (node.tagName === 'SCRIPT' && (node.getAttribute('src') ?? '').endsWith('/gated.js') && node.type !== 'text/plain')
          state.activatedAt = performance.now();
  }).observe(document.documentElement, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('click', (event) => { if (state.clickAt === null && event.isTrusted) state.clickAt = event.timeStamp; }, true);
  state.gated = new Promise((resolve) => addEventListener('bench-gated', () => resolve(state.gatedAt), { once: true }));
  let shown;
  state.shown = new Promise((resolve) => (shown = resolve));
  const find = ${FIND_BANNER[product]};
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility === 'visible' && Number(style.opacity) > 0;
  };
  const frame = () => {
    const banner = find();
    if (banner && state.inDomAt === null) state.inDomAt = performance.now();
    if (banner && visible(banner)) shown((state.visibleAt = performance.now()));
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  performance.mark('consent-start');
})();
</script>`;
}

/** The gated script: records when it ran. Served by the host-page server. */
export const GATED_SCRIPT = `window.__bench.gatedAt = performance.now();
dispatchEvent(new Event('bench-gated'));
`;

function clinicPage(options: { head: string; settingsLink: string; end?: string }): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harmony Minds – Home</title>
${options.head}
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; }
header, main, footer { padding: 1rem 2rem; }
header { background: #0b4f6c; color: #fff; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; list-style: none; padding: 0; }
.cards li { border: 1px solid #ccd; border-radius: 0.5rem; padding: 1rem; }
</style>
</head>
<body>
<header><strong>Harmony Minds</strong> · Home · Services · Contact · Privacy</header>
<main>
<h1>Harmony Minds</h1>
<p>Talking therapies for adults, couples and young people, in person in Leeds and online.</p>
<h2>Our services</h2>
<ul class="cards">
<li>Cognitive behavioural therapy</li><li>Counselling</li><li>Couples therapy</li>
<li>EMDR</li><li>Mindfulness groups</li><li>Workplace wellbeing</li>
</ul>
<h2>Contact us</h2>
<p>Call 0113 000 0000 or write to hello@example.org.uk. We reply within two working days.</p>
</main>
<footer><p>Harmony Minds · Privacy notice · ${options.settingsLink}</p></footer>
${options.end ?? ''}
</body>
</html>`;
}

/** Candour: one script tag first in <head>, the analytics script marked up after it. */
export function candourPage(worker: string): string {
  return clinicPage({
    head: `${probe('candour')}
<script src="${worker}/v1/sites/${BENCH_SITE}/embed.js"></script>
<script type="text/plain" data-candour-category="analytics" src="/gated.js"></script>`,
    settingsLink: '<a href="#" data-candour="preferences">Cookie settings</a>',
  });
}

/**
 * vanilla-cookieconsent as its documentation sets it up: the stylesheet in <head>, the script and
 * its run() call after the markup (run() looks for `script[data-category]` when it starts).
 * `hideFromBots: false`, because by default it stays hidden from a browser driven through
 * `navigator.webdriver`, as this one is.
 */
export function peerPage(config: SiteConfig): { html: string; inlineConfig: string } {
  const inlineConfig = `CookieConsent.run(${JSON.stringify(peerConfig(config))});`;
  const html = clinicPage({
    head: `${probe('peer')}
<link rel="stylesheet" href="/peer/cookieconsent.css">
<script type="text/plain" data-category="analytics" src="/gated.js"></script>`,
    settingsLink: '<a href="#" data-cc="show-preferencesModal">Cookie settings</a>',
    end: `<script src="/peer/cookieconsent.umd.js"></script>
<script>${inlineConfig}</script>`,
  });
  return { html, inlineConfig };
}

const CATEGORY_TITLES: Record<string, string> = {
  necessary: 'Strictly necessary',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

/** The peer's run() options, with the categories, services and cookie tables of the site config. */
export function peerConfig(config: SiteConfig) {
  const servicesIn = (category: string) => config.services.filter((service) => service.category === category);
  return {
    hideFromBots: false,
    cookie: { name: 'cc_cookie' },
    guiOptions: { consentModal: { layout: 'bar', position: 'bottom', equalWeightButtons: true } },
    categories: Object.fromEntries(
      config.categories.map((category) => [
        category,
        {
          ...(category === 'necessary' ? { enabled: true, readOnly: true } : {}),
          services: Object.fromEntries(servicesIn(category).map((service) => [service.id, { label: service.name }])),
        },
      ]),
    ),
    language: {
      default: 'en',
      translations: {
        en: {
          consentModal: {
            title: `Cookies on ${config.organisation.name}`,
            description: `We use some essential cookies to make this website work. We’d also like to use optional cookies. They are off unless you turn them on. ${config.notice.summary[0] ?? ''}`,
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Manage preferences',
            footer: `<a href="${config.notice.url}">Read our privacy notice</a>`,
          },
          preferencesModal: {
            title: 'Cookie preferences',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save my choices',
            closeIconLabel: 'Close',
            sections: config.categories.map((category) => ({
              title: CATEGORY_TITLES[category] ?? category,
              linkedCategory: category,
              cookieTable: {
                headers: { name: 'Cookie', provider: 'Set by', purpose: 'Purpose', duration: 'Lasts' },
                body: servicesIn(category).flatMap((service) =>
                  service.cookies.map((cookie) => ({
                    name: cookie.name,
                    provider: cookie.provider,
                    purpose: cookie.purpose,
                    duration: cookie.duration,
                  })),
                ),
              },
            })),
          },
        },
      },
    },
  };
}
