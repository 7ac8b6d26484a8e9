import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, inject, it } from 'vitest';
import type { ReceiptResponse } from '../../contract/api.js';
import type { LedgerExport, SignedHead } from '../../contract/ledger.js';
import type { Jwks } from '../../worker/crypto/jws.js';
import { verifyReceipt } from '../../worker/crypto/verify-receipt.js';
import { workerBase } from './browser.js';

const schemaText = readFileSync(
  path.resolve(import.meta.dirname, '../conformance/kantara-cr-v1.1-schema.jsonc'),
  'utf8',
);
const schema = JSON.parse(schemaText.replace(/^\s*\/\/.*$/gm, '')) as object;

/**
 * Runs a CLI as a user would, without blocking the event loop: a synchronous child would stall
 * fetch's keep-alive housekeeping, and the next request would reuse a socket the Worker closed.
 */
function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', `scripts/${script}`, ...args],
      { encoding: 'utf8', env: { ...process.env, CANDOUR_ADMIN_TOKEN: inject('adminToken'), NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const cli = (args: string[]) => run('verify-ledger.ts', args);

async function postDecision(
  site: string,
  choices: Record<string, boolean>,
  method = 'preferences',
): Promise<ReceiptResponse> {
  const config = (await (await fetch(`${workerBase()}/v1/sites/${site}/config`)).json()) as {
    notice: { version: number };
  };
  const response = await fetch(`${workerBase()}/v1/sites/${site}/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: workerBase() },
    body: JSON.stringify({
      consentId: crypto.randomUUID(),
      idempotencyKey: crypto.randomUUID(),
      noticeVersion: config.notice.version,
      choices,
      method,
      gpc: false,
      language: 'en-GB',
      pageUrl: `${workerBase()}/demo/${site}?utm=x`,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ReceiptResponse;
}

const SITES: [string, Record<string, boolean>][] = [
  ['harmony-minds', { analytics: true }],
  ['osjct', { analytics: false }],
  ['le-petit-saint', { functional: true, marketing: false }],
  ['serene-self', { analytics: true }],
  ['dp-customers', {}],
];

describe('receipts taken by the local Worker', () => {
  it('export in Kantara Consent Receipt v1.1 form that validates against the schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    for (const [site, choices] of SITES) {
      const { receiptId, receipt } = await postDecision(site, choices);
      const kantara = (await (await fetch(`${workerBase()}/v1/receipts/${receiptId}?format=kantara`)).json()) as Record<
        string,
        unknown
      >;
      const valid = validate(kantara);
      expect(validate.errors ?? [], site).toEqual([]);
      expect(valid).toBe(true);
      expect(kantara).toMatchObject({
        version: 'KI-CR-v1.1.0',
        jurisdiction: 'GB',
        consentReceiptID: receiptId,
        piiPrincipalId: receipt.consentId,
      });
      expect(kantara.policyUrl).toBe(`${workerBase()}/v1/sites/${site}/notices/${receipt.noticeVersion}`);
    }
  });

  it('verify offline with the CLI and the JWKS alone, and a changed copy does not', async () => {
    const download = await postDecision('harmony-minds', { analytics: true }, 'accept-all');
    const dir = mkdtempSync(path.join(tmpdir(), 'candour-'));
    const jwks = (await (await fetch(`${workerBase()}/.well-known/jwks.json`)).json()) as Jwks;
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
    writeFileSync(path.join(dir, 'receipt.json'), JSON.stringify(download));
    expect((await verifyReceipt(download, jwks)).valid).toBe(true);
    const valid = await run('verify-receipt.ts', [
      path.join(dir, 'receipt.json'),
      '--jwks',
      path.join(dir, 'jwks.json'),
    ]);
    expect(valid.stdout).toContain('VALID');
    expect(valid.code).toBe(0);
    const forged = {
      ...download,
      receipt: { ...download.receipt, choices: { ...download.receipt.choices, analytics: false } },
    };
    writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    const refused = await run('verify-receipt.ts', [
      path.join(dir, 'forged.json'),
      '--jwks',
      path.join(dir, 'jwks.json'),
    ]);
    expect(refused.stderr).toMatch(/NOT VALID/);
    expect(refused.code).toBe(1);
  });

  it('show the visitor a readable page and a JSON download', async () => {
    const { receiptId } = await postDecision('osjct', { analytics: false }, 'reject-all');
    const html = await (
      await fetch(`${workerBase()}/v1/receipts/${receiptId}`, { headers: { Accept: 'text/html' } })
    ).text();
    expect(html).toContain('You refused consent');
    expect(html).toContain(receiptId);
    expect(html).toContain('/.well-known/jwks.json');
    const download = await fetch(`${workerBase()}/v1/receipts/${receiptId}?format=json&download`);
    expect(download.headers.get('Content-Disposition')).toContain(`candour-receipt-${receiptId}.json`);
  });

  it('verify as a chain with npm run verify', async () => {
    const { stdout } = await cli(['--site', 'harmony-minds', '--url', workerBase()]);
    expect(stdout).toMatch(/^OK: harmony-minds's ledger verifies from the beginning, \d+ receipts/);
  });

  it('are rate limited per source with 429 and the error shape', async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 200 && !limited; i++) {
      const response = await fetch(`${workerBase()}/v1/sites/dp-customers/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9', Origin: workerBase() },
        body: JSON.stringify({
          consentId: crypto.randomUUID(),
          idempotencyKey: crypto.randomUUID(),
          noticeVersion: 1,
          choices: {},
          method: 'reject-all',
          gpc: false,
          language: 'en-GB',
          pageUrl: `${workerBase()}/demo/dp-customers`,
        }),
      });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(201);
    }
    expect(limited, 'no 429 within 200 requests').not.toBeNull();
    const body = (await limited!.json()) as { error: { code: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(limited!.headers.get('Retry-After')).toBe('60');
  });
});

