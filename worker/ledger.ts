import type { ConsentReceipt, ReceiptRequest } from '../contract/api.js';
import { OPTIONAL_CATEGORIES, type Choices } from '../contract/categories.js';
import type { ConsentEvent } from '../contract/consent.js';
import type { NoticeVersion } from '../contract/notice.js';
import { chainHash, GENESIS_HASH } from './crypto/chain.js';
import type { Signer } from './crypto/jws.js';
import { BoundedCache } from './public-cache.js';
import {
  findChainHead,
  insertReceipt,
  readLedgerFacts,
  type LedgerFacts,
  type StoredReceipt,
} from './storage/receipts.js';

/**
 * Appending to a site's chain needs the previous row's hash, so two writers must not use the
 * same head. Writers in one isolate queue per site here, and the section they queue for is as
 * short as the chain allows: the head is this isolate's own last append (read once, then kept),
 * so inside it are only the hash, the signature (which covers seq and prevHash, so it cannot come
 * before the head is known) and one insert. Everything else a post reads (its notice, its
 * idempotency key, the consent's previous receipt) is read before, in one D1 batch, alongside
 * other posts. Writers in other isolates, or a kept head gone stale, meet the insert's own
 * checks (the row before must hold prevHash; seq and the idempotency key are UNIQUE; the
 * consent's previous receipt must be the one read): the insert does nothing and the writer
 * rereads and tries again. D1 is a single SQLite database, so the insert is the final word and
 * the queue only saves retries.
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
    const stored = await serialisePerSite(context.site, () => appendToChain(db, signer, request, context, previous));
    if (stored) return { stored, created: true, changed: [] };
  }
  throw new Error(`could not append to the ledger of ${context.site} after ${MAX_ATTEMPTS} attempts`);
}

/** One try at appending, inside the site's queue: the stored receipt, or null if the chain moved. */
async function appendToChain(
  db: D1Database,
  signer: Signer,
  request: ReceiptRequest,
  context: ReceiptContext,
  previous: ConsentReceipt | null,
): Promise<StoredReceipt | null> {
  const head = chainHeads.get(context.site) ?? (await findChainHead(db, context.site));
  const recordedAt = context.now();
  const unsigned: Omit<ConsentReceipt, 'hash'> = {
    receiptId: crypto.randomUUID(),
    consentId: request.consentId,
    site: context.site,
    seq: (head?.seq ?? 0) + 1,
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
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const receipt: ConsentReceipt = { ...unsigned, hash: await chainHash(unsigned) };
  const stored: StoredReceipt = {
    receipt,
    idempotencyKey: request.idempotencyKey,
    kid: signer.kid,
    jws: await signer.sign(receipt),
  };
  if (await insertReceipt(db, stored, previous?.seq ?? null)) {
    chainHeads.set(context.site, { seq: receipt.seq, hash: receipt.hash });
    return stored;
  }
  // Another writer got there first, or the kept head was stale: read the real one next time.
  chainHeads.delete(context.site);
  return null;
}
