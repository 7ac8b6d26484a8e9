import { beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptRequest, ReceiptResponse } from '../../contract/api.js';
import {
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  layOutNoticeHistory,
  postReceipt,
  receiptCount,
  receiptRequest,
  type ErrorBody,
} from './helpers.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SITE = 'rules-clinic';
const OTHER_ORIGIN = 'https://www.clinic.test';
/** Sites whose notice history is laid out in time: see beforeAll. */
const HISTORY = 'rules-history';
const SETTLED = 'rules-settled';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

beforeAll(async () => {
  await createSite(SITE, [CLINIC_ORIGIN, OTHER_ORIGIN]);
  // v1 60 days ago, v2 20 days ago, v3 (current) 3 days ago, v4 scheduled for 2 days from now.
  await layOutNoticeHistory(SITE, HISTORY, [ago(60 * DAY), ago(20 * DAY), ago(3 * DAY), ahead(2 * DAY)]);
  // One version, in force for 90 days: only the time window limits decisions on it.
  await layOutNoticeHistory(SITE, SETTLED, [ago(90 * DAY)]);
});

async function refused(site: string, body: unknown, origin: string | null = CLINIC_ORIGIN): Promise<[number, string]> {
  const before = await receiptCount();
  const response = await postReceipt(site, body, origin);
  const answer = await response.json();
  expectErrorShape(answer);
  expect(await receiptCount(), JSON.stringify(body)).toBe(before);
  return [response.status, answer.error.code];
}

describe('where a receipt comes from', () => {
  it('refuses a post with no Origin header with 403, storing nothing', async () => {
    expect(await refused(SITE, receiptRequest(), null)).toEqual([403, 'origin_required']);
  });

  it('refuses a post without pageUrl', async () => {
    const { pageUrl: _omitted, ...body } = receiptRequest();
    expect(await refused(SITE, body)).toEqual([400, 'invalid_body']);
  });

  it('refuses a pageUrl on another origin than the one that posted, registered or not', async () => {
    for (const pageUrl of [
      `${OTHER_ORIGIN}/contact`,
      'https://stranger.example/contact',
      'http://clinic.test/contact',
      'https://clinic.test:8443/contact',
      'https://clinic.test.evil.example/contact',
    ]) {
      expect(await refused(SITE, receiptRequest({ pageUrl })), pageUrl).toEqual([400, 'page_not_on_origin']);
    }
    for (const pageUrl of ['javascript:alert(1)', 'data:text/html,x']) {
      const [status] = await refused(SITE, receiptRequest({ pageUrl }));
      expect(status, pageUrl).toBe(400);
    }
  });

  it('records a page on the posting origin, keeping origin and path only', async () => {
    for (const [origin, pageUrl] of [
      [CLINIC_ORIGIN, 'https://CLINIC.test/contact?name=Jane#form'],
      [OTHER_ORIGIN, `${OTHER_ORIGIN}/book`],
    ] as const) {
      const response = await postReceipt(SITE, receiptRequest({ pageUrl }), origin);
      expect(response.status).toBe(201);
      expect(((await response.json()) as ReceiptResponse).receipt.page).toBe(`${origin}${new URL(pageUrl).pathname}`);
    }
  });
});

describe('when a decision was taken', () => {
  it('takes a decision from up to 30 days ago, and up to 5 minutes ahead of the Worker’s clock', async () => {
    for (const decidedAt of [ago(29 * DAY), ago(MINUTE), ahead(4 * MINUTE)]) {
      const response = await postReceipt(SETTLED, receiptRequest({ decidedAt }));
      expect(response.status, decidedAt).toBe(201);
      expect(((await response.json()) as ReceiptResponse).receipt.decidedAt).toBe(decidedAt);
    }
  });

  it('refuses one older than the offline window or later than the clock skew allows', async () => {
    for (const decidedAt of [ago(31 * DAY), ago(365 * DAY), '1970-01-01T00:00:00Z', ahead(10 * MINUTE), ahead(DAY)]) {
      expect(await refused(SETTLED, receiptRequest({ decidedAt })), decidedAt).toEqual([
        400,
        'decided_at_out_of_range',
      ]);
    }
  });

  it('stores the time in UTC, and the time of recording when the widget sent none', async () => {
    // Two hours ago, written as the wall-clock time an hour east of UTC.
    const instant = Date.now() - 2 * 3_600_000;
    const offset = `${new Date(instant + 3_600_000).toISOString().slice(0, 19)}+01:00`;
    const withOffset = await postReceipt(SETTLED, receiptRequest({ decidedAt: offset }));
    expect(withOffset.status).toBe(201);
    const receipt = ((await withOffset.json()) as ReceiptResponse).receipt;
    expect(Date.parse(receipt.decidedAt)).toBe(Math.floor(instant / 1000) * 1000);
    expect(receipt.decidedAt).toMatch(/Z$/);
    const { decidedAt: _none, ...body } = receiptRequest();
    const without = ((await (await postReceipt(SETTLED, body)).json()) as ReceiptResponse).receipt;
    expect(without.decidedAt).toBe(without.recordedAt);
  });
});

