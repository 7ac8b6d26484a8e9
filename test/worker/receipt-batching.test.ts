import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ConsentReceipt, ReceiptResponse } from '../../contract/api.js';
import type { LedgerCheck } from '../../contract/ledger.js';
import { chainHash } from '../../worker/crypto/chain.js';
import { createSigner } from '../../worker/crypto/jws.js';
import { appendStats, groupHold, recordReceipt, type Admit } from '../../worker/ledger.js';
import { findNotice } from '../../worker/storage/notices.js';
import { insertReceipt } from '../../worker/storage/receipts.js';
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

describe('group commit: posts that arrive while an append is in flight are written together', () => {
  it('writes N concurrent posts in fewer batches than posts: N rows, one valid chain, every answer stored', async () => {
    const site = 'group-many';
    await createSite(site);
    const before = { ...appendStats };
    const requests = Array.from({ length: 40 }, () => receiptRequest());
    const responses = await Promise.all(requests.map((request) => postReceipt(site, request)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 201));
    const answered = await Promise.all(responses.map(async (response) => (await response.json()) as ReceiptResponse));

    expect(appendStats.rows - before.rows).toBe(40);
    expect(appendStats.batches - before.batches).toBeLessThan(40);
    const rows = await chain(site);
    expect(rows.map((row) => row.seq)).toEqual(requests.map((_, i) => i + 1));
    const stored = new Map(rows.map((row) => [row.receiptId, row]));
    for (const body of answered) {
      // Each answer is the row as stored: same id, same place in the chain, same hash.
      expect(stored.get(body.receiptId)).toMatchObject({ seq: body.receipt.seq, hash: body.receipt.hash });
    }
    expect(await verify(site)).toMatchObject({ ok: true, checked: 40, lastSeq: 40 });
  });

  it('retries a whole group whose chain check fails (a row written elsewhere in between), half-writing nothing', async () => {
    const site = 'group-elsewhere';
    await createSite(site);
    const first = (await (await postReceipt(site, receiptRequest())).json()) as ReceiptResponse;
    // The isolate keeps seq 1 as its head; another writer appends seq 2 behind its back, so the
    // first group this isolate writes is built on a stale head and its check fails.
    const elsewhere = await appendElsewhere(site, first.receipt);
    const before = { ...appendStats };
    const requests = Array.from({ length: 12 }, () => receiptRequest());
    const responses = await Promise.all(requests.map((request) => postReceipt(site, request)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 201));
    const answered = await Promise.all(responses.map(async (response) => (await response.json()) as ReceiptResponse));

    // At least one group was refused and written again; what landed is exactly what was answered.
    expect(appendStats.batches - before.batches).toBeGreaterThan(1);
    expect(appendStats.rows - before.rows).toBe(12);
    const rows = await chain(site);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(rows[1]!.hash).toBe(elsewhere.hash);
    expect(new Set(rows.slice(2).map((row) => row.receiptId))).toEqual(new Set(answered.map((body) => body.receiptId)));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 14, lastSeq: 14 });
  });

  it('refuses, with the JSON error and nothing stored, every post of a group the database will not take', async () => {
    const site = 'group-refused';
    await createSite(site);
    await postReceipt(site, receiptRequest());
    // A database that refuses every new receipt row (as a full or read-only D1 would).
    await env.DB.prepare(
      `CREATE TRIGGER group_refused_full BEFORE INSERT ON receipts WHEN NEW.site_id = '${site}'
       BEGIN SELECT RAISE(ABORT, 'database full'); END`,
    ).run();
    try {
      const responses = await Promise.all(Array.from({ length: 6 }, () => postReceipt(site, receiptRequest())));
      for (const response of responses) {
        expect(response.status).toBe(500);
        expectErrorShape(await response.json());
      }
      expect(await receiptCount(site)).toBe(1);
    } finally {
      await env.DB.prepare('DROP TRIGGER group_refused_full').run();
    }
    // Once the database takes rows again, the chain goes on from where it was, unbroken.
    expect((await postReceipt(site, receiptRequest())).status).toBe(201);
    expect(await verify(site)).toMatchObject({ ok: true, checked: 2, lastSeq: 2 });
  });
});

