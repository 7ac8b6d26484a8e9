import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { DEMO_ANALYTICS_SCRIPT, DEMO_LOADERS, DEMO_LOADER_SCRIPT } from '../demo/analytics-script.js';
import { DEMO_CLINICS, FALLBACK_CLINIC } from '../demo/clinics.js';
import { knownSite } from '../middleware/known-site.js';
import { listSites } from '../storage/sites.js';
import { page } from '../pages/layout.js';

/** The analytics stand-in lives on the other loopback name, so it is a different origin. */
function analyticsOriginFor(pageUrl: URL): string {
  const other = pageUrl.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${pageUrl.protocol}//${other}${pageUrl.port ? `:${pageUrl.port}` : ''}`;
}

function clinicPage(options: {
  site: string;
  name: string;
  title: string;
  origin: string;
  analyticsOrigin: string;
  nonce: string;
  main: ReturnType<typeof html>;
}) {
  const { site, name, origin } = options;
  const loader = DEMO_LOADERS[site];
  return page(
    `${options.title} – ${name}`,
    html`<a class="skip-link" href="#main">Skip to main content</a>
      <header class="clinic-header">
        <div class="clinic-bar">
          <a class="clinic-name" href="/demo/${site}">${name}</a>
          <nav aria-label="Main">
            <ul>
              <li><a href="/demo/${site}">Home</a></li>
              <li><a href="/demo/${site}#services">Services</a></li>
              <li><a href="/demo/${site}#contact">Contact</a></li>
              <li><a href="/demo/${site}/privacy">Privacy</a></li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="clinic-main">${options.main}</main>
      <footer class="clinic-footer">
        <p>
          ${name} · <a href="/demo/${site}/privacy">Privacy notice</a> ·
          <a href="#" data-candour="preferences">Cookie settings</a>
        </p>
        <p class="demo-note">
          This is a Candour demo page. Analytics here is a stand-in served from
          ${options.analyticsOrigin}${loader ? html`, added by ${loader.label} with no Candour markup` : ''}.
        </p>
      </footer>`,
    {
      // The nonce goes on the gated script too: the widget copies it to the script it runs. A site
      // whose analytics arrives through a loader uses the site's own tag, which carries the list
      // of services to hold back, so blocking starts before the loader runs.
      head: loader
        ? html`<script src="${origin}/v1/sites/${site}/embed.js" nonce="${options.nonce}"></script>
            <link rel="stylesheet" href="/demo/clinic.css" />
            <script src="${loader.path}" nonce="${options.nonce}"></script>`
        : html`<script src="${origin}/v1/embed.js" data-site="${site}" nonce="${options.nonce}"></script>
            <link rel="stylesheet" href="/demo/clinic.css" />
            <script
              type="text/plain"
              data-candour-category="analytics"
              src="${options.analyticsOrigin}/demo-analytics/ga.js"
              nonce="${options.nonce}"
            ></script>`,
    },
  );
}

/** Demo clinic websites, served only where CANDOUR_DEMO is "on" (local development). */
const demoOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.CANDOUR_DEMO !== 'on') fail(404, 'not_found', 'The demo pages are off on this deployment.');
  // The analytics stand-in is the one other origin a demo page loads from and sends to.
  const analyticsOrigin = analyticsOriginFor(new URL(c.req.url));
  c.set('pageSources', { script: [analyticsOrigin], connect: [analyticsOrigin] });
  await next();
});

export const demo = new Hono<AppEnv>()
  .use('/demo', demoOnly)
  .use('/demo/*', demoOnly)
  .use('/demo-analytics/*', demoOnly)
  .get('/demo-analytics/ga.js', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.body(DEMO_ANALYTICS_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  })
  .use('/demo-platform/*', demoOnly)
  .get('/demo-platform/:loader', (c) => {
    if (!Object.values(DEMO_LOADERS).some(({ path }) => path === c.req.path)) fail(404, 'not_found', 'No such loader.');
    c.header('Cache-Control', 'no-store');
    return c.body(DEMO_LOADER_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  })
  .on(['GET', 'POST'], '/demo-analytics/collect', (c) => c.body(null, 204, { 'Access-Control-Allow-Origin': '*' }))
  .get('/demo/clinic.css', async (c) => {
    const response = await c.env.ASSETS.fetch(new Request(new URL('/demo/clinic.css', c.req.url)));
    return new Response(response.body, { status: response.status, headers: response.headers });
  })
  .get('/demo', async (c) => {
    const sites = await listSites(c.env.DB);
    return c.html(
      page(
        'Candour demo clinics',
        html`<main class="narrow">
          <h1>Candour demo clinics</h1>
          <p>Each page below is a small clinic website that embeds Candour with one script tag.</p>
          <ul>
            ${sites.map((site) => html`<li><a href="/demo/${site.id}">${site.settings.organisation.name}</a></li>`)}
          </ul>
        </main>`,
      ),
    );
  })
  .get('/demo/:site', knownSite, async (c) => {
    const site = c.get('site');
    const clinic = DEMO_CLINICS[site.id] ?? FALLBACK_CLINIC;
    const url = new URL(c.req.url);
    return c.html(
      clinicPage({
        site: site.id,
        name: site.settings.organisation.name,
        title: 'Home',
        origin: url.origin,
        analyticsOrigin: analyticsOriginFor(url),
        nonce: c.get('cspNonce'),
        main: html`<section class="hero">
            <p class="kind">${clinic.kind}</p>
            <h1>${site.settings.organisation.name}</h1>
            <p>${clinic.tagline}</p>
          </section>
          <section id="services">
            <h2>Our services</h2>
            <ul class="cards">
              ${clinic.services.map((service) => html`<li>${service}</li>`)}
            </ul>
          </section>
          <section id="contact" class="contact">
            <h2>Contact us</h2>
            <form class="contact-form" action="/demo/${site.id}" method="get" aria-describedby="contact-privacy">
              <label for="name">Your name</label><input id="name" name="name" autocomplete="name" />
              <label for="email">Email address</label
              ><input id="email" name="email" type="email" autocomplete="email" />
              <label for="message">How can we help?</label><textarea id="message" name="message" rows="4"></textarea>
              <candour-notice
                id="contact-privacy"
                site="${site.id}"
                section="${clinic.contactSection}"
                privacy-url="/demo/${site.id}/privacy"
                compact
              ></candour-notice>
              <button type="submit">Send message</button>
            </form>
          </section>`,
      }),
    );
  })
  .get('/demo/:site/privacy', knownSite, async (c) => {
    const site = c.get('site');
    const url = new URL(c.req.url);
    return c.html(
      clinicPage({
        site: site.id,
        name: site.settings.organisation.name,
        title: 'Privacy notice',
        origin: url.origin,
        analyticsOrigin: analyticsOriginFor(url),
        nonce: c.get('cspNonce'),
        // The notice is this page's subject, so its title is the page's h1.
        main: html`<candour-notice site="${site.id}" heading-level="1"></candour-notice>
          <p>
            <a href="/v1/sites/${site.id}/privacy">This notice as a plain page</a> (no JavaScript needed; it prints
            well).
          </p>`,
      }),
    );
  });
