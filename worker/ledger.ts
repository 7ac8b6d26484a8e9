import type { ConsentReceipt, ReceiptRequest } from '../contract/api.js';
import { OPTIONAL_CATEGORIES, type Choices } from '../contract/categories.js';
import type { ConsentEvent } from '../contract/consent.js';
import type { NoticeVersion } from '../contract/notice.js';
import { chainHash, GENESIS_HASH } from './crypto/chain.js';
import type { Signer } from './crypto/jws.js';
import { BoundedCache } from './public-cache.js';
import {
  insertReceipts,
  readGroupFacts,
  type AnsweredNotice,
  type GroupFacts,
  type StoredReceipt,
} from './storage/receipts.js';

/**
 * Appending to a site's chain needs the previous row's hash, so two writers must not use the
 * same head. Writers in one isolate queue per site here, and commit as a group: a post puts its
 * decision on the site's waiting list and queues one flush; the first flush to run takes every
 * decision waiting (its own and those that arrived while the group before was being written).
 * A flush is two round trips whatever the size of its group: one D1 batch reads what every
 * decision is checked against (the site's settings as stored now, the notice versions answered,
 * the idempotency keys, each consent's previous receipt, the chain's head); then each decision
 * is checked by its own post's rules, chained in memory, signed, and the group is written in one
 * D1 batch (one transaction). The hash and signature cover seq and prevHash, so they cannot be
 * made before the head is known.
 *
 * Writers in other isolates meet the insert's own checks (the row before must hold prevHash; seq
 * and the idempotency key are UNIQUE; the consent's previous receipt must be the one read): that
 * row and every row after it in the group store nothing, and their posts queue again. D1 is a
 * single SQLite database, so the insert is the final word and the queue only saves retries. A
 * post is answered only once its own row has landed.
 *
 * Each post waits for its own flush (and reads its outcome as plain data after it), so no request
 * awaits a promise another request's I/O settles: workerd ties I/O to the request that started it.
 */
const siteQueues = new Map<string, Promise<unknown>>();

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

/** What a decision is checked against, as read inside the write that stores it. */
export interface DecisionFacts {
  /** The site's settings exactly as stored now, or null when the site is gone. */
  settingsText: string | null;
  /** The notice version the decision answers, or null when the site has no such version. */
  notice: AnsweredNotice | null;
  /**
   * The site's notice clock (notice_clocks.through), or null. Public reads judge versions at the
   * later of it and the request's time (storage/notices.ts, noticeTime), and so does the decision.
   */
  noticeClock: string | null;
}

/** A post's own rules: the context its receipt is made in, or the API error that refuses it. */
export type Admit = (facts: DecisionFacts) => Promise<ReceiptContext>;

type Outcome =
  { stored: StoredReceipt; created: boolean; context: ReceiptContext } | { retry: true } | { error: unknown };

/**
 * What the post already knows from siteAccess's state (read within the last second): the settings
 * text it passed the origin check on, and the version in force, which its decision answers. A
 * group made only of such posts, in an isolate that knows its chain head, is written without
 * reading anything first (see appendGroup).
 */
export interface AssumedFacts {
  settingsText: string;
  notice: AnsweredNotice;
  noticeClock: string | null;
}

/** A decision waiting for a flush; the flush that takes it sets its outcome. */
interface PendingAppend {
  site: string;
  request: ReceiptRequest;
  admit: Admit;
  assumed?: AssumedFacts;
  outcome?: Outcome;
}

const waitingAppends = new Map<string, PendingAppend[]>();
/** The head of each site's chain as this isolate last wrote it. */
const chainHeads = new BoundedCache<{ seq: number; hash: string }>(1024);

/** Decisions per group: a burst larger than this is written in several. */
const MAX_GROUP = 50;

/** How many groups and rows this isolate wrote: the group commit at work, for tests to see. */
export const appendStats = { batches: 0, rows: 0, unread: 0, holds: 0 };

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
 * Records one decision for `site`. `admit` checks it against what is stored at the moment of the
 * write (and refuses it by throwing the API error); `assumed`, when given, is what the caller
 * already read, which the write then checks instead of reading it again. A retried idempotency key stores nothing: it
 * returns the first receipt, with the fields the retry would change (none for a faithful retry).
 */