describe('a group written without reading first (the isolate knows its head)', () => {
  it('is refused by the insert when the site’s settings changed elsewhere, and the post is then judged on them', async () => {
    const site = 'unread-settings';
    await createSite(site);
    expect((await postReceipt(site, receiptRequest())).status).toBe(201); // this isolate now knows the head
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(200); // and has the site's state at hand
    // Another isolate removes the clinic's origin: this one has not seen it.
    const row = await env.DB.prepare('SELECT settings FROM sites WHERE id = ?')
      .bind(site)
      .first<{ settings: string }>();
    const settings = { ...JSON.parse(row!.settings), allowedOrigins: ['https://another.test'] };
    await env.DB.prepare('UPDATE sites SET settings = ? WHERE id = ?').bind(JSON.stringify(settings), site).run();
    const refused = await postReceipt(site, receiptRequest());
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expectErrorShape(await refused.json());
    expect(await receiptCount(site)).toBe(1);
  });

  it('chains a returning visitor’s next decision from their last one, and answers a replayed key with its receipt', async () => {
    const site = 'unread-returning';
    await createSite(site);
    const consentId = crypto.randomUUID();
    const given = receiptRequest({ consentId });
    expect((await postReceipt(site, given)).status).toBe(201);
    const withdrawn = await postReceipt(
      site,
      receiptRequest({ consentId, choices: { analytics: false }, method: 'reject-all' }),
    );
    expect(withdrawn.status).toBe(201);
    expect(((await withdrawn.json()) as ReceiptResponse).receipt).toMatchObject({ event: 'withdrawn', seq: 2 });
    const replay = await postReceipt(site, given);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as ReceiptResponse).receipt).toMatchObject({ event: 'given', seq: 1 });
    expect(await verify(site)).toMatchObject({ ok: true, checked: 2 });
  });
});

describe('a group held open while decisions come in together', () => {
  /** Records decisions as the receipts route does, on the version in force, with no HTTP between. */
  async function recorder(site: string): Promise<() => ReturnType<typeof recordReceipt>> {
    const notice = (await findNotice(env.DB, site, 1))!;
    const signer = await createSigner(env.CANDOUR_SIGNING_KEY);
    const admit: Admit = async () => ({
      site,
      notice,
      choices: { functional: false, analytics: true, marketing: false },
      page: `${CLINIC_ORIGIN}/contact`,
      browser: 'other',
      country: 'GB',
      now: () => new Date().toISOString(),
    });
    return () => recordReceipt(env.DB, signer, site, receiptRequest(), admit);
  }

  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  it('after a group of two, waits for two before writing, then writes them as one, chained and verified', async () => {
    const site = 'hold-two';
    await createSite(site);
    const record = await recorder(site);
    // Only the count may close a hold here: no timer gets there first on a slow machine.
    const bounds = { ...groupHold };
    Object.assign(groupHold, { minMs: 60_000, maxMs: 60_000 });
    try {
      // Started in one turn, both wait for the first flush: a group of two.
      const pair = await Promise.all([record(), record()]);
      expect(pair.map(({ stored }) => stored.receipt.seq).sort()).toEqual([1, 2]);
      const before = { ...appendStats };
      const third = record();
      await until(() => appendStats.holds > before.holds);
      // Held, not written: the third waits for company.
      expect(await receiptCount(site)).toBe(2);
      const fourth = record();
      const [a, b] = await Promise.all([third, fourth]);
      expect(appendStats.batches - before.batches).toBe(1);
      expect([a.stored.receipt.seq, b.stored.receipt.seq].sort()).toEqual([3, 4]);
      expect(await verify(site)).toMatchObject({ ok: true, checked: 4, lastSeq: 4 });
    } finally {
      Object.assign(groupHold, bounds);
    }
  });

  it('never holds a decision that follows a lone one', async () => {
    const site = 'hold-lone';
    await createSite(site);
    const bounds = { ...groupHold };
    Object.assign(groupHold, { minMs: 60_000, maxMs: 60_000 });
    try {
      const before = { ...appendStats };
      expect((await postReceipt(site, receiptRequest())).status).toBe(201);
      expect((await postReceipt(site, receiptRequest())).status).toBe(201);
      expect(appendStats.holds).toBe(before.holds);
      expect(await verify(site)).toMatchObject({ ok: true, checked: 2 });
    } finally {
      Object.assign(groupHold, bounds);
    }
  });
});
