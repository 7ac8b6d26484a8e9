import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../contract/canonical.js';
import type { SignedReceipt } from '../../contract/ledger.js';
import { chainHash } from '../../worker/crypto/chain.js';
import { buildJwks, createSigner, verifyJws, type Signer } from '../../worker/crypto/jws.js';
import { walkLedger } from '../../worker/crypto/ledger-proof.js';
import { browserClass, pageWithoutQuery } from '../../worker/request-facts.js';
import { wordDiff } from '../../worker/notice-diff.js';
import { signedChain, signingKey } from '../fixtures/ledger.js';

const chainOf = (length: number, signer: Signer) =>
  signedChain(signer, Array<string>(length).fill('2026-01-01T00:00:00.000Z'));

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('JWS', () => {
  it('signs with Ed25519 and verifies against the JWKS alone', async () => {
    const signer = await createSigner(signingKey('k1'));
    const jws = await signer.sign({ hello: 'world' });
    const jwks = buildJwks(signer.publicJwk, undefined);
    await expect(verifyJws(jws, jwks)).resolves.toMatchObject({ valid: true, kid: 'k1', payload: { hello: 'world' } });
  });

  it('rejects a changed payload, an unknown key and garbage', async () => {
    const signer = await createSigner(signingKey('k1'));
    const other = await createSigner(signingKey('k2'));
    const jws = await signer.sign({ choice: 'reject' });
    const [header, , signature] = jws.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ choice: 'accept' })).toString('base64url')}.${signature}`;
    const jwks = buildJwks(signer.publicJwk, undefined);
    expect((await verifyJws(forged, jwks)).valid).toBe(false);
    expect((await verifyJws(jws, buildJwks(other.publicJwk, undefined))).valid).toBe(false);
    expect((await verifyJws('a.b', jwks)).valid).toBe(false);
    expect((await verifyJws('x.y.z', jwks)).valid).toBe(false);
  });

  it('keeps retired keys in the JWKS so old receipts still verify', async () => {
    const old = await createSigner(signingKey('old'));
    const current = await createSigner(signingKey('new'));
    const jws = await old.sign({ seq: 1 });
    const jwks = buildJwks(
      current.publicJwk,
      JSON.stringify([{ ...old.publicJwk, retiredAt: '2030-01-01T00:00:00Z' }]),
    );
    expect(jwks.keys.map((key) => key.kid)).toEqual(['new', 'old']);
    expect((await verifyJws(jws, jwks)).valid).toBe(true);
  });

  it('refuses a signing key that is not a private Ed25519 JWK', async () => {
    await expect(createSigner('nope')).rejects.toThrow(/not JSON/);
    await expect(createSigner('{"kty":"RSA"}')).rejects.toThrow(/Ed25519/);
  });
});

describe('hash chain', () => {
  async function walk(rows: SignedReceipt[], signer: Signer) {
    return walkLedger(rows, { site: 'osjct', jwks: buildJwks(signer.publicJwk, undefined), checkpoints: [] });
  }

  it('verifies an intact chain', async () => {
    const signer = await createSigner(signingKey('k1'));
    expect(await walk(await chainOf(5, signer), signer)).toMatchObject({ ok: true, checked: 5, lastSeq: 5 });
  });

  it('names the first broken sequence number', async () => {
    const signer = await createSigner(signingKey('k1'));
    const receipts = await chainOf(5, signer);
    const third = receipts[2]!;
    receipts[2] = { ...third, receipt: { ...third.receipt, choices: { ...third.receipt.choices, analytics: false } } };
    expect(await walk(receipts, signer)).toMatchObject({ ok: false, brokenSeq: 3 });
    const missing = (await chainOf(5, signer)).filter((row) => row.receipt.seq !== 4);
    expect(await walk(missing, signer)).toMatchObject({ ok: false, brokenSeq: 4 });
  });

  it('names the row whose contents and every later hash were recomputed: the signature gives it away', async () => {
    const signer = await createSigner(signingKey('k1'));
    const rows = await chainOf(5, signer);
    let prevHash = rows[1]!.receipt.hash;
    for (const row of rows.slice(2)) {
      const { hash: _old, ...fields } = row.receipt;
      const rewritten = {
        ...fields,
        prevHash,
        choices: row.receipt.seq === 3 ? { ...fields.choices, marketing: true } : fields.choices,
      };
      row.receipt = { ...rewritten, hash: await chainHash(rewritten) };
      prevHash = row.receipt.hash;
    }
    expect(await walk(rows, signer)).toMatchObject({
      ok: false,
      brokenSeq: 3,
      reason: 'the stored receipt differs from what was signed',
    });
  });
});

describe('request facts', () => {
  it('keeps a coarse browser class only', () => {
    expect(
      browserClass('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'),
    ).toBe('chromium-desktop');
    expect(
      browserClass(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('safari-mobile');
    expect(browserClass('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'firefox-desktop',
    );
    expect(browserClass(undefined)).toBe('unknown');
  });

  it('removes query and fragment from the page', () => {
    expect(pageWithoutQuery('https://clinic.example/contact?email=jane@example.com#form')).toBe(
      'https://clinic.example/contact',
    );
    expect(pageWithoutQuery('javascript:alert(1)')).toBeNull();
    expect(pageWithoutQuery('not a url')).toBeNull();
  });
});

describe('word diff', () => {
  it('marks inserted and deleted words', () => {
    expect(wordDiff('We keep records for 7 years.', 'We keep records for 8 years.')).toEqual([
      { op: 'same', text: 'We keep records for' },
      { op: 'del', text: '7' },
      { op: 'ins', text: '8' },
      { op: 'same', text: 'years.' },
    ]);
  });
});
