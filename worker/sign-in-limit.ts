import { sha256Hex } from '../contract/canonical.js';
import { appendAudit } from './storage/audit.js';
import { countAttemptsSince, oldestAttemptSince, reserveAttempt, settleAttempt } from './storage/sign-in-attempts.js';

/**
 * Token guessing is limited per client: after FAILURES failed attempts within WINDOW, every token
 * (the right one too) is refused with 429 until the oldest failure leaves the window. A success
 * clears nothing, so one good sign-in does not reopen a flood. A check in flight counts as a
 * failure until it succeeds, so guesses sent in parallel are held to the same number (and a client
 * with recent failures can run fewer token calls at once).
 *
 * The count lives in D1, not the Workers rate-limit binding: the binding counts per Cloudflare
 * location, forgets within 60 s and cannot tell a failure from a success, while a D1 row is the
 * same everywhere, outlives the isolate and is counted in one statement with the reservation.
 */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60_000 } as const;

export interface SignInClient {
  /** The counter's key: SHA-256 of the full IPv4 address or the IPv6 /64 (one home or host). */
  key: string;
  /**
   * What the audit log keeps: the IPv4 /24 or IPv6 /48. The log is append-only and kept for
   * good, so it holds a network, enough to see a campaign, not the address of one person.
   */
  network: string;
}

export type Entry = 'sign-in-form' | 'bearer';

function ipv6Groups(address: string): string[] | null {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return groups.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? groups.map((g) => g.replace(/^0+(?=.)/, '')) : null;
}

/** The client as Cloudflare saw it (CF-Connecting-IP); "local" when absent (wrangler dev, tests). */
export async function signInClient(connectingIp: string | undefined): Promise<SignInClient> {
  const raw = (connectingIp ?? '').trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw)?.[1];
  const v4 = mapped ?? (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(raw) ? raw : undefined);
  let counted: string;
  let network: string;
  if (!raw) {
    counted = network = 'local';
  } else if (v4) {
    counted = v4;
    network = `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  } else {
    const groups = ipv6Groups(raw);
    counted = groups ? `${groups.slice(0, 4).join(':')}::/64` : `other:${raw.slice(0, 100)}`;
    network = groups ? `${groups.slice(0, 3).join(':')}::/48` : 'unrecognised';
  }
  return { key: await sha256Hex(`candour-sign-in-client\n${counted}`), network };
}

export type Attempt<T> = { locked: false; result: T | null } | { locked: true; retryAfterSeconds: number };

/**
 * Runs one token check for a client under the limit, and logs every failure (with the client's
 * network, and whether it locked the client out). The caller logs a sign-in form's success; a
 * bearer success is not logged, as each change it makes is, under its name. Attempts refused by
 * the lock are not logged one by one, or a flood would grow the append-only log without bound.
 */
export async function limitedAttempt<T>(
  db: D1Database,
  options: { client: SignInClient; entry: Entry; now?: Date },
  check: () => Promise<T | null>,
): Promise<Attempt<T>> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs).toISOString();
  const { client, entry } = options;
  const id = await reserveAttempt(db, {
    clientHash: client.key,
    at: now.toISOString(),
    since,
    limit: SIGN_IN_LIMIT.failures,
  });
  if (id === null) {
    const oldest = await oldestAttemptSince(db, client.key, since);
    const liftsAt = (oldest ? Date.parse(oldest) : now.getTime()) + SIGN_IN_LIMIT.windowMs;
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000)) };
  }
  let result: T | null = null;
  try {
    result = await check();
  } finally {
    await settleAttempt(db, id, result !== null);
  }
  if (result === null) {
    const failures = await countAttemptsSince(db, client.key, since);
    await appendAudit(db, {
      at: now.toISOString(),
      actor: 'unknown',
      site: null,
      action: entry === 'sign-in-form' ? 'session.sign-in-failed' : 'token.refused',
      detail: { client: client.network, lockedOut: failures >= SIGN_IN_LIMIT.failures },
    });
  }
  return { locked: false, result };
}
