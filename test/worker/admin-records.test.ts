import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsentReceipt } from '../../contract/api.js';
import { csvCell } from '../../worker/routes/admin-records.js';
import { admin, createSite, expectErrorShape, postReceipt, receiptRequest } from './helpers.js';

const SITE = 'records-clinic';
const BULK = 'bulk-clinic';
const BULK_ROWS = 1234;

async function list(query = ''): Promise<{ receipts: ConsentReceipt[]; next: number | null }> {
  const response = await admin(`/v1/admin/sites/${SITE}/receipts${query}`, 'GET');
  expect(response.status).toBe(200);
  return (await response.json()) as { receipts: ConsentReceipt[]; next: number | null };
}

/**
 * Bulk rows straight into D1 (one statement) so that an export spans several pages. Their chain
 * is not valid, which an export does not check. Days run back from 2026-04-05, 100 rows a day, into March.
 */
async function insertBulk(site: string, rows: number): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
     INSERT INTO receipts (id, site_id, seq, consent_id, idempotency_key, event, method, choices,
       notice_version, notice_hash, cookie_revision, language, gpc, page, browser, country,
       decided_at, recorded_at, prev_hash, hash, kid, jws)
     SELECT printf('bulk-%05d', i), ?1, i, printf('consent-%05d', i), printf('key-%05d', i),
       CASE WHEN i % 2 = 0 THEN 'given' ELSE 'refused' END, 'preferences',
       CASE WHEN i % 2 = 0 THEN '{"functional":false,"analytics":true,"marketing":false}'
            ELSE '{"functional":false,"analytics":false,"marketing":false}' END,
       1, 'h', 'r', 'en-GB', 0,
       CASE WHEN i = 1 THEN '=HYPERLINK("https://evil.test","click")' ELSE 'https://clinic.test/' END,
       'chromium-desktop', 'GB',
       strftime('%Y-%m-%dT%H:%M:%fZ', '2026-04-05T12:00:00Z', printf('-%d days', (i - 1) / 100)),
       strftime('%Y-%m-%dT%H:%M:%fZ', '2026-04-05T12:00:00Z', printf('-%d days', (i - 1) / 100)),
       '0', printf('%064d', i), 'k', 'j'
     FROM n`,
  )
    .bind(site, rows)
    .run();
}

beforeAll(async () => {
  await createSite(SITE);
  for (const choices of [{ analytics: true }, { analytics: false }, { analytics: true }]) {
    expect((await postReceipt(SITE, receiptRequest({ choices }))).status).toBe(201);
  }
  await createSite(BULK);
  await insertBulk(BULK, BULK_ROWS);
});

describe('consent records', () => {
  it('lists receipts newest first, a page at a time', async () => {
    const all = await list();
    expect(all.receipts.map((receipt) => receipt.seq)).toEqual([3, 2, 1]);
    const first = await list('?limit=2');
    expect(first.receipts.map((receipt) => receipt.seq)).toEqual([3, 2]);
    expect(first.next).toBe(2);
    const second = await list(`?limit=2&before=${first.next}`);
    expect(second.receipts.map((receipt) => receipt.seq)).toEqual([1]);
    expect(second.next).toBeNull();
  });

  it('filters by event, by a category’s answer and by date', async () => {
    expect((await list('?event=refused')).receipts.map((receipt) => receipt.seq)).toEqual([2]);
    expect((await list('?category=analytics&choice=granted')).receipts.map((receipt) => receipt.seq)).toEqual([3, 1]);
    expect((await list('?category=analytics&choice=refused')).receipts.map((receipt) => receipt.seq)).toEqual([2]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}`)).receipts).toHaveLength(3);
    expect((await list('?to=2020-01-01')).receipts).toHaveLength(0);
  });

  it('refuses a bad filter with 400 and the issue', async () => {
    for (const query of [
      '?event=maybe',
      '?category=cookies',
      '?from=yesterday',
      '?choice=granted',
      '?from=2026-02-01&to=2026-01-01',
      '?colour=red',
    ]) {
      const response = await admin(`/v1/admin/sites/${SITE}/receipts${query}`, 'GET');
      expect(response.status, query).toBe(400);
      expectErrorShape(await response.json());
    }
    // A rule between two parameters names the one to change.
    for (const [query, path] of [
      ['?choice=granted', 'choice'],
      ['?from=2026-02-01&to=2026-01-01', 'to'],
      ['?from=2026-02-01T10:00:00Z&to=2026-02-01T09:00:00Z', 'to'],
    ]) {
      const body = await (await admin(`/v1/admin/sites/${SITE}/receipts${query}`, 'GET')).json();
      expectErrorShape(body);
      expect(
        body.error.issues?.map((issue) => issue.path),
        query,
      ).toEqual([path]);
    }
  });

  it('gives consent rates per category and day', async () => {
    const response = await admin(`/v1/admin/sites/${BULK}/receipts/rates?from=2026-03-30&to=2026-03-31`, 'GET');
    const rates = (await response.json()) as {
      categories: string[];
      days: { day: string; decisions: number; granted: Record<string, number> }[];
    };
    expect(rates.categories).toEqual(['analytics']);
    expect(rates.days).toEqual([
      { day: '2026-03-30', decisions: 100, granted: { functional: 0, analytics: 50, marketing: 0 } },
      { day: '2026-03-31', decisions: 100, granted: { functional: 0, analytics: 50, marketing: 0 } },
    ]);
  });
});