export async function recordReceipt(
  db: D1Database,
  signer: Signer,
  site: string,
  request: ReceiptRequest,
  admit: Admit,
  assumed?: AssumedFacts,
): Promise<{ stored: StoredReceipt; created: boolean; changed: string[] }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // A retry never assumes: it reads what it is checked against.
    const outcome = await append(db, signer, { site, request, admit, assumed: attempt === 0 ? assumed : undefined });
    if ('error' in outcome) throw outcome.error;
    if ('retry' in outcome) continue;
    const { stored, created, context } = outcome;
    return { stored, created, changed: created ? [] : changedFields(stored.receipt, request, context) };
  }
  throw new Error(`could not append to the ledger of ${site} after ${MAX_ATTEMPTS} attempts`);
}

/** Queues one decision and waits for the flush that settles it. */
async function append(db: D1Database, signer: Signer, pending: PendingAppend): Promise<Outcome> {
  const { site } = pending;
  const waiting = waitingAppends.get(site);
  if (waiting) waiting.push(pending);
  else waitingAppends.set(site, [pending]);
  const held = heldGroups.get(site);
  if (held && waitingAppends.get(site)!.length >= held.size) held.close();
  // An earlier post's flush may take this decision with its own; a full group leaves it for later.
  while (pending.outcome === undefined) await serialisePerSite(site, () => flush(db, signer, site));
  return pending.outcome;
}

/**
 * The longest a group is held open for decisions still on their way. Every D1 call costs the
 * same whatever the size of its batch (under `wrangler dev` about 25 ms of CPU across workerd and
 * its tooling, about 30% of it the DevTools inspector's report of the call, measured per process
 * from /proc), so while decisions arrive faster than groups are written, a group held for one
 * write's time takes in the posts that would otherwise each start a group of their own. A post
 * then waits at most this much longer; a lone post never waits.
 */
export const MAX_HOLD_MS = 25;

/** The bounds of a hold; the Worker tests widen them so that only the count closes a group. */
export const groupHold = { minMs: 0, maxMs: MAX_HOLD_MS };

/** The size of each site's last group and how long its write took. */
const lastWrites = new BoundedCache<{ rows: number; ms: number }>(1024);

/** A group being held open: it closes once `size` decisions wait, or when its time is up. */
const heldGroups = new Map<string, { size: number; close: () => void }>();

/**
 * Holds the next group of `site` open after a group that had company (decisions are coming in
 * together): until as many decisions wait as the last group had, or for as long as its write
 * took (at most MAX_HOLD_MS). Never after a lone decision, nor when the group is already full.
 */
async function holdOpen(site: string): Promise<void> {
  const last = lastWrites.get(site);
  const size = Math.min(last?.rows ?? 0, MAX_GROUP);
  if (!last || size < 2 || (waitingAppends.get(site)?.length ?? 0) >= size) return;
  appendStats.holds += 1;
  await new Promise<void>((resolve) => {
    const close = () => {
      if (heldGroups.get(site)?.close === close) heldGroups.delete(site);
      resolve();
    };
    heldGroups.set(site, { size, close });
    setTimeout(close, Math.min(Math.max(last.ms, groupHold.minMs), groupHold.maxMs));
  });
}

/** Inside the site's queue: settles every decision waiting (up to MAX_GROUP) as one group. */
async function flush(db: D1Database, signer: Signer, site: string): Promise<void> {
  if (!waitingAppends.has(site)) return;
  await holdOpen(site);
  const waiting = waitingAppends.get(site);
  if (!waiting) return;
  const group = waiting.splice(0, MAX_GROUP);
  if (waiting.length === 0) waitingAppends.delete(site);
  try {
    await appendGroup(db, signer, site, group);
  } catch (error) {
    // Nothing of a failed write was stored (it is one transaction): each of its posts fails.
    for (const pending of group) pending.outcome ??= { error };
  }
}

