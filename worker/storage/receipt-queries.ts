import type { DailyRates } from '../../contract/admin.js';
import type { ConsentReceipt } from '../../contract/api.js';
import type { OptionalCategory } from '../../contract/categories.js';
import type { ConsentEvent } from '../../contract/consent.js';
import { toStoredReceipt, type ReceiptRecord } from './receipts.js';

/** What an admin narrows the consent records to. Times are ISO; `to` is exclusive. */
export interface ReceiptFilter {
  from?: string;
  to?: string;
  event?: ConsentEvent;
  /** With `choice`: only receipts where this category was granted (or refused). */
  category?: OptionalCategory;
  choice?: 'granted' | 'refused';
}

/** The filter as SQL over ?1…?6, so that every query below binds the same parameters. */
const WHERE = `site_id = ?1
  AND (?2 IS NULL OR recorded_at >= ?2)
  AND (?3 IS NULL OR recorded_at < ?3)
  AND (?4 IS NULL OR event = ?4)
  AND (?5 IS NULL OR json_extract(choices, ?5) = ?6)`;

function filterParams(site: string, filter: ReceiptFilter): unknown[] {
  return [
    site,
    filter.from ?? null,
    filter.to ?? null,
    filter.event ?? null,
    filter.category ? `$.${filter.category}` : null,
    filter.choice === 'refused' ? 0 : 1,
  ];
}

/** One page of a site's receipts, newest first; `before` is the seq to continue below. */
export async function listReceipts(
  db: D1Database,
  site: string,
  filter: ReceiptFilter,
  page: { before?: number; limit: number },
): Promise<{ receipts: ConsentReceipt[]; next: number | null }> {
  const { results } = await db
    .prepare(`SELECT * FROM receipts WHERE ${WHERE} AND (?7 IS NULL OR seq < ?7) ORDER BY seq DESC LIMIT ?8`)
    .bind(...filterParams(site, filter), page.before ?? null, page.limit + 1)
    .all<ReceiptRecord>();
  const more = results.length > page.limit;
  const rows = results.slice(0, page.limit);
  return {
    receipts: rows.map((record) => toStoredReceipt(record).receipt),
    next: more ? rows[rows.length - 1]!.seq : null,
  };
}

export async function countMatching(db: D1Database, site: string, filter: ReceiptFilter): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS n FROM receipts WHERE ${WHERE}`)
    .bind(...filterParams(site, filter))
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Matching receipts in chain order, a page at a time: an export of any size holds at most one
 * page in memory.
 */
export async function* matchingReceipts(
  db: D1Database,
  site: string,
  filter: ReceiptFilter,
  pageSize = 500,
): AsyncGenerator<ConsentReceipt> {
  let cursor = 0;
  for (;;) {
    const { results } = await db
      .prepare(`SELECT * FROM receipts WHERE ${WHERE} AND seq > ?7 ORDER BY seq LIMIT ?8`)
      .bind(...filterParams(site, filter), cursor, pageSize)
      .all<ReceiptRecord>();
    for (const record of results) yield toStoredReceipt(record).receipt;
    if (results.length < pageSize) return;
    cursor = results[results.length - 1]!.seq;
  }
}

/** Decisions per UTC day and how many of them granted each category. */
export async function dailyConsentRates(
  db: D1Database,
  site: string,
  filter: Pick<ReceiptFilter, 'from' | 'to'>,
): Promise<DailyRates[]> {
  const { results } = await db
    .prepare(
      `SELECT substr(recorded_at, 1, 10) AS day, count(*) AS decisions,
         coalesce(sum(json_extract(choices, '$.functional')), 0) AS functional,
         coalesce(sum(json_extract(choices, '$.analytics')), 0) AS analytics,
         coalesce(sum(json_extract(choices, '$.marketing')), 0) AS marketing
       FROM receipts WHERE ${WHERE}
       GROUP BY day ORDER BY day`,
    )
    .bind(...filterParams(site, { from: filter.from, to: filter.to }))
    .all<{ day: string; decisions: number; functional: number; analytics: number; marketing: number }>();
  return results.map((row) => ({
    day: row.day,
    decisions: row.decisions,
    granted: { functional: row.functional, analytics: row.analytics, marketing: row.marketing },
  }));
}
