import type { ConsentReceipt, ReceiptRequest } from '../contract/api.js';
import { OPTIONAL_CATEGORIES, type Choices } from '../contract/categories.js';
import type { ConsentEvent } from '../contract/consent.js';
import type { NoticeVersion } from '../contract/notice.js';
import { chainHash, GENESIS_HASH } from './crypto/chain.js';
import type { Signer } from './crypto/jws.js';
import { BoundedCache } from './public-cache.js';
import {
  findChainHead,
  insertReceipts,
  readLedgerFacts,
  type LedgerFacts,
  type StoredReceipt,
} from './storage/receipts.js';

/**
 * Appending to a site's chain needs the previous row's hash, so two writers must not use the
 * same head. Writers in one isolate queue per site here, and commit as a group: a post puts its
 * decision on the site's waiting list and queues one flush; the first flush to run takes every
 * decision waiting (its own and those that arrived while the append before was in flight),
 * chains them in memory from the head, signs them, and writes them in one D1 batch (one round
 * trip, one transaction). The head is this isolate's own last append (read once, then kept). The
 * hash and signature cover seq and prevHash, so they cannot be made before the head is known;
 * everything else a post reads (its notice, its idempotency key, the consent's previous receipt)
 * is read before, in one D1 batch, alongside other posts.
 *
 * Writers in other isolates, or a kept head gone stale, meet the insert's own checks (the row
 * before must hold prevHash; seq and the idempotency key are UNIQUE; the consent's previous
 * receipt must be the one read): that row and every row after it in the batch store nothing, and
 * their posts reread and try again. D1 is a single SQLite database, so the insert is the final
 * word and the queue only saves retries. A post is answered only once its own row has landed.
 *
 * Each post waits for its own flush (and reads its outcome as plain data after it), so no request
 * ever awaits a promise another request's I/O settles: workerd ties I/O to the request that
 * started it.
 */
const siteQueues = new Map<string, Promise<unknown>>();
const chainHeads = new BoundedCache<{ seq: number; hash: string }>(1024);

function serialisePerSite<T>(site: string, task: () => Promise<T>): Promise<T> {
  const previous = siteQueues.get(site) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  siteQueues.set(site, settled);
  void settled.then(() => {
    if (siteQueues.get(site) === settled) siteQueues.delete(site);
  });
  return next;
}

/** A decision waiting for a flush; the flush that takes it sets its outcome. */
interface PendingAppend {
  request: ReceiptRequest;
  context: ReceiptContext;
  /** The consent's latest receipt as read before the post queued. */
  previous: ConsentReceipt | null;
  /** Stored; null when the chain moved under it (read again and retry); or the batch's error. */
  outcome?: { stored: StoredReceipt | null } | { error: unknown };
}

const waitingAppends = new Map<string, PendingAppend[]>();

/** Rows per D1 batch: a burst larger than this is written in several. */
const MAX_BATCH = 50;

/** How many batches and rows this isolate wrote: the group commit at work, for tests to see. */
export const appendStats = { batches: 0, rows: 0 };

const MAX_ATTEMPTS = 20;

export interface ReceiptContext {
  site: string;
  notice: NoticeVersion;
  choices: Choices;
  page: string | null;
  browser: string;
  country: string;
  now: () => string;
}

/** given: something granted where nothing was; updated: granted before and now; withdrawn; refused. */
export function deriveEvent(choices: Choices, previous: ConsentReceipt | null): ConsentEvent {
  const grantsAny = Object.values(choices).some(Boolean);
  const grantedBefore = previous !== null && Object.values(previous.choices).some(Boolean);
  if (grantsAny) return grantedBefore ? 'updated' : 'given';
  return grantedBefore ? 'withdrawn' : 'refused';
}

/**
 * What a retried request changes compared with the receipt its idempotency key already made.
 * The retry is compared with the stored receipt's own fields, not with a digest of the first
 * request: the receipt is what the key stands for, rows stored before this check can be compared
 * too (no migration), and what the receipt never keeps (a page's query string, a category left
 * out rather than sent as false) cannot make two requests different decisions.
 */
export function changedFields(stored: ConsentReceipt, request: ReceiptRequest, context: ReceiptContext): string[] {
  const decidedAt = request.decidedAt ?? stored.recordedAt;
  const checks: [string, boolean][] = [
    ['consentId', request.consentId === stored.consentId],
    ['noticeVersion', context.notice.version === stored.noticeVersion],
    ['choices', OPTIONAL_CATEGORIES.every((category) => context.choices[category] === stored.choices[category])],
    ['method', request.method === stored.method],
    ['gpc', request.gpc === stored.gpc],
    ['language', request.language === stored.language],
    ['pageUrl', context.page === stored.page],
    ['decidedAt', Date.parse(decidedAt) === Date.parse(stored.decidedAt)],
  ];
  return checks.filter(([, same]) => !same).map(([field]) => field);
}

/**
 * Records one decision. A retried idempotency key stores nothing: it returns the first receipt,
 * with the fields the retry would change (none for a faithful retry). `facts` are the ledger facts
 * the caller already read (readDecisionFacts); a retry reads them afresh.
 */
