import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Bindings } from './env.js';
import { signerFor } from './keys.js';
import { sweepRetention } from './ledger-maintenance.js';
import { errorBody, errorResponse, handleError } from './errors.js';
import { accessSetup, adminAuth } from './middleware/admin-auth.js';
import { forgetSiteState, forgetSiteStates } from './middleware/known-site.js';
import { pageSecurity } from './middleware/page-security.js';
import { siteAccess } from './middleware/site-access.js';
import { admin } from './routes/admin.js';
import { adminPage } from './routes/admin-page.js';
import { assets } from './routes/assets.js';
import { bench } from './routes/bench.js';
import { demo } from './routes/demo.js';
import { discovery } from './routes/discovery.js';
import { ledger } from './routes/ledger.js';
import { noticeMarkupRoute } from './routes/notice-markup.js';
import { notices } from './routes/notices.js';
import { privacy } from './routes/privacy.js';
import { receipts, siteReceipts } from './routes/receipts.js';
import { sites } from './routes/sites.js';
import { wellKnown } from './routes/well-known.js';
import { advanceNoticeClocks } from './storage/notices.js';

export const app = new Hono<AppEnv>();

app.use(requestId());
app.use(
  secureHeaders({
    // Widget files are loaded by other origins' pages; assets.ts sets CORP where it matters.
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
  }),
);
app.use(pageSecurity);

app.use('/v1/sites/:site/*', siteAccess);
for (const path of ['/admin', '/admin/*', '/v1/admin/*']) app.use(path, accessSetup, forgetSiteStates);
app.use('/v1/admin/*', adminAuth);

app.route('/v1/sites/:site', sites);
app.route('/v1/sites/:site/notices', notices);
app.route('/v1/sites/:site/privacy', privacy);
app.route('/v1/sites/:site/notice-markup', noticeMarkupRoute);
app.route('/v1/sites/:site/receipts', siteReceipts);
app.route('/v1/sites/:site/cookies', discovery);
app.route('/v1/sites/:site/ledger', ledger);
app.route('/v1/receipts', receipts);
app.route('/v1/admin', admin);
app.route('/admin', adminPage);
app.route('/.well-known', wellKnown);
app.route('/v1/bench', bench);
app.route('/v1', assets);
app.route('/', demo);

app.get('/', (c) => c.redirect(c.env.CANDOUR_DEMO === 'on' ? '/demo' : '/.well-known/jwks.json'));
app.notFound((c) => errorResponse(c, 404, errorBody('not_found', 'There is nothing at this address.')));
app.onError(handleError);

export default {
  fetch: app.fetch,
  /**
   * Daily: notice versions due by the run's time take effect, then receipts past each site's
   * retention period are sealed and removed.
   */
  async scheduled(controller, env, ctx) {
    // Cloudflare runs this at or after scheduledTime, so no site moves ahead of the clock; only
    // wrangler dev's local trigger can pass a later time (docs/security.md, "Scheduled runs").
    const due = await advanceNoticeClocks(
      env.DB,
      new Date(controller.scheduledTime).toISOString(),
      new Date().toISOString(),
    );
    for (const site of due) forgetSiteState(site);
    const signer = await signerFor(env);
    ctx.waitUntil(
      sweepRetention(env.DB, signer, new Date(controller.scheduledTime)).then((swept) => {
        for (const entry of swept)
          console.log(`retention: ${entry.site} sealed through ${entry.throughSeq}, removed ${entry.removed}`);
      }),
    );
  },
} satisfies ExportedHandler<Bindings>;
