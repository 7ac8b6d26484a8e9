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

/**
 * Inserts one chained row, only where it continues the chain: the row before it (or the
 * checkpoint that sealed it, or for seq 1 genesis, 64 zeros as crypto/chain.ts's GENESIS_HASH)
 * must hold `prevHash`, and the consent's latest receipt must still be `previousSeq` (the one its
 * event was derived from). Resolves false when any of that moved, or seq or the idempotency key
 * was taken first; the caller rereads and tries again. So a writer working from a stale head can
 * never fork or break the chain.
 */
export async function insertReceipt(
  db: D1Database,
  stored: StoredReceipt,
  previousSeq: number | null,
): Promise<boolean> {
  const result = await insertReceiptStatement(db, stored, previousSeq).run();
  return result.meta.changes === 1;
}

/**
 * Appends several chained rows in one round trip (one D1 batch, which is one transaction). Each
 * row makes the same checks as insertReceipt, so the rows stored are always a prefix of `rows`
 * that continues the chain: once one is refused, every row after it names a predecessor that is
 * not there and is refused too. Resolves with whether each row was stored. With `settingsGuard`,
 * the first row (and so every row) is stored only while the site's settings are still exactly
 * that text: the group was checked against them without reading them.
 */
export async function insertReceipts(
  db: D1Database,
  rows: { stored: StoredReceipt; previousSeq: number | null }[],
  settingsGuard: string | null = null,
): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const results = await db.batch(
    rows.map((row, i) => insertReceiptStatement(db, row.stored, row.previousSeq, i === 0 ? settingsGuard : null)),
  );
  return results.map((result) => result.meta.changes === 1);
}

function insertReceiptStatement(
  db: D1Database,
  stored: StoredReceipt,
  previousSeq: number | null,
  settingsGuard: string | null = null,
): D1PreparedStatement {
  const { receipt } = stored;
  return db
    .prepare(
      `INSERT INTO receipts (id, site_id, seq, consent_id, idempotency_key, event, method, choices,
         notice_version, notice_hash, cookie_revision, language, gpc, page, browser, country,
         decided_at, recorded_at, prev_hash, hash, kid, jws)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22
       WHERE (
           (?3 = 1 AND ?19 = hex(zeroblob(32)))
           OR EXISTS (SELECT 1 FROM receipts WHERE site_id = ?2 AND seq = ?3 - 1 AND hash = ?19)
           OR EXISTS (SELECT 1 FROM checkpoints WHERE site_id = ?2 AND through_seq = ?3 - 1 AND through_hash = ?19)
         )
         AND (SELECT max(seq) FROM receipts WHERE site_id = ?2 AND consent_id = ?4) IS ?23
         AND (?24 IS NULL OR (SELECT settings FROM sites WHERE id = ?2) IS ?24)
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
      previousSeq,
      settingsGuard,
    );
}

/**
 * The notice version a decision names: its hash (which names its document, effective time
 * included) and when the next version took effect.
 */
export interface AnsweredNotice {
  version: number;
  hash: string;
  supersededAt: string | null;
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

/** What a group of posts to one site is checked and chained against, read in one round trip. */
export interface GroupFacts {
  /** The site's settings exactly as stored now, or null when the site is gone. */
  settingsText: string | null;
  /** Where the site's chain ends now, or null for an empty chain. */
  head: { seq: number; hash: string } | null;
  /** The site's notice clock (notice_clocks.through), or null: versions are judged at the request's time. */
  noticeClock: string | null;
  /** The notice versions the posts answer, by number (without their documents). */
  notices: Map<number, AnsweredNotice>;
  /** The receipts the posts' idempotency keys already made, by key. */
  existing: Map<string, StoredReceipt>;
  /** Each consent's latest receipt, by consent id. */
  previous: Map<string, ConsentReceipt>;
}

/**
 * Everything a group of receipt posts reads before it writes, in one D1 batch whatever the size
 * of the group: the lists travel as one JSON parameter each (json_each), so no statement nears
 * D1's limit on bound parameters.
 */
export async function readGroupFacts(
  db: D1Database,
  site: string,
  posts: { noticeVersion: number; idempotencyKey: string; consentId: string }[],
): Promise<GroupFacts> {
  const list = (values: (string | number)[]) => JSON.stringify([...new Set(values)]);
  const [settings, head, notices, existing, previous, clock] = await db.batch<Record<string, unknown>>([
    db.prepare('SELECT settings FROM sites WHERE id = ?').bind(site),
    db
      .prepare(
        `SELECT seq, hash FROM (
           SELECT seq, hash FROM receipts WHERE site_id = ?1
           UNION ALL SELECT through_seq AS seq, through_hash AS hash FROM checkpoints WHERE site_id = ?1
         ) ORDER BY seq DESC LIMIT 1`,
      )
      .bind(site),
    db
      .prepare(
        `SELECT n.version, n.hash,
           (SELECT next.effective_at FROM notices next
            WHERE next.site_id = n.site_id AND next.version = n.version + 1) AS superseded_at
         FROM notices n WHERE n.site_id = ?1 AND n.version IN (SELECT value FROM json_each(?2))`,
      )
      .bind(site, list(posts.map((post) => post.noticeVersion))),
    db
      .prepare('SELECT * FROM receipts WHERE site_id = ?1 AND idempotency_key IN (SELECT value FROM json_each(?2))')
      .bind(site, list(posts.map((post) => post.idempotencyKey))),
    db
      .prepare(
        `SELECT * FROM receipts r WHERE r.site_id = ?1 AND r.consent_id IN (SELECT value FROM json_each(?2))
           AND r.seq = (SELECT max(seq) FROM receipts WHERE site_id = ?1 AND consent_id = r.consent_id)`,
      )
      .bind(site, list(posts.map((post) => post.consentId))),
    db.prepare('SELECT through FROM notice_clocks WHERE site_id = ?').bind(site),
  ]);
  const rows = <T>(result: D1Result<Record<string, unknown>> | undefined) => (result?.results ?? []) as T[];
  const noticeRows = rows<{ version: number; hash: string; superseded_at: string | null }>(notices);
  return {
    settingsText: rows<{ settings: string }>(settings)[0]?.settings ?? null,
    head: rows<{ seq: number; hash: string }>(head)[0] ?? null,
    noticeClock: rows<{ through: string }>(clock)[0]?.through ?? null,
    notices: new Map(
      noticeRows.map((row) => [row.version, { version: row.version, hash: row.hash, supersededAt: row.superseded_at }]),
    ),
    existing: new Map(rows<ReceiptRecord>(existing).map((record) => [record.idempotency_key, toStoredReceipt(record)])),
    previous: new Map(
      rows<ReceiptRecord>(previous).map((record) => [record.consent_id, toStoredReceipt(record).receipt]),
    ),
  };
}
