import { inject } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { ADVANCE_NOTICE_CLOCKS } from '../../worker/storage/notice-clocks.js';

/** The little of D1's binding this needs (the root tsconfig has no Workers types). */
interface LocalD1 {
  prepare(sql: string): { bind(...values: string[]): { all(): Promise<{ results: { site_id: string }[] }> } };
}

/**
 * The Worker's daily run for the time `at`, as far as notices go: the versions due by then take
 * effect, by the statement the scheduled handler runs, on the running Worker's local D1. wrangler
 * 4.86 cannot hand scheduled() a time when the Worker serves assets (/cdn-cgi/handler/scheduled
 * answers "exception": cloudflare/workers-sdk#9882, fixed in a later miniflare), so the test opens
 * that database itself; test/worker/notice-schedule.test.ts runs the handler proper.
 */
export async function runScheduledAt(at: Date): Promise<string[]> {
  const proxy = await getPlatformProxy<{ DB: LocalD1 }>({ persist: { path: `${inject('workerState')}/v3` } });
  try {
    const { results } = await proxy.env.DB.prepare(ADVANCE_NOTICE_CLOCKS)
      .bind(at.toISOString(), new Date().toISOString())
      .all();
    return results.map((row) => row.site_id);
  } finally {
    await proxy.dispose();
  }
}