/** RFC 8785 written here from the RFC, not taken from contract/: the check must not trust our code. */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${jcs((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A compact JWS checked with node:crypto and the published JWK alone; returns the signed JSON. */
function nodeVerified(jws: string, jwks: Jwks): unknown {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string; alg: string };
  expect(alg).toBe('EdDSA');
  const jwk = jwks.keys.find((key) => key.kid === kid)!;
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  expect(nodeVerify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown;
}

describe('the ledger, checked by outsiders', () => {
  it('signs receipts and heads that node:crypto alone verifies, chained by SHA-256 over JCS', async () => {
    const first = await postDecision('serene-self', { analytics: true }, 'accept-all');
    const second = await postDecision('serene-self', { analytics: false }, 'reject-all');
    const jwks = (await (await fetch(`${workerBase()}/.well-known/jwks.json`)).json()) as Jwks;
    for (const { receipt, jws } of [first, second]) {
      expect(nodeVerified(jws, jwks)).toEqual(receipt);
      const { hash, ...fields } = receipt;
      expect(createHash('sha256').update(jcs(fields)).digest('hex')).toBe(hash);
    }
    expect(second.receipt.prevHash).toBe(first.receipt.hash);
    const response = await fetch(`${workerBase()}/v1/sites/serene-self/ledger/head`);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const head = (await response.json()) as SignedHead;
    expect(nodeVerified(head.jws, jwks)).toEqual(head.head);
    expect(head.head).toMatchObject({ type: 'candour-ledger-head', site: 'serene-self', hash: second.receipt.hash });
  });

  it('verifies an export offline, fails a tampered one, and with a saved head fails a cut tail', async () => {
    await postDecision('le-petit-saint', { functional: true }, 'preferences');
    await postDecision('le-petit-saint', { functional: false }, 'reject-all');
    const dir = mkdtempSync(path.join(tmpdir(), 'candour-export-'));
    const save = (name: string, value: unknown) => {
      writeFileSync(path.join(dir, name), JSON.stringify(value));
      return path.join(dir, name);
    };
    const jwks = save('jwks.json', await (await fetch(`${workerBase()}/.well-known/jwks.json`)).json());
    const savedHead = (await (await fetch(`${workerBase()}/v1/sites/le-petit-saint/ledger/head`)).json()) as SignedHead;
    const head = save('head.json', savedHead);
    const response = await fetch(`${workerBase()}/v1/admin/sites/le-petit-saint/ledger/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${inject('adminToken')}` },
    });
    expect(response.status).toBe(200);
    // Saved exactly as downloaded: the CLI reads the Worker's row-per-line layout a row at a time.
    const text = await response.text();
    const data = JSON.parse(text) as LedgerExport;
    const last = data.receipts.at(-1)!.receipt.seq;
    writeFileSync(path.join(dir, 'export.json'), text);

    const good = await cli(['--export', path.join(dir, 'export.json'), '--jwks', jwks, '--head', head]);
    expect(good.stdout).toContain(`OK: le-petit-saint's ledger verifies from the beginning, ${last} receipts`);
    expect(good.code).toBe(0);

    const lines = text.split('\n');
    writeFileSync(path.join(dir, 'short.json'), lines.slice(0, -2).join('\n'));
    const short = await cli(['--export', path.join(dir, 'short.json'), '--jwks', jwks]);
    expect(short.stderr).toMatch(/^NOT CHECKED: the export .* ends without its closing/);
    expect(short.code).toBe(1);

    const tampered = structuredClone(data);
    // Flipped, not set: whichever test posted the site's first receipt, this changes what it says.
    const first = tampered.receipts[0]!.receipt.choices;
    first.marketing = !first.marketing;
    const broken = await cli(['--export', save('tampered.json', tampered), '--jwks', jwks]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^BROKEN at sequence 1: /);

    // Cut just before the saved head (other test files may post to this site after it was taken).
    const headSeq = savedHead.head.seq;
    const cut = { ...data, receipts: data.receipts.filter((row) => row.receipt.seq < headSeq) };
    expect((await cli(['--export', save('cut.json', cut), '--jwks', jwks])).code).toBe(0);
    const withHead = await cli(['--export', path.join(dir, 'cut.json'), '--jwks', jwks, '--head', head]);
    expect(withHead.code).toBe(1);
    expect(withHead.stderr).toContain(`BROKEN at sequence ${headSeq}: the signed head`);
  });

  it('checks a saved head against the live ledger with npm run verify -- --site --head, refusing a forged one', async () => {
    await postDecision('osjct', { analytics: true }, 'accept-all');
    const dir = mkdtempSync(path.join(tmpdir(), 'candour-head-'));
    const saved = (await (await fetch(`${workerBase()}/v1/sites/osjct/ledger/head`)).json()) as SignedHead;
    writeFileSync(path.join(dir, 'head.json'), JSON.stringify(saved));
    await postDecision('osjct', { analytics: false }, 'reject-all');
    const ok = await cli(['--site', 'osjct', '--url', workerBase(), '--head', path.join(dir, 'head.json')]);
    expect(ok.stdout).toContain(`It contains the saved head at sequence ${saved.head.seq}.`);
    expect(ok.code).toBe(0);
    writeFileSync(
      path.join(dir, 'forged.json'),
      JSON.stringify({ ...saved, head: { ...saved.head, seq: saved.head.seq + 5 } }),
    );
    const forged = await cli(['--site', 'osjct', '--url', workerBase(), '--head', path.join(dir, 'forged.json')]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('The saved head was not trusted');
  });
});
