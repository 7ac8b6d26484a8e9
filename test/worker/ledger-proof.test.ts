import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ConsentReceipt, ReceiptResponse } from '../../contract/api.js';
import type { LedgerCheck, LedgerExport, SignedHead } from '../../contract/ledger.js';
import { chainHash, GENESIS_HASH } from '../../worker/crypto/chain.js';
import { createSigner, verifyJws, type Jwks } from '../../worker/crypto/jws.js';
import { verifyExport } from '../../worker/crypto/verify-export.js';
import { insertReceipt } from '../../worker/storage/receipts.js';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, postReceipt, receiptRequest } from './helpers.js';

async function jwks(): Promise<Jwks> {
  return (await (await api('/.well-known/jwks.json')).json()) as Jwks;
}

async function verify(site: string, body?: unknown): Promise<LedgerCheck> {
  const response = await admin(`/v1/admin/sites/${site}/ledger/verify`, 'POST', body);
  expect(response.status).toBe(200);
  return (await response.json()) as LedgerCheck;
}

async function postMany(site: string, count: number): Promise<ReceiptResponse[]> {
  const bodies: ReceiptResponse[] = [];
  for (let i = 0; i < count; i++) {
    const response = await postReceipt(site, receiptRequest());
    expect(response.status).toBe(201);
    bodies.push((await response.json()) as ReceiptResponse);
  }
  return bodies;
}

async function head(site: string): Promise<SignedHead> {
  const response = await api(`/v1/sites/${site}/ledger/head`);
  expect(response.status).toBe(200);
  return (await response.json()) as SignedHead;
}

async function auditCount(site: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM audit_log WHERE site_id = ?')
    .bind(site)
    .first<{ n: number }>();
  return row!.n;
}

/** What an operator with the database (not the key) can do: drop the guard triggers. */
async function dropGuards(): Promise<void> {
  await env.DB.batch([
    env.DB.prepare('DROP TRIGGER IF EXISTS receipts_append_only'),
    env.DB.prepare('DROP TRIGGER IF EXISTS receipts_delete_sealed_only'),
    env.DB.prepare('DROP TRIGGER IF EXISTS checkpoints_immutable_update'),
    env.DB.prepare('DROP TRIGGER IF EXISTS checkpoints_immutable_delete'),
  ]);
}

async function storedReceipts(site: string): Promise<ConsentReceipt[]> {
  const { results } = await env.DB.prepare('SELECT id FROM receipts WHERE site_id = ? ORDER BY seq')
    .bind(site)
    .all<{ id: string }>();
  const receipts: ConsentReceipt[] = [];
  for (const { id } of results) {
    receipts.push(((await (await api(`/v1/receipts/${id}`)).json()) as ReceiptResponse).receipt);
  }
  return receipts;
}

describe('verify checks every row against its own signature', () => {
  it('names the row whose choices were rewritten with every later hash recomputed', async () => {
    const site = 'proof-rewrite';
    await createSite(site);
    await postMany(site, 5);
    await dropGuards();
    // The operator rewrites seq 3's choices, then recomputes hash and prev_hash from there on,
    // so that the hash chain alone is whole again.
    let prevHash = (await storedReceipts(site))[1]!.hash;
    for (const receipt of (await storedReceipts(site)).slice(2)) {
      const { hash: _old, ...fields } = receipt;
      const rewritten = {
        ...fields,
        prevHash,
        choices: receipt.seq === 3 ? { functional: true, analytics: true, marketing: true } : fields.choices,
      };
      const hash = await chainHash(rewritten);
      await env.DB.prepare('UPDATE receipts SET choices = ?, prev_hash = ?, hash = ? WHERE id = ?')
        .bind(JSON.stringify(rewritten.choices), prevHash, hash, receipt.receiptId)
        .run();
      prevHash = hash;
    }
    expect(await verify(site)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      checked: 2,
      reason: 'the stored receipt differs from what was signed',
    });
  });

  it('names the row whose JWS was swapped for another row’s', async () => {
    const site = 'proof-swap';
    await createSite(site);
    await postMany(site, 3);
    await dropGuards();
    await env.DB.prepare(
      `UPDATE receipts SET jws = (SELECT jws FROM receipts WHERE site_id = ?1 AND seq = 1) WHERE site_id = ?1 AND seq = 2`,
    )
      .bind(site)
      .run();
    expect(await verify(site)).toMatchObject({ ok: false, brokenSeq: 2, reason: expect.stringContaining('differs') });
  });

  it('refuses a receipt its retired key signed after retirement, and keeps one it signed before', async () => {
    const site = 'proof-retired';
    await createSite(site);
    const [first] = await postMany(site, 1);
    const retired = await createSigner(env.TEST_RETIRED_SIGNING_KEY);
    const append = async (seq: number, prevHash: string, recordedAt: string) => {
      const unsigned = {
        ...first!.receipt,
        receiptId: crypto.randomUUID(),
        seq,
        prevHash,
        recordedAt,
        decidedAt: recordedAt,
      };
      const receipt = { ...unsigned, hash: await chainHash(unsigned) };
      const jws = await retired.sign(receipt);
      // The same consent as the row before it, which is this consent's latest receipt.
      const stored = { receipt, idempotencyKey: crypto.randomUUID(), kid: retired.kid, jws };
      expect(await insertReceipt(env.DB, stored, seq - 1)).toBe(true);
      return receipt;
    };
    // Signed while it was in service (the key's retirement is 2025-01-01): still verifies.
    const before = await append(2, first!.receipt.hash, '2024-12-31T23:00:00.000Z');
    expect(await verify(site)).toMatchObject({ ok: true, lastSeq: 2 });
    // Someone who kept the retired key signs a new row: not accepted.
    await append(3, before.hash, new Date().toISOString());
    expect(await verify(site)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: expect.stringContaining('after it was retired'),
    });
  });

  it('checks checkpoints the same way: signed columns, key in service', async () => {
    const site = 'proof-checkpoint';
    await createSite(site);
    const [first] = await postMany(site, 1);
    const retired = await createSigner(env.TEST_RETIRED_SIGNING_KEY);
    const createdAt = new Date().toISOString();
    const payload = { type: 'candour-checkpoint', site, throughSeq: 1, throughHash: first!.receipt.hash, createdAt };
    await env.DB.prepare(
      'INSERT INTO checkpoints (site_id, through_seq, through_hash, created_at, kid, jws) VALUES (?, 1, ?, ?, ?, ?)',
    )
      .bind(site, first!.receipt.hash, createdAt, retired.kid, await retired.sign(payload))
      .run();
    expect(await verify(site)).toMatchObject({
      ok: false,
      brokenSeq: 1,
      reason: expect.stringContaining('after it was retired'),
    });
  });
});

