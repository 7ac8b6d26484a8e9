/**
 * The times a consent receipt may claim. The Worker refuses a receipt outside them, and the
 * widget's offline queue drops what the Worker would refuse rather than retrying it forever.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** How far a browser's clock may run ahead of the Worker's (or a decision precede its notice). */
export const CLOCK_SKEW_MS = 5 * MINUTE;

/** How long a decision may wait in the widget's offline queue before it is too old to record. */
export const OFFLINE_WINDOW_MS = 30 * DAY;

/**
 * How long after a newer notice version takes effect a decision on the one before is still
 * taken: a page loaded before the change may be answered after it.
 */
export const SUPERSEDED_GRACE_MS = 7 * DAY;

/** Why a decision time cannot be recorded at `now`, or null when it can. */
export function decidedAtProblem(decidedAt: string, now: number): 'invalid' | 'in_future' | 'too_old' | null {
  const at = Date.parse(decidedAt);
  if (Number.isNaN(at)) return 'invalid';
  if (at > now + CLOCK_SKEW_MS) return 'in_future';
  if (at < now - OFFLINE_WINDOW_MS) return 'too_old';
  return null;
}
