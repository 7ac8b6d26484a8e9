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
