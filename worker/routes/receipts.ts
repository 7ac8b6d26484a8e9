import { Hono } from 'hono';
import { ReceiptRequestSchema, type ReceiptResponse } from '../../contract/api.js';
import { OPTIONAL_CATEGORIES, type Choices } from '../../contract/categories.js';
import { ReceiptIdParamSchema, ReceiptViewQuerySchema } from '../../contract/params.js';
import type { AppEnv } from '../env.js';
import { ApiException, fail } from '../errors.js';
import { jwksFor, signerFor } from '../keys.js';
import { recordReceipt, type Admit } from '../ledger.js';
import { limitBody, valid, validJson } from '../middleware/validate.js';
import { browserClass, countryOf, pageWithoutQuery } from '../request-facts.js';
import { categoriesUsed } from '../../contract/site-config.js';
import { requireDecidedAtInWindow, requireNoticeInForce, requirePageOnOrigin } from '../receipt-rules.js';
import { noticeFor } from '../public-cache.js';
import { findNotice } from '../storage/notices.js';
import { findReceipt } from '../storage/receipts.js';
import { findSite, parseStoredSettings } from '../storage/sites.js';
import { toKantara } from '../kantara.js';
import { renderReceiptPage } from '../pages/receipt-page.js';

/** A receipt body is a few hundred bytes; anything much larger is not one. */
export const RECEIPT_BODY_LIMIT = 4 * 1024;

/** Mounted at /v1/sites/:site/receipts behind siteAccess. */
export const siteReceipts = new Hono<AppEnv>().post(
  '/',
  (c, next) => {
    // Browsers send Origin on every POST, keep-alive and beacon ones included; siteAccess has
    // checked it is registered. Without it the Worker cannot say whose page the decision came from.
    if (c.req.header('Origin') === undefined) {
      fail(403, 'origin_required', 'A consent decision must come from a page on a registered origin.');
    }
    return next();
  },
  limitBody(RECEIPT_BODY_LIMIT),
  ...validJson(ReceiptRequestSchema),
  async (c, next) => {
    // The limiter guards ledger writes: one source may not flood a site with decisions. Malformed
    // bodies were refused above without storing anything, so they do not use up anyone's quota.
    const source = c.req.header('CF-Connecting-IP') ?? 'local';
    if (!(await c.env.RECEIPT_LIMITER.limit({ key: `${c.get('site').id}:${source}` })).success) {
      c.header('Retry-After', '60');
      fail(429, 'rate_limited', 'Too many consent decisions from this source. Try again in a minute.');
    }
    await next();
  },
  async (c) => {
    const { site, settingsText, current, noticeClock } = c.get('siteState');
    const body = c.req.valid('json');
    const origin = c.req.header('Origin')!;
    requirePageOnOrigin(body.pageUrl, origin);
    const now = Date.now();
    const decidedAt = body.decidedAt === undefined ? undefined : new Date(body.decidedAt).toISOString();
    if (decidedAt !== undefined) requireDecidedAtInWindow(decidedAt, now);
    // The browser's Sec-GPC header counts as well as the widget's own report of the signal.
    const gpc = body.gpc || c.req.header('Sec-GPC') === '1';
    const db = c.env.DB;
    // Checked against what is stored at the moment of the write, read with the other posts of
    // its group (ledger.ts); siteAccess's check of the origin may have used a state a second old.
    const admit: Admit = async (facts) => {
      if (facts.settingsText === null) fail(404, 'site_not_found', `No site is registered as "${site.id}".`);
      if (facts.settingsText !== settingsText) {
        const settings = parseStoredSettings(facts.settingsText);
        if (!settings.allowedOrigins.includes(origin)) {
          fail(403, 'origin_not_allowed', `The origin ${origin} is not registered for the site "${site.id}".`);
        }
      }
      // The notice's document comes from the isolate: its hash names it forever.
      const notice = facts.notice && (await noticeFor(db, site.id, facts.notice.version, facts.notice.hash));
      if (!facts.notice || !notice) {
        fail(400, 'unknown_notice_version', `The site "${site.id}" has no notice version ${body.noticeVersion}.`, [
          { path: 'noticeVersion', message: 'no such published version' },
        ]);
      }
      // Judged on the site's notice clock, as public reads judge which version is in force: a
      // time before the clock (only ever in wrangler dev, docs/security.md) counts as the clock.
      const onClock = (time: string) =>
        facts.noticeClock !== null && facts.noticeClock > time ? facts.noticeClock : time;
      const nowOnClock = onClock(new Date(now).toISOString());
      requireNoticeInForce(notice, facts.notice.supersededAt, onClock(decidedAt ?? nowOnClock), Date.parse(nowOnClock));
      const offered = categoriesUsed(notice);
      const refused = OPTIONAL_CATEGORIES.filter((category) => body.choices[category] && !offered.includes(category));
      if (refused.length > 0) {
        fail(
          400,
          'unknown_category',
          `The site "${site.id}" does not use ${refused.join(', ')} cookies, so they cannot be granted.`,
          refused.map((category) => ({ path: `choices.${category}`, message: 'category not offered by this site' })),
        );
      }
      return {
        site: site.id,
        notice,
        choices: Object.fromEntries(
          OPTIONAL_CATEGORIES.map((category) => [category, body.choices[category] === true]),
        ) as Choices,
        page: pageWithoutQuery(body.pageUrl),
        browser: browserClass(c.req.header('User-Agent')),
        country: countryOf(c.req.raw),
        now: () => new Date().toISOString(),
      };
    };
    // A decision on the version in force (nearly all) may be written on what siteAccess read: a
    // version replaced within that second is still inside its grace period, and the settings
    // text is checked by the insert itself.
    const assumed =
      current?.version === body.noticeVersion
        ? { settingsText, noticeClock, notice: { version: current.version, hash: current.hash, supersededAt: null } }
        : undefined;
    let recorded: Awaited<ReturnType<typeof recordReceipt>>;
    try {
      recorded = await recordReceipt(db, await signerFor(c.env), site.id, { ...body, gpc, decidedAt }, admit, assumed);
    } catch (error) {
      // An origin refused at the write gets no CORS grant, as one refused by siteAccess gets none.
      if (error instanceof ApiException && error.code === 'origin_not_allowed') {
        c.header('Access-Control-Allow-Origin', undefined);
      }
      throw error;
    }
    const { stored, created, changed } = recorded;
    if (changed.length > 0) {
      fail(
        409,
        'idempotency_conflict',
        'This idempotency key already recorded a different decision; a new decision needs a new key.',
        changed.map((path) => ({ path, message: 'differs from the receipt this key recorded' })),
      );
    }
    const response: ReceiptResponse = { receiptId: stored.receipt.receiptId, receipt: stored.receipt, jws: stored.jws };
    c.header('Location', `/v1/receipts/${stored.receipt.receiptId}`);
    c.header('Cache-Control', 'no-store');
    return c.json(response, created ? 201 : 200);
  },
);