describe('the signed ledger head', () => {
  it('is public, signed with the receipt key, never cached, and genesis for an empty ledger', async () => {
    const site = 'proof-head';
    await createSite(site);
    const empty = await head(site);
    expect(empty.head).toMatchObject({ type: 'candour-ledger-head', site, seq: 0, hash: GENESIS_HASH });
    const receipts = await postMany(site, 2);
    const response = await api(`/v1/sites/${site}/ledger/head`, { headers: { Origin: CLINIC_ORIGIN } });
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
    const signed = (await response.json()) as SignedHead;
    expect(signed.head).toMatchObject({ seq: 2, hash: receipts[1]!.receipt.hash });
    expect(await verifyJws(signed.jws, await jwks())).toMatchObject({
      valid: true,
      kid: 'test-current',
      payload: signed.head,
    });
    const stranger = await api(`/v1/sites/${site}/ledger/head`, { headers: { Origin: 'https://stranger.test' } });
    expect(stranger.status).toBe(403);
    expectErrorShape(await stranger.json());
  });

  it('catches a cut tail that the chain alone cannot see', async () => {
    const site = 'proof-cut';
    await createSite(site);
    await postMany(site, 5);
    const saved = await head(site);
    await dropGuards();
    await env.DB.prepare('DELETE FROM receipts WHERE site_id = ? AND seq >= 4').bind(site).run();
    // Without the head the shortened ledger is a perfect chain: this is why the head exists.
    expect(await verify(site)).toMatchObject({ ok: true, lastSeq: 3 });
    expect(await verify(site, saved)).toMatchObject({
      ok: false,
      brokenSeq: 4,
      reason: expect.stringContaining('sequence 5'),
      head: { contained: false, seq: 5 },
    });
    // A later head (seq 3 again) is contained, by the row at 3.
    expect(await verify(site, await head(site))).toMatchObject({ ok: true, head: { contained: true, seq: 3 } });
  });

  it('is verified before it is trusted: a forged or foreign head is refused and nothing is logged', async () => {
    const site = 'proof-forged';
    await createSite(site);
    await createSite('proof-forged-other');
    await postMany(site, 2);
    const saved = await head(site);
    const before = await auditCount(site);
    for (const body of [
      { head: { ...saved.head, seq: 1 }, jws: saved.jws },
      { head: saved.head, jws: `${saved.jws.split('.').slice(0, 2).join('.')}.AAAA` },
      await head('proof-forged-other'),
    ]) {
      const response = await admin(`/v1/admin/sites/${site}/ledger/verify`, 'POST', body);
      expect(response.status).toBe(400);
      const error = await response.json();
      expectErrorShape(error);
      expect(error.error.code).toBe('head_not_verified');
    }
    const bad = await admin(`/v1/admin/sites/${site}/ledger/verify`, 'POST', { head: 'x' });
    expect(bad.status).toBe(400);
    expectErrorShape(await bad.json());
    expect(await auditCount(site)).toBe(before);
    // Verifying is a POST: a GET (a link, a prefetch) does nothing and logs nothing.
    expect((await admin(`/v1/admin/sites/${site}/ledger/verify`, 'GET')).status).toBe(404);
    expect(await auditCount(site)).toBe(before);
    expect(await verify(site, saved)).toMatchObject({ ok: true, head: { contained: true, seq: 2 } });
    expect(await auditCount(site)).toBe(before + 1);
  });
});

describe('the ledger export', () => {
  it('carries every row, its JWS and kid, and checks offline with the JWKS alone', async () => {
    const site = 'proof-export';
    await createSite(site);
    const posted = await postMany(site, 3);
    const response = await admin(`/v1/admin/sites/${site}/ledger/export`, 'POST');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('Content-Disposition')).toContain(`candour-${site}-ledger-`);
    const data = (await response.json()) as LedgerExport;
    expect(data).toMatchObject({ format: 'candour-ledger-export', version: 1, site, checkpoint: null });
    expect(data.receipts.map((row) => row.receipt.receiptId)).toEqual(posted.map((body) => body.receiptId));
    expect(data.receipts.map((row) => row.jws)).toEqual(posted.map((body) => body.jws));
    expect(data.receipts.every((row) => row.kid === 'test-current')).toBe(true);
    expect(await verifyExport(data, await jwks(), await head(site))).toMatchObject({ ok: true, lastSeq: 3 });
    const { entries } = (await (await admin(`/v1/admin/audit?site=${site}`, 'GET')).json()) as {
      entries: { action: string }[];
    };
    expect(entries[0]!.action).toBe('ledger.export');
  });
});
