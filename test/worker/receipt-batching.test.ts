import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ConsentReceipt, ReceiptResponse } from '../../contract/api.js';
import type { LedgerCheck } from '../../contract/ledger.js';
import { chainHash } from '../../worker/crypto/chain.js';
import { createSigner } from '../../worker/crypto/jws.js';
import { insertReceipt } from '../../worker/storage/receipts.js';
import { admin, createSite, postReceipt, receiptCount, receiptRequest } from './helpers.js';

/**
 * Receipt posts read everything in one D1 batch outside the site's queue, and append with one
 * insert that checks the chain itself (worker/ledger.ts). These tests send the races that design
 * has to survive, and check the ledger a verifier would see.
 */
async function verify(site: string): Promise<LedgerCheck> {
  const response = await admin(`/v1/admin/sites/${site}/ledger/verify`, 'POST');
  expect(response.status).toBe(200);
  return (await response.json()) as LedgerCheck;
}

async function chain(site: string): Promise<ConsentReceipt[]> {
  const { results } = await env.DB.prepare(
    'SELECT id, seq, consent_id, event, prev_hash, hash FROM receipts WHERE site_id = ? ORDER BY seq',
  )
    .bind(site)
    .all<{ id: string; seq: number; consent_id: string; event: string; prev_hash: string; hash: string }>();
  return results.map((row) => ({
    receiptId: row.id,
    seq: row.seq,
    consentId: row.consent_id,
    event: row.event,
    prevHash: row.prev_hash,
    hash: row.hash,
  })) as ConsentReceipt[];
}

/** A receipt written as another isolate would: the real head, signed with the Worker's key. */
async function appendElsewhere(site: string, template: ConsentReceipt): Promise<ConsentReceipt> {
  const rows = await chain(site);
  const last = rows[rows.length - 1]!;
  const unsigned = {
    ...template,
    receiptId: crypto.randomUUID(),
    consentId: crypto.randomUUID(),
    seq: last.seq + 1,
    prevHash: last.hash,
  };
  const receipt = { ...unsigned, hash: await chainHash(unsigned) };
  const signer = await createSigner(env.CANDOUR_SIGNING_KEY);
  const stored = { receipt, idempotencyKey: crypto.randomUUID(), kid: signer.kid, jws: await signer.sign(receipt) };
  expect(await insertReceipt(env.DB, stored, null)).toBe(true);
  return receipt;
}

describe('concurrent receipt posts to one site', () => {
  it('land every one, in one gap-free chain that verifies, none lost', async () => {
    const site = 'batch-many';
    await createSite(site);
    const requests = Array.from({ length: 60 }, () => receiptRequest());
    const responses = await Promise.all(requests.map((request) => postReceipt(site, request)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 201));
    const answered = await Promise.all(responses.map(async (response) => (await response.json()) as ReceiptResponse));

    const rows = await chain(site);
    expect(rows.map((row) => row.seq)).toEqual(requests.map((_, i) => i + 1));
    expect(new Set(rows.map((row) => row.receiptId))).toEqual(new Set(answered.map((body) => body.receiptId)));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 60, lastSeq: 60 });
  });

  it('store one receipt for one idempotency key sent many times at once, and answer each with it', async () => {
    const site = 'batch-retries';
    await createSite(site);
    const request = receiptRequest();
    const others = Array.from({ length: 10 }, () => receiptRequest());
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => postReceipt(site, request)),
      ...others.map((other) => postReceipt(site, other)),
    ]);
    const statuses = responses.map((response) => response.status);
    expect(statuses.slice(0, 10).filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.slice(0, 10).filter((status) => status === 200)).toHaveLength(9);
    expect(statuses.slice(10)).toEqual(others.map(() => 201));
    const ids = await Promise.all(
      responses.slice(0, 10).map(async (response) => ((await response.json()) as ReceiptResponse).receiptId),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await receiptCount(site)).toBe(11);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 11 });
  });

  it('derive each decision of one consent from the one before it in the chain, even when sent at once', async () => {
    const site = 'batch-one-consent';
    await createSite(site);
    const consentId = crypto.randomUUID();
    const choices = [true, false, true, true, false, false, true, false];
    const responses = await Promise.all(
      choices.map((analytics) =>
        postReceipt(
          site,
          receiptRequest({ consentId, choices: { analytics }, method: analytics ? 'accept-all' : 'reject-all' }),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(choices.map(() => 201));
    const stored = await env.DB.prepare('SELECT seq, event, choices FROM receipts WHERE site_id = ? ORDER BY seq')
      .bind(site)
      .all<{ seq: number; event: string; choices: string }>();
    // Whatever order they landed in, each event follows from the receipt before it.
    let grantedBefore = false;
    for (const row of stored.results) {
      const grants = (JSON.parse(row.choices) as { analytics: boolean }).analytics;
      const expected = grants ? (grantedBefore ? 'updated' : 'given') : grantedBefore ? 'withdrawn' : 'refused';
      expect(row.event, `seq ${row.seq}`).toBe(expected);
      grantedBefore = grants;
    }
    expect(await verify(site)).toMatchObject({ ok: true, checked: choices.length });
  });
});

describe('a chain head this isolate kept', () => {
  it('is passed over when another writer appended meanwhile: the next post chains to the real head', async () => {
    const site = 'batch-elsewhere';
    await createSite(site);
    const first = (await (await postReceipt(site, receiptRequest())).json()) as ReceiptResponse;
    const elsewhere = await appendElsewhere(site, first.receipt);
    const next = await postReceipt(site, receiptRequest());
    expect(next.status).toBe(201);
    const { receipt } = (await next.json()) as ReceiptResponse;
    expect(receipt.seq).toBe(3);
    expect(receipt.prevHash).toBe(elsewhere.hash);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 3, lastSeq: 3 });
  });
});

describe('the chained insert', () => {
  it('refuses a row that would fork, skip or break the chain, or that read a stale previous receipt', async () => {
    const site = 'batch-refuse';
    await createSite(site);
    const first = ((await (await postReceipt(site, receiptRequest())).json()) as ReceiptResponse).receipt;
    const signer = await createSigner(env.CANDOUR_SIGNING_KEY);
    const attempt = async (changes: Partial<ConsentReceipt>, previousSeq: number | null = null) => {
      const unsigned = { ...first, receiptId: crypto.randomUUID(), consentId: crypto.randomUUID(), ...changes };
      const receipt = { ...unsigned, hash: await chainHash(unsigned) };
      const stored = { receipt, idempotencyKey: crypto.randomUUID(), kid: signer.kid, jws: await signer.sign(receipt) };
      return insertReceipt(env.DB, stored, previousSeq);
    };
    expect(await attempt({ seq: 1 })).toBe(false); // a second seq 1 (a fork)
    expect(await attempt({ seq: 3, prevHash: first.hash })).toBe(false); // skips seq 2
    expect(await attempt({ seq: 2, prevHash: '1'.repeat(64) })).toBe(false); // a wrong prevHash
    expect(await attempt({ seq: 2, prevHash: first.hash, consentId: first.consentId }, null)).toBe(false); // stale
    expect(await receiptCount(site)).toBe(1);
    expect(await attempt({ seq: 2, prevHash: first.hash, consentId: first.consentId }, 1)).toBe(true);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 2 });
  });
});
