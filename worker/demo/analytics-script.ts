/**
 * A stand-in for Google Analytics, served from another origin than the demo page: it sets
 * `_ga`-style first-party cookies and sends a beacon, so gating can be seen in the network log
 * and the cookie jar. It must never run before the visitor allows analytics.
 */
export const DEMO_ANALYTICS_SCRIPT = `(function () {
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : '';
  var clientId = Math.floor(Math.random() * 1e9) + '.' + Math.floor(Date.now() / 1000);
  var twoYears = 63072000;
  document.cookie = '_ga=GA1.1.' + clientId + '; path=/; max-age=' + twoYears + '; SameSite=Lax';
  document.cookie = '_ga_DEMO=GS1.1.' + Math.floor(Date.now() / 1000) + '.1.0; path=/; max-age=' + twoYears + '; SameSite=Lax';
  var hit = origin + '/demo-analytics/collect?cid=' + encodeURIComponent(clientId) + '&dl=' + encodeURIComponent(location.origin + location.pathname);
  if (!navigator.sendBeacon || !navigator.sendBeacon(hit)) fetch(hit, { method: 'POST', mode: 'no-cors', keepalive: true });
  window.demoAnalytics = { clientId: clientId, loadedAt: Date.now() };
  document.dispatchEvent(new CustomEvent('demo-analytics-loaded', { detail: { clientId: clientId } }));
})();
`;

/**
 * How analytics reaches most clinic sites: not a tag the webmaster wrote, but a platform's
 * loader (Wix's, Squarespace's) or a tag manager that adds Google Analytics itself. This one
 * adds the stand-in above, from the other loopback name, with no Candour markup: automatic
 * blocking is what holds it back until the visitor allows analytics.
 */
export const DEMO_LOADER_SCRIPT = `(function () {
  var other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  var script = document.createElement('script');
  script.async = true;
  script.src = location.protocol + '//' + other + (location.port ? ':' + location.port : '') + '/demo-analytics/ga.js';
  document.head.appendChild(script);
})();
`;

/** Demo sites whose analytics arrives without markup, and how (the rest keep a marked-up tag). */
export const DEMO_LOADERS: Record<string, { path: string; label: string }> = {
  'serene-self': { path: '/demo-platform/site-loader.js', label: 'a website platform’s loader script, as on Wix' },
  osjct: { path: '/demo-platform/tag-manager.js', label: 'a tag manager’s loader script' },
};
