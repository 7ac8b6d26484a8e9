import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { ReceiptResponse } from '../../contract/api.js';
import type { Jwks } from '../../worker/crypto/jws.js';
import { verifyReceipt } from '../../worker/crypto/verify-receipt.js';
import { workerBase } from './browser.js';

const schemaText = readFileSync(
  path.resolve(import.meta.dirname, '../conformance/kantara-cr-v1.1-schema.jsonc'),
  'utf8',
);
const schema = JSON.parse(schemaText.replace(/^\s*\/\/.*$/gm, '')) as object;

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
    const output = execFileSync(
      'npx',
      ['tsx', 'scripts/verify-receipt.ts', path.join(dir, 'receipt.json'), '--jwks', path.join(dir, 'jwks.json')],
      {
        encoding: 'utf8',
      },
    );
    expect(output).toContain('VALID');
    const forged = {
      ...download,
      receipt: { ...download.receipt, choices: { ...download.receipt.choices, analytics: false } },
    };
    writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    expect(() =>
      execFileSync(
        'npx',
        ['tsx', 'scripts/verify-receipt.ts', path.join(dir, 'forged.json'), '--jwks', path.join(dir, 'jwks.json')],
        { stdio: 'pipe' },
      ),
    ).toThrow(/NOT VALID/);
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
    const output = execFileSync(
      'npx',
      ['tsx', 'scripts/verify-ledger.ts', '--site', 'harmony-minds', '--url', workerBase()],
      { encoding: 'utf8' },
    );
    expect(output).toMatch(/^OK: harmony-minds's ledger verifies from the beginning, \d+ receipts/);
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
