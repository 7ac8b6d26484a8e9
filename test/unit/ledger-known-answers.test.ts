import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { ConsentReceipt } from '../../contract/api.js';
import { canonicalJson } from '../../contract/canonical.js';
import { chainHash } from '../../worker/crypto/chain.js';
import { createSigner, signCompact } from '../../worker/crypto/jws.js';

/** RFC 8037 appendix A.1: the Ed25519 key of the examples. */
const RFC8037_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
} as const;

describe('JWS known answers', () => {
  it('signs RFC 8037 A.4 exactly: "Example of Ed25519 signing" with the A.1 key', async () => {
    const key = (await importJWK(RFC8037_KEY, 'EdDSA')) as CryptoKey;
    const jws = await signCompact(key, { alg: 'EdDSA' }, new TextEncoder().encode('Example of Ed25519 signing'));
    expect(jws).toBe(
      'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.' +
        'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
    );
    const { x, kty, crv } = RFC8037_KEY;
    const verified = await compactVerify(jws, await importJWK({ kty, crv, x }, 'EdDSA'));
    expect(new TextDecoder().decode(verified.payload)).toBe('Example of Ed25519 signing');
  });

  it('signs receipts with the header and payload bytes earlier receipts have, checkable by node:crypto alone', async () => {
    const signer = await createSigner(JSON.stringify({ ...RFC8037_KEY, kid: 'candour-2026-01-01-abcdef' }));
    const payload = { seq: 1, site: 'osjct', choices: { analytics: true } };
    const jws = await signer.sign(payload);
    const [header, body, signature] = jws.split('.') as [string, string, string];
    expect(Buffer.from(header, 'base64url').toString()).toBe(
      '{"alg":"EdDSA","kid":"candour-2026-01-01-abcdef","typ":"JWT"}',
    );
    expect(Buffer.from(body, 'base64url').toString()).toBe('{"seq":1,"site":"osjct","choices":{"analytics":true}}');
    const publicKey = createPublicKey(createPrivateKey({ key: RFC8037_KEY, format: 'jwk' }));
    expect(nodeVerify(null, Buffer.from(`${header}.${body}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(
      true,
    );
  });
});

describe('chain hash known answer', () => {
  it('is SHA-256 (node:crypto) over the receipt’s JCS form without its hash', async () => {
    const receipt: ConsentReceipt = {
      receiptId: '0b6f7f0e-1c1d-4c47-9a55-3c1d2f6b9e01',
      consentId: 'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
      site: 'harmony-minds',
      seq: 7,
      event: 'given',
      method: 'preferences',
      choices: { functional: false, analytics: true, marketing: false },
      noticeVersion: 2,
      noticeHash: 'a'.repeat(64),
      cookieRevision: 'b'.repeat(64),
      language: 'en-GB',
      gpc: false,
      page: 'https://harmonyminds.example/contact',
      browser: 'firefox-desktop',
      country: 'GB',
      decidedAt: '2026-03-04T10:11:12.000Z',
      recordedAt: '2026-03-04T10:11:13.456Z',
      prevHash: 'c'.repeat(64),
      hash: 'ignored',
    };
    const literal =
      '{"browser":"firefox-desktop","choices":{"analytics":true,"functional":false,"marketing":false},' +
      '"consentId":"c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b","cookieRevision":"' +
      'b'.repeat(64) +
      '","country":"GB","decidedAt":"2026-03-04T10:11:12.000Z","event":"given","gpc":false,"language":"en-GB",' +
      '"method":"preferences","noticeHash":"' +
      'a'.repeat(64) +
      '","noticeVersion":2,"page":"https://harmonyminds.example/contact","prevHash":"' +
      'c'.repeat(64) +
      '","receiptId":"0b6f7f0e-1c1d-4c47-9a55-3c1d2f6b9e01","recordedAt":"2026-03-04T10:11:13.456Z",' +
      '"seq":7,"site":"harmony-minds"}';
    const { hash: _hash, ...fields } = receipt;
    expect(canonicalJson(fields)).toBe(literal);
    expect(await chainHash(receipt)).toBe(createHash('sha256').update(literal, 'utf8').digest('hex'));
  });
});

describe('canonical JSON is RFC 8785 (JCS)', () => {
  it('serialises the RFC’s section 3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('orders keys by UTF-16 code units (section 3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises numbers as appendix B does', () => {
    const table: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of table) {
      expect(canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0)), bits).toBe(expected);
    }
    // NaN and Infinity have no JSON form: an error, never a silent "null".
    expect(() => canonicalJson(Buffer.from('7fffffffffffffff', 'hex').readDoubleBE(0))).toThrow();
    expect(() => canonicalJson(Buffer.from('7ff0000000000000', 'hex').readDoubleBE(0))).toThrow();
  });

  it('hashes the same for the same value, whatever order its keys came in', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    expect(canonicalJson({ x: jwk.x, crv: jwk.crv, kty: jwk.kty })).toBe(
      canonicalJson({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }),
    );
  });
});
