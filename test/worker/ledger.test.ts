import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ReceiptResponse } from '../../contract/api.js';
import type { LedgerCheck } from '../../contract/ledger.js';
import type { Jwks } from '../../worker/crypto/jws.js';
import { verifyReceipt } from '../../worker/crypto/verify-receipt.js';
import worker from '../../worker/index.js';
import {
  admin,
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  postReceipt,
  receiptCount,
  receiptRequest,
} from './helpers.js';

async function jwks(): Promise<Jwks> {
  return (await (await api('/.well-known/jwks.json')).json()) as Jwks;
}

async function verify(site: string, head?: unknown) {
  const response = await admin(`/v1/admin/sites/${site}/ledger/verify`, 'POST', head);
  expect(response.status).toBe(200);
  return (await response.json()) as LedgerCheck;
}

async function post(site: string, overrides: Parameters<typeof receiptRequest>[0] = {}): Promise<ReceiptResponse> {
  const response = await postReceipt(site, receiptRequest(overrides));
  expect(response.status).toBe(201);
  return (await response.json()) as ReceiptResponse;
}

describe('signed receipts', () => {
  it('verifies each receipt with nothing but the published JWKS, which keeps retired keys', async () => {
    await createSite('ledger-sign');
    const body = await post('ledger-sign');
    const keys = await jwks();
    expect(keys.keys.map((key) => key.kid)).toEqual(['test-current', 'test-retired']);
    expect(keys.keys.every((key) => !('d' in key))).toBe(true);
    const check = await verifyReceipt(body, keys);
    expect(check).toMatchObject({ valid: true, kid: 'test-current' });
    const forged = { ...body, receipt: { ...body.receipt, choices: { ...body.receipt.choices, analytics: false } } };
    expect((await verifyReceipt(forged, keys)).valid).toBe(false);
  });

  it('derives the event from the consent id’s history', async () => {
    await createSite('ledger-events');
    const consentId = crypto.randomUUID();
    const events = [];
    for (const choices of [{ analytics: true }, { analytics: true }, { analytics: false }, { analytics: false }]) {
      events.push((await post('ledger-events', { consentId, choices })).receipt.event);
    }
    expect(events).toEqual(['given', 'updated', 'withdrawn', 'refused']);
    expect((await post('ledger-events', { choices: { analytics: false }, method: 'reject-all' })).receipt.event).toBe(
      'refused',
    );
  });
});

describe('the hash chain', () => {
  it('links each receipt to the one before and verifies', async () => {
    await createSite('ledger-chain');
    const first = await post('ledger-chain');
    const second = await post('ledger-chain');
    expect(first.receipt.seq).toBe(1);
    expect(first.receipt.prevHash).toBe('0'.repeat(64));
    expect(second.receipt.seq).toBe(2);
    expect(second.receipt.prevHash).toBe(first.receipt.hash);
    expect(await verify('ledger-chain')).toMatchObject({ ok: true, checked: 2, lastSeq: 2 });
  });

  it('names the exact sequence number of a row changed behind its back', async () => {
    await createSite('ledger-tamper');
    for (let i = 0; i < 5; i++) await post('ledger-tamper');
    // An attacker with database access first has to get past the trigger…
    await expect(
      env.DB.prepare("UPDATE receipts SET choices = '{}' WHERE site_id = 'ledger-tamper' AND seq = 3").run(),
    ).rejects.toThrow(/append-only/);
    // …and even then the chain gives them away.
    await env.DB.batch([
      env.DB.prepare('DROP TRIGGER receipts_append_only'),
      env.DB.prepare(
        `UPDATE receipts SET choices = '{"functional":false,"analytics":true,"marketing":true}'
         WHERE site_id = 'ledger-tamper' AND seq = 3`,
      ),
      env.DB.prepare(
        "CREATE TRIGGER receipts_append_only BEFORE UPDATE ON receipts BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END",
      ),
    ]);
    expect(await verify('ledger-tamper')).toMatchObject({ ok: false, brokenSeq: 3, checked: 2 });
  });
});

describe('idempotency', () => {
  it('answers a retried post with the first receipt and stores nothing new', async () => {
    await createSite('ledger-retry');
    const request = receiptRequest();
    const first = await postReceipt('ledger-retry', request);
    expect(first.status).toBe(201);
    const before = await receiptCount('ledger-retry');
    const again = await postReceipt('ledger-retry', request);
    expect(again.status).toBe(200);
    expect(((await again.json()) as ReceiptResponse).receiptId).toBe(
      ((await first.json()) as ReceiptResponse).receiptId,
    );
    expect(await receiptCount('ledger-retry')).toBe(before);
  });
});