/**
 * Reads the group's facts, checks and chains each decision in memory, signs, writes in one batch.
 *
 * The common group (new visitors' first decisions on the version in force, in an isolate that
 * wrote the chain's last row) skips the read: it assumes the settings siteAccess saw, no receipt
 * yet for its keys or consents, and the head this isolate wrote. Each assumption is checked by the
 * insert itself (the settings text, UNIQUE keys, the consent's latest seq, the row before), so a
 * wrong one stores nothing and the posts retry with a read: one round trip instead of two.
 */
async function appendGroup(db: D1Database, signer: Signer, site: string, group: PendingAppend[]): Promise<void> {
  const knownHead = chainHeads.get(site);
  const settingsText = group[0]!.assumed?.settingsText;
  const noticeClock = group[0]!.assumed?.noticeClock;
  const unread =
    knownHead !== undefined &&
    group.every(
      ({ assumed }) => assumed && assumed.settingsText === settingsText && assumed.noticeClock === noticeClock,
    );
  const facts: GroupFacts = unread
    ? {
        settingsText: settingsText!,
        head: knownHead,
        noticeClock: noticeClock!,
        notices: new Map(group.map(({ assumed }) => [assumed!.notice.version, assumed!.notice])),
        existing: new Map(),
        previous: new Map(),
      }
    : await readGroupFacts(
        db,
        site,
        group.map(({ request }) => request),
      );
  let head = facts.head ?? { seq: 0, hash: GENESIS_HASH };
  const keys = new Set<string>();
  // A consent decided twice in one group: the second follows the first, not what was read before.
  const latestOfConsent = new Map<string, ConsentReceipt>();
  const rows: {
    pending: PendingAppend;
    context: ReceiptContext;
    receipt: ConsentReceipt;
    previousSeq: number | null;
  }[] = [];
  for (const pending of group) {
    const { request } = pending;
    let context: ReceiptContext;
    try {
      context = await pending.admit({
        settingsText: facts.settingsText,
        notice: facts.notices.get(request.noticeVersion) ?? null,
        noticeClock: facts.noticeClock,
      });
    } catch (error) {
      pending.outcome = { error };
      continue;
    }
    const existing = facts.existing.get(request.idempotencyKey);
    if (existing) {
      pending.outcome = { stored: existing, created: false, context };
      continue;
    }
    if (keys.has(request.idempotencyKey)) {
      // A retry sent at once with its first try: it finds the first try's receipt once this lands.
      pending.outcome = { retry: true };
      continue;
    }
    keys.add(request.idempotencyKey);
    const previous = latestOfConsent.get(request.consentId) ?? facts.previous.get(request.consentId) ?? null;
    const receipt = await chainedReceipt(request, context, previous, head);
    latestOfConsent.set(request.consentId, receipt);
    rows.push({ pending, context, receipt, previousSeq: previous?.seq ?? null });
    head = { seq: receipt.seq, hash: receipt.hash };
  }
  if (rows.length === 0) return;
  const signatures = await Promise.all(rows.map(({ receipt }) => signer.sign(receipt)));
  const stored = rows.map(({ pending, receipt, previousSeq }, i) => ({
    stored: { receipt, idempotencyKey: pending.request.idempotencyKey, kid: signer.kid, jws: signatures[i]! },
    previousSeq,
  }));
  let landed: boolean[];
  // Date.now() moves on across I/O in workerd, so this is the write's round trip.
  const writeStarted = Date.now();
  try {
    landed = await insertReceipts(db, stored, unread ? settingsText! : null);
  } catch (error) {
    chainHeads.delete(site);
    lastWrites.delete(site);
    throw error;
  }
  lastWrites.set(site, { rows: rows.length, ms: Date.now() - writeStarted });
  appendStats.batches += 1;
  appendStats.rows += landed.filter(Boolean).length;
  if (unread) appendStats.unread += 1;
  rows.forEach(({ pending, context }, i) => {
    // Not landed: an assumption was wrong, or another writer moved the chain first. The post
    // reads what it is checked against and retries.
    pending.outcome = landed[i] ? { stored: stored[i]!.stored, created: true, context } : { retry: true };
  });
  if (landed.every(Boolean)) chainHeads.set(site, head);
  else chainHeads.delete(site);
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
