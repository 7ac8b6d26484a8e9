import type { ConsentReceipt } from '../../contract/api.js';
import type { Choices } from '../../contract/categories.js';
import type { ConsentEvent, ConsentMethod } from '../../contract/consent.js';
import type { SignedReceipt } from '../../contract/ledger.js';

export interface ReceiptRecord {
  id: string;
  site_id: string;
  seq: number;
  consent_id: string;
  idempotency_key: string;
  event: string;
  method: string;
  choices: string;
  notice_version: number;
  notice_hash: string;
  cookie_revision: string;
  language: string;
  gpc: number;
  page: string | null;
  browser: string;
  country: string;
  decided_at: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
  kid: string;
  jws: string;
}

export interface StoredReceipt {
  receipt: ConsentReceipt;
  idempotencyKey: string;
  kid: string;
  jws: string;
}

export function toStoredReceipt(record: ReceiptRecord): StoredReceipt {
  return {
    idempotencyKey: record.idempotency_key,
    kid: record.kid,
    jws: record.jws,
    receipt: {
      receiptId: record.id,
      consentId: record.consent_id,
      site: record.site_id,
      seq: record.seq,
      event: record.event as ConsentEvent,
      method: record.method as ConsentMethod,
      choices: JSON.parse(record.choices) as Choices,
      noticeVersion: record.notice_version,
      noticeHash: record.notice_hash,
      cookieRevision: record.cookie_revision,
      language: record.language,
      gpc: record.gpc === 1,
      page: record.page,
      browser: record.browser,
      country: record.country,
      decidedAt: record.decided_at,
      recordedAt: record.recorded_at,
      prevHash: record.prev_hash,
      hash: record.hash,
    },
  };
}

export async function findReceipt(db: D1Database, id: string): Promise<StoredReceipt | null> {
  const record = await db.prepare('SELECT * FROM receipts WHERE id = ?').bind(id).first<ReceiptRecord>();
  return record ? toStoredReceipt(record) : null;
}

export async function findReceiptByIdempotencyKey(
  db: D1Database,
  site: string,
  key: string,
): Promise<StoredReceipt | null> {
  const record = await db
    .prepare('SELECT * FROM receipts WHERE site_id = ? AND idempotency_key = ?')
    .bind(site, key)
    .first<ReceiptRecord>();
  return record ? toStoredReceipt(record) : null;
}

export async function findLatestForConsent(
  db: D1Database,
  site: string,
  consentId: string,
): Promise<ConsentReceipt | null> {
  const record = await db
    .prepare('SELECT * FROM receipts WHERE site_id = ? AND consent_id = ? ORDER BY seq DESC LIMIT 1')
    .bind(site, consentId)
    .first<ReceiptRecord>();
  return record ? toStoredReceipt(record).receipt : null;
}

/** Where the site's chain ends now: its newest receipt, else its newest checkpoint, else genesis. */
export async function findChainHead(db: D1Database, site: string): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .prepare(
      `SELECT seq, hash FROM (
         SELECT seq, hash FROM receipts WHERE site_id = ?1
         UNION ALL SELECT through_seq AS seq, through_hash AS hash FROM checkpoints WHERE site_id = ?1
       ) ORDER BY seq DESC LIMIT 1`,
    )
    .bind(site)
    .first<{ seq: number; hash: string }>();
  return row ?? null;
}

/** Inserts one chained row. Resolves false when seq or the idempotency key was taken first. */
export async function insertReceipt(db: D1Database, stored: StoredReceipt): Promise<boolean> {
  const { receipt } = stored;
  const result = await db
    .prepare(
      `INSERT INTO receipts (id, site_id, seq, consent_id, idempotency_key, event, method, choices,
         notice_version, notice_hash, cookie_revision, language, gpc, page, browser, country,
         decided_at, recorded_at, prev_hash, hash, kid, jws)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      receipt.receiptId,
      receipt.site,
      receipt.seq,
      receipt.consentId,
      stored.idempotencyKey,
      receipt.event,
      receipt.method,
      JSON.stringify(receipt.choices),
      receipt.noticeVersion,
      receipt.noticeHash,
      receipt.cookieRevision,
      receipt.language,
      receipt.gpc ? 1 : 0,
      receipt.page,
      receipt.browser,
      receipt.country,
      receipt.decidedAt,
      receipt.recordedAt,
      receipt.prevHash,
      receipt.hash,
      stored.kid,
      stored.jws,
    )
    .run();
  return result.meta.changes === 1;
}

export async function countReceipts(db: D1Database, site?: string): Promise<number> {
  const statement = site
    ? db.prepare('SELECT count(*) AS n FROM receipts WHERE site_id = ?').bind(site)
    : db.prepare('SELECT count(*) AS n FROM receipts');
  return (await statement.first<{ n: number }>())?.n ?? 0;
}

/**
 * A site's signed rows in chain order after `afterSeq` (and through `throughSeq`, when given),
 * fetched a page at a time so a long chain never sits in memory.
 */
export async function* receiptsInOrder(
  db: D1Database,
  site: string,
  { afterSeq = 0, throughSeq = Number.MAX_SAFE_INTEGER, pageSize = 500 } = {},
): AsyncGenerator<SignedReceipt> {
  let cursor = afterSeq;
  for (;;) {
    const { results } = await db
      .prepare('SELECT * FROM receipts WHERE site_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
      .bind(site, cursor, throughSeq, pageSize)
      .all<ReceiptRecord>();
    for (const record of results) {
      const { receipt, jws, kid } = toStoredReceipt(record);
      yield { receipt, jws, kid };
    }
    if (results.length < pageSize) return;
    cursor = results[results.length - 1]!.seq;
  }
}