export async function recordReceipt(
  db: D1Database,
  signer: Signer,
  request: ReceiptRequest,
  context: ReceiptContext,
  facts?: LedgerFacts,
): Promise<{ stored: StoredReceipt; created: boolean; changed: string[] }> {
  let known = facts;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { existing, previous } =
      known ?? (await readLedgerFacts(db, context.site, request.idempotencyKey, request.consentId));
    known = undefined;
    if (existing) {
      return { stored: existing, created: false, changed: changedFields(existing.receipt, request, context) };
    }
    const stored = await append(db, signer, { request, context, previous });
    if (stored) return { stored, created: true, changed: [] };
  }
  throw new Error(`could not append to the ledger of ${context.site} after ${MAX_ATTEMPTS} attempts`);
}

/** Queues one decision and waits for the flush that writes it: its stored row, or null to retry. */
async function append(db: D1Database, signer: Signer, pending: PendingAppend): Promise<StoredReceipt | null> {
  const { site } = pending.context;
  const waiting = waitingAppends.get(site);
  if (waiting) waiting.push(pending);
  else waitingAppends.set(site, [pending]);
  // An earlier post's flush may take this decision with its own; a full batch leaves it for later.
  while (pending.outcome === undefined) await serialisePerSite(site, () => flush(db, signer, site));
  if ('error' in pending.outcome) throw pending.outcome.error;
  return pending.outcome.stored;
}

/** Inside the site's queue: writes every decision waiting (up to MAX_BATCH) as one group. */
async function flush(db: D1Database, signer: Signer, site: string): Promise<void> {
  const waiting = waitingAppends.get(site);
  if (!waiting) return;
  const batch = waiting.splice(0, MAX_BATCH);
  if (waiting.length === 0) waitingAppends.delete(site);
  try {
    await appendBatch(db, signer, site, batch);
  } catch (error) {
    // Nothing of a failed batch was stored (it is one transaction): each of its posts fails.
    chainHeads.delete(site);
    for (const pending of batch) pending.outcome ??= { error };
  }
}

/** Chains `batch` in memory from the site's head, signs it, and writes it in one round trip. */
async function appendBatch(db: D1Database, signer: Signer, site: string, batch: PendingAppend[]): Promise<void> {
  let head = chainHeads.get(site) ?? (await findChainHead(db, site)) ?? { seq: 0, hash: GENESIS_HASH };
  const keys = new Set<string>();
  // A consent decided twice in one batch: the second follows the first, not what was read before.
  const latestOfConsent = new Map<string, ConsentReceipt>();
  const rows: { pending: PendingAppend; receipt: ConsentReceipt; previousSeq: number | null }[] = [];
  for (const pending of batch) {
    const { request, context } = pending;
    if (keys.has(request.idempotencyKey)) {
      // A retry sent at once with its first try: it finds the first try's receipt once this lands.
      pending.outcome = { stored: null };
      continue;
    }
    keys.add(request.idempotencyKey);
    const previous = latestOfConsent.get(request.consentId) ?? pending.previous;
    const receipt = await chainedReceipt(request, context, previous, head);
    latestOfConsent.set(request.consentId, receipt);
    rows.push({ pending, receipt, previousSeq: previous?.seq ?? null });
    head = { seq: receipt.seq, hash: receipt.hash };
  }
  const signatures = await Promise.all(rows.map(({ receipt }) => signer.sign(receipt)));
  const stored = rows.map(({ pending, receipt, previousSeq }, i) => ({
    stored: { receipt, idempotencyKey: pending.request.idempotencyKey, kid: signer.kid, jws: signatures[i]! },
    previousSeq,
  }));
  const landed = await insertReceipts(db, stored);
  appendStats.batches += 1;
  appendStats.rows += landed.filter(Boolean).length;
  rows.forEach(({ pending }, i) => {
    pending.outcome = { stored: landed[i] ? stored[i]!.stored : null };
  });
  if (landed.every(Boolean)) {
    if (rows.length > 0) chainHeads.set(site, head);
  } else {
    // Another writer got there first, or the kept head was stale: read the real one next time.
    chainHeads.delete(site);
  }
}

/** The next link after `head`: every field of the receipt, and its hash. */
async function chainedReceipt(
  request: ReceiptRequest,
  context: ReceiptContext,
  previous: ConsentReceipt | null,
  head: { seq: number; hash: string },
): Promise<ConsentReceipt> {
  const recordedAt = context.now();
  const unsigned: Omit<ConsentReceipt, 'hash'> = {
    receiptId: crypto.randomUUID(),
    consentId: request.consentId,
    site: context.site,
    seq: head.seq + 1,
    event: deriveEvent(context.choices, previous),
    method: request.method,
    choices: context.choices,
    noticeVersion: context.notice.version,
    noticeHash: context.notice.hash,
    cookieRevision: context.notice.cookieRevision,
    language: request.language,
    gpc: request.gpc,
    page: context.page,
    browser: context.browser,
    country: context.country,
    decidedAt: request.decidedAt ?? recordedAt,
    recordedAt,
    prevHash: head.hash,
  };
  return { ...unsigned, hash: await chainHash(unsigned) };
}