describe('which notice version a decision answers', () => {
  const accepted: [string, Partial<ReceiptRequest>][] = [
    ['the current version, decided now', { noticeVersion: 3 }],
    [
      'the current version, decided 4 minutes before it took effect (clock skew)',
      { noticeVersion: 3, decidedAt: ago(3 * DAY + 4 * MINUTE) },
    ],
    [
      'the previous version, decided while it was current and sent after the change (offline queue)',
      { noticeVersion: 2, decidedAt: ago(4 * DAY) },
    ],
    ['the previous version, decided on a page loaded before the change (grace)', { noticeVersion: 2 }],
    [
      'an older version, decided while it was current, within the offline window',
      { noticeVersion: 1, decidedAt: ago(25 * DAY) },
    ],
  ];
  for (const [name, overrides] of accepted) {
    it(`takes ${name}`, async () => {
      const response = await postReceipt(HISTORY, receiptRequest(overrides));
      expect(response.status).toBe(201);
      expect(((await response.json()) as ReceiptResponse).receipt.noticeVersion).toBe(overrides.noticeVersion);
    });
  }

  const refusedCases: [string, Partial<ReceiptRequest>][] = [
    ['a version scheduled but not yet in force', { noticeVersion: 4 }],
    ['a scheduled version, claiming a decision in its future', { noticeVersion: 4, decidedAt: ahead(4 * MINUTE) }],
    ['a version long superseded, decided now', { noticeVersion: 1 }],
    [
      'a version decided on more than the grace period after it was superseded',
      { noticeVersion: 1, decidedAt: ago(12 * DAY) },
    ],
    ['the current version, decided before it took effect', { noticeVersion: 3, decidedAt: ago(4 * DAY) }],
  ];
  for (const [name, overrides] of refusedCases) {
    it(`refuses ${name} with 400 notice_not_in_force, storing nothing`, async () => {
      expect(await refused(HISTORY, receiptRequest(overrides))).toEqual([400, 'notice_not_in_force']);
    });
  }

  it('still answers a version never published with unknown_notice_version', async () => {
    expect(await refused(HISTORY, receiptRequest({ noticeVersion: 9 }))).toEqual([400, 'unknown_notice_version']);
  });
});

describe('a replayed idempotency key', () => {
  it('returns the first receipt for the same request, however often it comes', async () => {
    const request = receiptRequest({ decidedAt: ago(MINUTE) });
    const first = await postReceipt(SITE, request);
    expect(first.status).toBe(201);
    const { receiptId } = (await first.json()) as ReceiptResponse;
    const before = await receiptCount(SITE);
    // The query and fragment are not kept, so a page address differing only there is the same page.
    for (const again of [request, { ...request, pageUrl: `${CLINIC_ORIGIN}/contact` }]) {
      const response = await postReceipt(SITE, again);
      expect(response.status).toBe(200);
      expect(((await response.json()) as ReceiptResponse).receiptId).toBe(receiptId);
    }
    const { decidedAt: _none, ...undated } = receiptRequest();
    expect((await postReceipt(SITE, undated)).status).toBe(201);
    expect((await postReceipt(SITE, undated)).status).toBe(200);
    expect(await receiptCount(SITE)).toBe(before + 1);
  });

  it('refuses the same key with a different body with 409 idempotency_conflict, storing nothing', async () => {
    const request = receiptRequest({ decidedAt: ago(MINUTE), noticeVersion: 3 });
    expect((await postReceipt(HISTORY, request)).status).toBe(201);
    const changes: Partial<ReceiptRequest>[] = [
      { choices: { analytics: false } },
      { choices: {} },
      { consentId: crypto.randomUUID() },
      { method: 'preferences' },
      { noticeVersion: 2 },
      { language: 'cy' },
      { gpc: true },
      { pageUrl: `${CLINIC_ORIGIN}/another-page` },
      { decidedAt: ago(2 * MINUTE) },
      { decidedAt: undefined },
    ];
    for (const change of changes) {
      const [status, code] = await refused(HISTORY, { ...request, ...change });
      expect([status, code], JSON.stringify(change)).toEqual([409, 'idempotency_conflict']);
    }
    // The Sec-GPC header counts as the signal too, so it changes the request.
    const withHeader = await api(`/v1/sites/${HISTORY}/receipts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: CLINIC_ORIGIN, 'Sec-GPC': '1' },
      body: JSON.stringify(request),
    });
    expect(withHeader.status).toBe(409);
    expect(((await withHeader.json()) as ErrorBody).error.code).toBe('idempotency_conflict');
    expect((await postReceipt(HISTORY, request)).status).toBe(200);
  });
});