describe('concurrent writes', () => {
  it('keeps 200 parallel posts gap-free, unique and verifiable', async () => {
    await createSite('ledger-parallel');
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => postReceipt('ledger-parallel', receiptRequest())),
    );
    expect(responses.map((response) => response.status).every((status) => status === 201)).toBe(true);
    const { results } = await env.DB.prepare(
      "SELECT seq FROM receipts WHERE site_id = 'ledger-parallel' ORDER BY seq",
    ).all<{ seq: number }>();
    expect(results.map((row) => row.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await verify('ledger-parallel')).toMatchObject({ ok: true, checked: 200, lastSeq: 200 });
  });
});

describe('retention', () => {
  it('removes expired receipts only behind a signed checkpoint, and the rest still verifies', async () => {
    await createSite('ledger-retention');
    for (let i = 0; i < 4; i++) await post('ledger-retention');
    // Without a checkpoint, nothing may be removed.
    await expect(env.DB.prepare("DELETE FROM receipts WHERE site_id = 'ledger-retention'").run()).rejects.toThrow(
      /append-only/,
    );

    // Run the cron as if seven years had passed (the default retention is six years).
    const ctx = createExecutionContext();
    const later = Date.now() + 7 * 365 * 86_400_000;
    await worker.scheduled(createScheduledController({ scheduledTime: later, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await receiptCount('ledger-retention')).toBe(0);
    const checkpoint = await env.DB.prepare(
      "SELECT through_seq, jws FROM checkpoints WHERE site_id = 'ledger-retention'",
    ).first<{
      through_seq: number;
      jws: string;
    }>();
    expect(checkpoint?.through_seq).toBe(4);
    const next = await post('ledger-retention');
    expect(next.receipt.seq).toBe(5);
    expect(await verify('ledger-retention')).toMatchObject({
      ok: true,
      checked: 1,
      lastSeq: 5,
      from: { seq: 4, checkpoint: true },
    });
  });

  it('keeps receipts inside the retention period', async () => {
    await createSite('ledger-keep');
    await post('ledger-keep');
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await receiptCount('ledger-keep')).toBe(1);
  });
});

describe('bad input and abuse', () => {
  it('answers 413 for a body over the limit and stores nothing', async () => {
    await createSite('ledger-limits');
    const before = await receiptCount();
    const response = await postReceipt('ledger-limits', { ...receiptRequest(), padding: 'x'.repeat(10_000) });
    expect(response.status).toBe(413);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('payload_too_large');
    expect(await receiptCount()).toBe(before);
  });

  it('sets security headers on every response, errors included', async () => {
    await createSite('ledger-headers');
    for (const response of [
      await api('/v1/sites/ledger-headers/config'),
      await api('/v1/sites/nope-nope/config'),
      await postReceipt('ledger-headers', 'garbage'),
      await api('/.well-known/jwks.json'),
    ]) {
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Strict-Transport-Security')).toContain('max-age');
      expect(response.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with the error shape once one source posts too often, and stores nothing more', async () => {
    await createSite('ledger-flood');
    const source = '203.0.113.7';
    let limited: Response | null = null;
    let stored = 0;
    // The limit counts in fixed 60 s windows: posts that straddle a window's end may take up to
    // twice the limit (2 × 120) before the 429, so the loop goes past that.
    for (let i = 0; i < 250 && !limited; i++) {
      const response = await postReceipt('ledger-flood', receiptRequest(), undefined, source);
      if (response.status === 429) limited = response;
      else stored += 1;
    }
    expect(limited).not.toBeNull();
    const body = await limited!.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('rate_limited');
    expect(await receiptCount('ledger-flood')).toBe(stored);
    // Another visitor is not affected.
    expect((await postReceipt('ledger-flood', receiptRequest())).status).toBe(201);
  });
});

describe('Global Privacy Control', () => {
  it('records the Sec-GPC header even when the widget did not report the signal', async () => {
    await createSite('ledger-gpc');
    const response = await api('/v1/sites/ledger-gpc/receipts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: CLINIC_ORIGIN, 'Sec-GPC': '1' },
      body: JSON.stringify(receiptRequest({ gpc: false, choices: {}, method: 'reject-all' })),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as ReceiptResponse).receipt.gpc).toBe(true);
  });

  it('records a later opt-in after a GPC refusal as consent given', async () => {
    await createSite('ledger-gpc-optin');
    const consentId = crypto.randomUUID();
    expect((await post('ledger-gpc-optin', { consentId, choices: {}, method: 'gpc', gpc: true })).receipt.event).toBe(
      'refused',
    );
    const optIn = await post('ledger-gpc-optin', {
      consentId,
      choices: { analytics: true },
      method: 'preferences',
      gpc: true,
    });
    expect(optIn.receipt).toMatchObject({ event: 'given', gpc: true, method: 'preferences' });
  });
});
