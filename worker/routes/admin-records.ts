import { Hono } from 'hono';
import { receiptQueryInstant, ReceiptQuerySchema, type ReceiptQuery } from '../../contract/admin.js';
import type { ConsentReceipt } from '../../contract/api.js';
import { OPTIONAL_CATEGORIES } from '../../contract/categories.js';
import type { NoticeVersion } from '../../contract/notice.js';
import { fail } from '../errors.js';
import { toKantara } from '../kantara.js';
import type { AdminEnv } from '../middleware/admin-auth.js';
import { knownSite } from '../middleware/known-site.js';
import { valid } from '../middleware/validate.js';
import { categoriesUsed } from '../../contract/site-config.js';
import { appendAudit } from '../storage/audit.js';
import { dailyConsentRates, listReceipts, matchingReceipts, type ReceiptFilter } from '../storage/receipt-queries.js';
import { findCurrentNotice, findNotice } from '../storage/notices.js';
import type { SiteRow } from '../storage/sites.js';
import { streamOf } from './stream.js';

const DAY_MS = 86_400_000;

const validQuery = valid('query', ReceiptQuerySchema, { message: 'The filter is not valid; nothing was listed.' });

function filterOf(query: Pick<ReceiptQuery, 'from' | 'to' | 'event' | 'category' | 'choice'>): ReceiptFilter {
  const filter: ReceiptFilter = {
    ...(query.from ? { from: receiptQueryInstant(query.from, false) } : {}),
    ...(query.to ? { to: receiptQueryInstant(query.to, true) } : {}),
    ...(query.event ? { event: query.event } : {}),
    ...(query.category ? { category: query.category, choice: query.choice ?? 'granted' } : {}),
  };
  // The rates' default period ends today: a `from` after it is refused as an empty period.
  if (filter.from && filter.to && filter.from >= filter.to) {
    fail(400, 'invalid_query', 'The start of the period is after its end.');
  }
  return filter;
}

const CSV_COLUMNS = [
  'recorded_at',
  'decided_at',
  'receipt_id',
  'seq',
  'event',
  'method',
  ...OPTIONAL_CATEGORIES,
  'notice_version',
  'gpc',
  'language',
  'page',
  'browser',
  'country',
  'consent_id',
  'hash',
] as const;

/** One CSV cell (RFC 4180), with a leading quote on anything a spreadsheet would run as a formula. */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(receipt: ConsentReceipt): string {
  const cells = [
    receipt.recordedAt,
    receipt.decidedAt,
    receipt.receiptId,
    receipt.seq,
    receipt.event,
    receipt.method,
    ...OPTIONAL_CATEGORIES.map((category) => (receipt.choices[category] ? 'granted' : 'refused')),
    receipt.noticeVersion,
    receipt.gpc,
    receipt.language,
    receipt.page,
    receipt.browser,
    receipt.country,
    receipt.consentId,
    receipt.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

async function* csvLines(receipts: AsyncIterable<ConsentReceipt>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const receipt of receipts) yield csvRow(receipt);
}

async function* kantaraLines(
  db: D1Database,
  site: SiteRow,
  receipts: AsyncIterable<ConsentReceipt>,
  origin: string,
): AsyncGenerator<string> {
  // A site has few notice versions; each is read once.
  const notices = new Map<number, NoticeVersion | null>();
  let first = true;
  yield '[';
  for await (const receipt of receipts) {
    if (!notices.has(receipt.noticeVersion)) {
      notices.set(receipt.noticeVersion, await findNotice(db, site.id, receipt.noticeVersion));
    }
    const notice = notices.get(receipt.noticeVersion);
    if (!notice) continue;
    yield `${first ? '\n' : ',\n'}${JSON.stringify(toKantara(receipt, notice, site.settings, origin))}`;
    first = false;
  }
  yield '\n]\n';
}

/** Mounted at /v1/admin/sites/:site/receipts. */
export const adminRecords = new Hono<AdminEnv>()
  .use(knownSite)
  .get('/', validQuery, async (c) => {
    const site = c.get('site');
    const query = c.req.valid('query');
    const page = await listReceipts(c.env.DB, site.id, filterOf(query), {
      before: query.before,
      limit: query.limit ?? 50,
    });
    return c.json({ site: site.id, ...page });
  })
  .get('/rates', validQuery, async (c) => {
    const site = c.get('site');
    const query = c.req.valid('query');
    const now = Date.now();
    const from = query.from ?? new Date(now - 29 * DAY_MS).toISOString().slice(0, 10);
    const to = query.to ?? new Date(now).toISOString().slice(0, 10);
    const filter = filterOf({ from, to });
    const notice = await findCurrentNotice(c.env.DB, site.id, new Date(now).toISOString());
    const categories = notice
      ? categoriesUsed(notice).filter((category) => category !== 'necessary')
      : [...OPTIONAL_CATEGORIES];
    return c.json({ site: site.id, from, to, categories, days: await dailyConsentRates(c.env.DB, site.id, filter) });
  })
  // A POST: the export is logged, and no GET may write (a link on another site could trigger it).
  .post('/export', validQuery, async (c) => {
    const site = c.get('site');
    const query = c.req.valid('query');
    const filter = filterOf(query);
    const format = query.format ?? 'csv';
    await appendAudit(c.env.DB, {
      at: new Date().toISOString(),
      actor: c.get('actor'),
      site: site.id,
      action: 'receipts.export',
      detail: { format, filter },
    });
    const receipts = matchingReceipts(c.env.DB, site.id, filter);
    const period = [query.from ?? 'start', query.to ?? new Date().toISOString().slice(0, 10)].join('-to-');
    const name = `candour-${site.id}-receipts-${period}.${format === 'csv' ? 'csv' : 'json'}`.replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
    const body =
      format === 'csv'
        ? streamOf(csvLines(receipts))
        : streamOf(kantaraLines(c.env.DB, site, receipts, new URL(c.req.url).origin));
    return new Response(body, {
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