const NO_RECEIPT = { status: 404, code: 'receipt_not_found', message: 'There is no receipt with that id.' } as const;

/** Mounted at /v1/receipts: a visitor's own receipt, by its unguessable id. */
export const receipts = new Hono<AppEnv>().get(
  '/:receiptId',
  valid('param', ReceiptIdParamSchema, NO_RECEIPT),
  valid('query', ReceiptViewQuerySchema),
  async (c) => {
    const id = c.req.valid('param').receiptId;
    const query = c.req.valid('query');
    const stored = await findReceipt(c.env.DB, id);
    if (!stored) fail(NO_RECEIPT.status, NO_RECEIPT.code, NO_RECEIPT.message);
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Vary', 'Accept');
    const body: ReceiptResponse = { receiptId: id, receipt: stored.receipt, jws: stored.jws };
    if (query.format === 'kantara') {
      const [site, notice] = await Promise.all([
        findSite(c.env.DB, stored.receipt.site),
        findNotice(c.env.DB, stored.receipt.site, stored.receipt.noticeVersion),
      ]);
      if (!site || !notice) fail(404, 'receipt_not_found', 'The receipt’s site or notice is gone.');
      const key = (await jwksFor(c.env)).keys.find((candidate) => candidate.kid === stored.kid);
      return c.json(
        toKantara(stored.receipt, notice, site.settings, new URL(c.req.url).origin, key && JSON.stringify(key)),
      );
    }
    if (query.format !== 'json' && (c.req.header('Accept') ?? '').includes('text/html')) {
      return c.html(renderReceiptPage(body, new URL(c.req.url).origin));
    }
    if (query.download !== undefined) {
      c.header('Content-Disposition', `attachment; filename="candour-receipt-${id}.json"`);
    }
    return c.json(body);
  },
);
