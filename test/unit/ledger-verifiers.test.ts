import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerHead, SignedCheckpoint } from '../../contract/ledger.js';
import { buildJwks, createSigner, verifyJws, verifyJwsAt, type Jwks, type Signer } from '../../worker/crypto/jws.js';
import { verifyExport } from '../../worker/crypto/verify-export.js';
import { verifyReceipt } from '../../worker/crypto/verify-receipt.js';
import { exportOf, signedChain, signingKey } from '../fixtures/ledger.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('verifiers never throw', () => {
  it('verifyJws answers { valid: false } for any malformed, foreign or unsigned token and any key set', async () => {
    const signer = await createSigner(signingKey('k1'));
    const good = await signer.sign({ seq: 1 });
    const [goodHeader, goodPayload] = good.split('.') as [string, string];
    const { publicKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const { publicKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const wrongTypes = [
      { ...rsa.export({ format: 'jwk' }), kid: 'k1', alg: 'EdDSA' },
      { ...ec.export({ format: 'jwk' }), kid: 'k1' },
      { kty: 'OKP', crv: 'X25519', x: signer.publicJwk.x, kid: 'k1' },
      { kty: 'OKP', crv: 'Ed25519', x: 'not base64url!', kid: 'k1' },
      { kty: 'oct', k: b64('secret'), kid: 'k1' },
    ];
    const jwksArb = fc.oneof(
      fc.constant<unknown>(buildJwks(signer.publicJwk, undefined)),
      fc.constantFrom(...wrongTypes).map((key) => ({ keys: [key] }) as unknown),
      fc.anything(),
    );
    const headerArb = fc.oneof(
      fc
        .record({
          alg: fc.oneof(fc.constantFrom('EdDSA', 'none', 'None', 'HS256', 'RS256', 'ES256', 'Ed25519'), fc.anything()),
          kid: fc.oneof(fc.constantFrom('k1', 'k2', ''), fc.anything()),
          typ: fc.constant('JWT'),
          crit: fc.option(fc.array(fc.string()), { nil: undefined }),
        })
        .map((header) => b64(JSON.stringify(header) ?? 'x')),
      fc.constant(goodHeader),
      fc.string().map(b64),
      fc.string(),
    );
    const payloadArb = fc.oneof(
      fc.constant(goodPayload),
      fc.jsonValue().map((value) => b64(JSON.stringify(value))),
      fc.uint8Array().map((bytes) => Buffer.from(bytes).toString('base64url')),
      fc.string(),
    );
    const signatureArb = fc.oneof(
      fc.constant(''),
      fc.uint8Array({ minLength: 0, maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
      fc.string(),
    );
    const tokenArb = fc.oneof(
      fc.tuple(headerArb, payloadArb, signatureArb).map((parts) => parts.join('.')),
      fc.string(),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(tokenArb, jwksArb, async (token, jwks) => {
        const result = await verifyJws(token, jwks);
        expect(result.valid).toBe(false);
        expect(typeof (result as { reason: string }).reason).toBe('string');
        expect((await verifyJwsAt(token, jwks, 'recordedAt')).valid).toBe(false);
      }),
      { numRuns: 400 },
    );
    // The untouched token does verify: the property above is not vacuous.
    expect((await verifyJws(good, buildJwks(signer.publicJwk, undefined))).valid).toBe(true);
  });

  it('refuses alg "none" with the key set that would verify the real token', async () => {
    const signer = await createSigner(signingKey('k1'));
    const payload = b64(JSON.stringify({ seq: 1 }));
    for (const alg of ['none', 'HS256']) {
      const token = `${b64(JSON.stringify({ alg, kid: 'k1' }))}.${payload}.`;
      expect(await verifyJws(token, buildJwks(signer.publicJwk, undefined))).toMatchObject({ valid: false });
    }
  });

  it('verifyReceipt and verifyExport answer, never throw, for any file contents', async () => {
    const signer = await createSigner(signingKey('k1'));
    const jwks = buildJwks(signer.publicJwk, undefined);
    const [row] = await signedChain(signer, ['2026-01-01T00:00:00.000Z']);
    const rowArb = fc.oneof(
      fc.constant<unknown>(row),
      fc.anything(),
      fc.record({ receipt: fc.anything(), jws: fc.string(), kid: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (download, keys) => {
        expect((await verifyReceipt(download as never, keys as never)).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.array(rowArb, { maxLength: 4 }).map((receipts) => ({ ...exportOf([]), receipts })),
          fc.anything().map((checkpoint) => ({ ...exportOf([row!]), checkpoint })),
        ),
        fc.oneof(fc.constant<unknown>(jwks), fc.anything()),
        fc.option(fc.anything(), { nil: undefined }),
        async (file, keys, head) => {
          const result = await verifyExport(file, keys, head);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      // A row that is not an object at all once made the walk throw (found by seed 787224317).
      { numRuns: 300, examples: [[{ ...exportOf([]), receipts: [undefined] }, jwks, undefined]] },
    );
  });
});

describe('retired keys', () => {
  const RETIRED_AT = '2026-01-01T00:00:00.000Z';
  const BEFORE = '2025-12-31T23:59:59.999Z';
  const AFTER = '2026-01-01T00:00:00.001Z';

  async function keys(): Promise<{ old: Signer; jwks: Jwks }> {
    const old = await createSigner(signingKey('old'));
    const current = await createSigner(signingKey('new'));
    const jwks = buildJwks(
      current.publicJwk,
      JSON.stringify([{ x: old.publicJwk.x, kid: 'old', retiredAt: RETIRED_AT }]),
    );
    return { old, jwks };
  }

  it('publish their retirement time in the JWKS and must have one', async () => {
    const { jwks } = await keys();
    expect(jwks.keys[1]).toMatchObject({ kid: 'old', retiredAt: RETIRED_AT });
    expect('retiredAt' in jwks.keys[0]!).toBe(false);
    const current = (await createSigner(signingKey('new'))).publicJwk;
    expect(() => buildJwks(current, JSON.stringify([{ x: 'abc', kid: 'old' }]))).toThrow(/retiredAt/);
    expect(() => buildJwks(current, JSON.stringify([{ x: 'abc', kid: 'old', retiredAt: 'soon' }]))).toThrow(
      /retiredAt/,
    );
  });

  it('do not vouch for anything signed after retirement (verifyJwsAt)', async () => {
    const { old, jwks } = await keys();
    expect((await verifyJwsAt(await old.sign({ recordedAt: BEFORE }), jwks, 'recordedAt')).valid).toBe(true);
    expect(await verifyJwsAt(await old.sign({ recordedAt: AFTER }), jwks, 'recordedAt')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('after it was retired'),
    });
    expect((await verifyJwsAt(await old.sign({ recordedAt: 'yesterday' }), jwks, 'recordedAt')).valid).toBe(false);
  });

  it('in a downloaded receipt (verifyReceipt)', async () => {
    const { old, jwks } = await keys();
    const [before] = await signedChain(old, [BEFORE]);
    const [after] = await signedChain(old, [AFTER]);
    expect((await verifyReceipt({ receiptId: '', ...before! }, jwks)).valid).toBe(true);
    expect(await verifyReceipt({ receiptId: '', ...after! }, jwks)).toMatchObject({ valid: false });
  });

  it('in an export, for receipts, the checkpoint and a saved head (offline verifier)', async () => {
    const { old, jwks } = await keys();
    const rows = await signedChain(old, [BEFORE, BEFORE, AFTER]);
    expect(await verifyExport(exportOf(rows), jwks)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: expect.stringContaining('after it was retired'),
    });
    expect(await verifyExport(exportOf(rows.slice(0, 2)), jwks)).toMatchObject({ ok: true, lastSeq: 2 });

    const sealed = (createdAt: string) => ({
      type: 'candour-checkpoint',
      site: 'osjct',
      throughSeq: 2,
      throughHash: rows[1]!.receipt.hash,
      createdAt,
    });
    const checkpointAt = async (createdAt: string): Promise<SignedCheckpoint> => ({
      site: 'osjct',
      throughSeq: 2,
      throughHash: rows[1]!.receipt.hash,
      createdAt,
      kid: 'old',
      jws: await old.sign(sealed(createdAt)),
    });
    expect(await verifyExport(exportOf([], { checkpoint: await checkpointAt(BEFORE) }), jwks)).toMatchObject({
      ok: true,
      lastSeq: 2,
    });
    expect(await verifyExport(exportOf([], { checkpoint: await checkpointAt(AFTER) }), jwks)).toMatchObject({
      ok: false,
      brokenSeq: 2,
      reason: expect.stringContaining('after it was retired'),
    });

    const headAt = (at: string): LedgerHead => ({
      type: 'candour-ledger-head',
      site: 'osjct',
      seq: 2,
      hash: rows[1]!.receipt.hash,
      at,
    });
    const good = headAt(BEFORE);
    expect(
      await verifyExport(exportOf(rows.slice(0, 2)), jwks, { head: good, jws: await old.sign(good) }),
    ).toMatchObject({
      ok: true,
      head: { contained: true, seq: 2 },
    });
    const late = headAt(AFTER);
    expect(
      await verifyExport(exportOf(rows.slice(0, 2)), jwks, { head: late, jws: await old.sign(late) }),
    ).toMatchObject({
      ok: false,
      unusable: expect.stringContaining('after it was retired'),
    });
  });
});

describe('a saved head in the offline verifier', () => {
  it('fails a cut tail that would pass without it, and a head whose signature does not match', async () => {
    const signer = await createSigner(signingKey('k1'));
    const jwks = buildJwks(signer.publicJwk, undefined);
    const rows = await signedChain(signer, Array(5).fill('2026-05-01T00:00:00.000Z') as string[]);
    const head: LedgerHead = {
      type: 'candour-ledger-head',
      site: 'osjct',
      seq: 5,
      hash: rows[4]!.receipt.hash,
      at: '2026-05-02T00:00:00.000Z',
    };
    const saved = { head, jws: await signer.sign(head) };
    const cut = exportOf(rows.slice(0, 3));
    expect(await verifyExport(cut, jwks)).toMatchObject({ ok: true, lastSeq: 3 });
    expect(await verifyExport(cut, jwks, saved)).toMatchObject({
      ok: false,
      brokenSeq: 4,
      head: { contained: false, seq: 5 },
    });
    expect(await verifyExport(exportOf(rows), jwks, saved)).toMatchObject({
      ok: true,
      head: { contained: true, seq: 5 },
    });
    const claimed = { head: { ...head, seq: 3, hash: rows[2]!.receipt.hash }, jws: saved.jws };
    expect(await verifyExport(cut, jwks, claimed)).toMatchObject({ unusable: expect.stringContaining('differs') });
  });
});