describe('exports', () => {
  it('streams every matching receipt as CSV, across pages, with formulas defused, and logs the export', async () => {
    const response = await admin(`/v1/admin/sites/${BULK}/receipts/export?format=csv`, 'POST');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="candour-bulk-clinic-receipts-.*\.csv"$/,
    );
    expect(response.headers.get('Content-Length')).toBeNull();
    // Read it chunk by chunk, as a browser would: more than one chunk means it was not built whole.
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(BULK_ROWS + 1);
    expect(lines[0]).toBe(
      'recorded_at,decided_at,receipt_id,seq,event,method,functional,analytics,marketing,notice_version,gpc,language,page,browser,country,consent_id,hash',
    );
    expect(lines[1]).toContain(`"'=HYPERLINK(""https://evil.test"",""click"")"`);
    expect(lines[2]).toContain(',given,preferences,refused,granted,refused,1,false,en-GB,https://clinic.test/,');
    const { entries } = (await (await admin(`/v1/admin/audit?site=${BULK}`, 'GET')).json()) as {
      entries: { action: string; detail: { format: string } }[];
    };
    expect(entries[0]).toMatchObject({ action: 'receipts.export', detail: { format: 'csv' } });
  });

  it('exports a month as CSV with only that month’s receipts', async () => {
    const text = await (
      await admin(`/v1/admin/sites/${BULK}/receipts/export?format=csv&from=2026-03-01&to=2026-03-31`, 'POST')
    ).text();
    const rows = text.trimEnd().split('\r\n').slice(1);
    // Rows 501…1234 fall on 24–31 March; rows 1…500 on 1–5 April.
    expect(rows).toHaveLength(BULK_ROWS - 500);
    expect(rows.every((row) => row.startsWith('2026-03-'))).toBe(true);
  });

  it('exports Kantara v1.1 receipts as one JSON array', async () => {
    const response = await admin(`/v1/admin/sites/${SITE}/receipts/export?format=kantara`, 'POST');
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    const receipts = (await response.json()) as { version: string; consentReceiptID: string; services: unknown[] }[];
    expect(receipts).toHaveLength(3);
    expect(receipts.every((receipt) => receipt.version === 'KI-CR-v1.1.0')).toBe(true);
    const bulk = (await (
      await admin(`/v1/admin/sites/${BULK}/receipts/export?format=kantara&event=given`, 'POST')
    ).json()) as unknown[];
    expect(bulk).toHaveLength(BULK_ROWS / 2);
  });

  it('quotes CSV cells that need it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(null)).toBe('');
  });
});
