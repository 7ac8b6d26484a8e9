/**
 * The scheduled run's notice step (advanceNoticeClocks): ?1 the run's time, ?2 the clock's. Apart
 * so that the browser tests, which cannot start the run with a time (test/e2e/scheduled-run.ts),
 * apply the very same statement to the running Worker's local D1.
 */
export const ADVANCE_NOTICE_CLOCKS = `INSERT INTO notice_clocks (site_id, through)
  SELECT DISTINCT site_id, ?1 FROM notices WHERE effective_at > ?2 AND effective_at <= ?1
  ON CONFLICT (site_id) DO UPDATE SET through = max(through, excluded.through)
  RETURNING site_id`;
