import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeHistoryEntry } from '../../contract/admin.js';
import type { NoticeVersionSummary } from '../../contract/notice.js';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, noticeSource } from './helpers.js';

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
