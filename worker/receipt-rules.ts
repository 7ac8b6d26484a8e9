import { CLOCK_SKEW_MS, decidedAtProblem, OFFLINE_WINDOW_MS, SUPERSEDED_GRACE_MS } from '../contract/receipt-rules.js';
import type { NoticeVersion } from '../contract/notice.js';
import { fail } from './errors.js';

const DAY = 86_400_000;

/**
 * The page a decision was taken on must be on the origin that sent it. siteAccess has already
 * refused an Origin the site did not register, so this also keeps the page on the site's own
 * origins, and a script on one registered origin cannot file decisions for another's pages.
 */
export function requirePageOnOrigin(pageUrl: string, origin: string): void {
  let pageOrigin = 'null';
  try {
    pageOrigin = new URL(pageUrl).origin;
  } catch {
    // Not a URL at all: its origin is "null", which no request carries from a registered site.
  }
  if (pageOrigin !== origin) {
    fail(400, 'page_not_on_origin', `The page ${pageUrl} is not on ${origin}, which sent the decision.`, [
      { path: 'pageUrl', message: `must be a page on ${origin}` },
    ]);
  }
}

/** A decision time the Worker can stand behind: not later than now (give or take a clock), not older than the offline queue keeps. */
export function requireDecidedAtInWindow(decidedAt: string, now: number): void {
  const problem = decidedAtProblem(decidedAt, now);
  if (problem === null) return;
  const message =
    problem === 'in_future'
      ? `decidedAt ${decidedAt} is more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of the Worker's clock.`
      : `decidedAt ${decidedAt} is more than ${OFFLINE_WINDOW_MS / DAY} days ago, longer than a decision may wait offline.`;
  fail(400, 'decided_at_out_of_range', message, [{ path: 'decidedAt', message }]);
}

/**
 * The version a decision answers must be the one in force when it was taken: from its effective
 * time (less the clock skew) until the next version took effect, plus a grace period for a page
 * loaded before the change and answered after it. So a decision on v3 made while v3 was current
 * and sent from the offline queue after v4 went live is taken; a version that is only scheduled,
 * or was replaced long before the decision, is not.
 */
export function requireNoticeInForce(
  notice: NoticeVersion,
  supersededAt: string | null,
  decidedAt: string,
  now: number,
): void {
  const decided = Date.parse(decidedAt);
  const refuse = (why: string) =>
    fail(400, 'notice_not_in_force', `Notice version ${notice.version} ${why}.`, [
      { path: 'noticeVersion', message: `version ${notice.version} ${why}` },
    ]);
  const effective = Date.parse(notice.effectiveAt);
  if (effective > now) refuse('is not in force yet');
  if (decided < effective - CLOCK_SKEW_MS) refuse(`took effect at ${notice.effectiveAt}, after the decision`);
  if (supersededAt !== null && decided >= Date.parse(supersededAt) + SUPERSEDED_GRACE_MS) {
    refuse(`was replaced at ${supersededAt}, more than ${SUPERSEDED_GRACE_MS / DAY} days before the decision`);
  }
}
