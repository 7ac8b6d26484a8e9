import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import type { NoticeHistoryEntry } from '../../contract/admin.js';
import type { NoticeVersionSummary } from '../../contract/notice.js';
import type { ReceiptResponse } from '../../contract/api.js';
import {
  admin,
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  noticeSource,
  postReceipt,
  receiptRequest,
} from './helpers.js';

const SITE = 'schedule-secret';

beforeAll(async () => {
  await createSite(SITE);
  const scheduled = await admin(`/v1/admin/sites/${SITE}/notices`, 'POST', {
    source: noticeSource(SITE, { wording: 'Announced next week, not before.', extraCookie: true }),
    effectiveAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  expect(scheduled.status).toBe(201);
});

describe('a version scheduled for later', () => {
  it('is left out of the public version list', async () => {
    const response = await api(`/v1/sites/${SITE}/notices`, { headers: { Origin: CLINIC_ORIGIN } });
    expect(response.status).toBe(200);
    const { versions } = (await response.json()) as { versions: NoticeVersionSummary[] };
    expect(versions.map((version) => [version.version, version.current])).toEqual([[1, true]]);
  });

  it('answers 404 at its pinned address and in every diff, as if it did not exist', async () => {
    for (const path of [
      `/v1/sites/${SITE}/notices/2`,
      `/v1/sites/${SITE}/notices/1/diff/2`,
      `/v1/sites/${SITE}/notices/2/diff/1`,
      `/v1/sites/${SITE}/notices/2/diff/2`,
    ]) {
      const response = await api(path, { headers: { Origin: CLINIC_ORIGIN } });
      const body = await response.json();
      expect(response.status, path).toBe(404);
      expectErrorShape(body);
      expect(body.error.code).toBe('notice_not_found');
      expect(JSON.stringify(body)).not.toContain('Announced next week');
      expect(response.headers.get('ETag')).toBeNull();
      // The same answer as a version that was never published.
      const never = await api(path.replaceAll('2', '3'), { headers: { Origin: CLINIC_ORIGIN } });
      expect(((await never.json()) as { error: { message: string } }).error.message).toBe(
        body.error.message.replaceAll('2', '3'),
      );
    }
    const current = await api(`/v1/sites/${SITE}/notices/current`);
    expect(((await current.json()) as { version: number }).version).toBe(1);
  });

  it('is still there for the site’s admins', async () => {
    const pinned = await admin(`/v1/admin/sites/${SITE}/notices/2`, 'GET');
    expect(pinned.status).toBe(200);
    expect(await pinned.text()).toContain('Announced next week');
    const { versions } = (await (await admin(`/v1/admin/sites/${SITE}/notices`, 'GET')).json()) as {
      versions: NoticeHistoryEntry[];
    };
    expect(versions.map((entry) => [entry.version, entry.state])).toEqual([
      [2, 'scheduled'],
      [1, 'current'],
    ]);
    expect((await admin(`/v1/admin/sites/${SITE}/notices/1/diff/2`, 'GET')).status).toBe(200);
  });
});

/** The daily run, as Cloudflare starts it, for the time `at` (ms). */
async function runScheduled(at: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '17 3 * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function states(site: string): Promise<[number, string][]> {
  const { versions } = (await (await admin(`/v1/admin/sites/${site}/notices`, 'GET')).json()) as {
    versions: NoticeHistoryEntry[];
  };
  return versions.map((entry) => [entry.version, entry.state]);
}

describe('the scheduled run', () => {
  const site = 'schedule-run';
  const inAnHour = Date.now() + 3_600_000;

  beforeAll(async () => {
    await createSite(site);
    const scheduled = await admin(`/v1/admin/sites/${site}/notices`, 'POST', {
      source: noticeSource(site, { wording: 'In force from the top of the hour.', extraCookie: true }),
      effectiveAt: new Date(inAnHour).toISOString(),
    });
    expect(scheduled.status).toBe(201);
  });

  it('at its own time or before a version is due, changes nothing', async () => {
    await runScheduled(Date.now());
    await runScheduled(inAnHour - 60_000);
    expect(await states(site)).toEqual([
      [2, 'scheduled'],
      [1, 'current'],
    ]);
    expect((await api(`/v1/sites/${site}/notices/2`, { headers: { Origin: CLINIC_ORIGIN } })).status).toBe(404);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM notice_clocks').first('n')).toBe(0);
  });

  it('run for the version’s time, puts it in force everywhere the public reads it', async () => {
    await runScheduled(inAnHour);
    expect(await states(site)).toEqual([
      [2, 'current'],
      [1, 'superseded'],
    ]);
    const headers = { Origin: CLINIC_ORIGIN };
    expect(
      ((await (await api(`/v1/sites/${site}/notices/current`, { headers })).json()) as { version: number }).version,
    ).toBe(2);
    expect(
      ((await (await api(`/v1/sites/${site}/config`, { headers })).json()) as { notice: { version: number } }).notice
        .version,
    ).toBe(2);
    const { versions } = (await (await api(`/v1/sites/${site}/notices`, { headers })).json()) as {
      versions: NoticeVersionSummary[];
    };
    expect(versions.map((version) => [version.version, version.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await (await api(`/v1/sites/${site}/notices/2`, { headers })).text()).toContain(
      'In force from the top of the hour.',
    );
    expect(await (await api(`/v1/sites/${site}/privacy?version=2`, { headers })).text()).toContain(
      'In force from the top of the hour.',
    );
  });

  it('takes a decision on the version it put in force, as the public reads see it', async () => {
    // The widget stamps its decision with the browser's clock, which the run has left behind.
    const decidedAt = new Date().toISOString();
    const onCurrent = await postReceipt(site, receiptRequest({ noticeVersion: 2, decidedAt }));
    expect(onCurrent.status).toBe(201);
    const body = (await onCurrent.json()) as ReceiptResponse;
    expect(body.receipt.noticeVersion).toBe(2);
    expect(body.receipt.decidedAt).toBe(decidedAt);
    // Without a decidedAt (the Worker's own time) it is taken too.
    expect((await postReceipt(site, receiptRequest({ noticeVersion: 2 }))).status).toBe(201);
    // The version it replaced is within its grace period, as after any change.
    expect((await postReceipt(site, receiptRequest({ noticeVersion: 1, decidedAt }))).status).toBe(201);
  });

  it('leaves alone a version due after the run’s time, on another site', async () => {
    expect(await states(SITE)).toEqual([
      [2, 'scheduled'],
      [1, 'current'],
    ]);
    expect((await api(`/v1/sites/${SITE}/notices/2`, { headers: { Origin: CLINIC_ORIGIN } })).status).toBe(404);
  });
});
