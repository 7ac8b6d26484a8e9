import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Each CLI run starts tsx: seconds each on a busy two-core machine. Behaviour is under test, not speed.
const CLI_TIMEOUT = 600_000;
import type { SignedReceipt } from '../../contract/ledger.js';
import { buildJwks, createSigner, type Signer } from '../../worker/crypto/jws.js';
import { exportOf as exportFile, signedChain, signingKey } from '../fixtures/ledger.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'candour-cli-'));

/** Runs a CLI as a user would (tsx, from the repository root) and keeps its exit code and output. */
function run(script: string, args: string[]) {
  const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [`scripts/${script}`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CANDOUR_ADMIN_TOKEN: 'unused' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, contents: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return target;
}

function expectOneLineError(output: { code: number | null; stderr: string }, message: RegExp) {
  expect(output.code).toBe(1);
  expect(output.stderr).toMatch(message);
  // A message for a person, not a stack trace.
  expect(output.stderr).not.toMatch(/^\s+at /m);
  expect(output.stderr.trim().split('\n')).toHaveLength(1);
}

const SERENE_REFUSALS = {
  site: 'serene-self',
  event: 'refused',
  method: 'reject-all',
  choices: { functional: false, analytics: false, marketing: false },
  browser: 'safari-mobile',
} as const;
const rows = (signer: Signer, times: string[]) => signedChain(signer, times, SERENE_REFUSALS);
const exportOf = (receipts: SignedReceipt[]) =>
  exportFile(receipts, { site: 'serene-self', exportedAt: '2026-12-01T00:00:00.000Z' });

async function keys() {
  const old = await createSigner(signingKey('old'));
  const current = await createSigner(signingKey('new'));
  const jwks = buildJwks(
    current.publicJwk,
    JSON.stringify([{ x: old.publicJwk.x, kid: 'old', retiredAt: '2026-01-01T00:00:00Z' }]),
  );
  return { old, current, jwksFile: file(`jwks-${crypto.randomUUID()}.json`, jwks) };
}

describe('npm run verify-receipt', { timeout: CLI_TIMEOUT }, () => {
  it('says in one line what is wrong with a malformed file or JWS, exit 1, never a stack trace', async () => {
    const { current, jwksFile } = await keys();
    const [row] = await rows(current, ['2026-06-01T00:00:00.000Z']);
    const good = { receiptId: row!.receipt.receiptId, receipt: row!.receipt, jws: row!.jws };
    expect(run('verify-receipt.ts', [file('good.json', good), '--jwks', jwksFile])).toMatchObject({ code: 0 });

    expectOneLineError(run('verify-receipt.ts', [path.join(dir, 'missing.json'), '--jwks', jwksFile]), /cannot read/);
    expectOneLineError(
      run('verify-receipt.ts', [file('not-json.json', '{"receipt": '), '--jwks', jwksFile]),
      /not JSON/,
    );
    for (const [name, contents] of [
      ['null.json', null],
      ['array.json', []],
      ['string.json', 'just a string'],
      ['no-jws.json', { receipt: good.receipt }],
      ['two-part.json', { ...good, jws: 'abc.def' }],
      ['bad-base64.json', { ...good, jws: '%%%.^^^.***' }],
      ['none.json', { ...good, jws: `${Buffer.from('{"alg":"none","kid":"new"}').toString('base64url')}.e30.` }],
      ['number-jws.json', { ...good, jws: 42 }],
    ] as const) {
      expectOneLineError(run('verify-receipt.ts', [file(name, contents), '--jwks', jwksFile]), /^NOT VALID: /);
    }
    expectOneLineError(
      run('verify-receipt.ts', [file('good2.json', good), '--jwks', file('bad-jwks.json', 'nope')]),
      /JWKS is not JSON/,
    );
    expectOneLineError(
      run('verify-receipt.ts', [file('good3.json', good), '--jwks', file('empty-jwks.json', {})]),
      /^NOT VALID/,
    );
  });

  it('refuses a receipt a retired key signed after its retirement', async () => {
    const { old, jwksFile } = await keys();
    const [before, after] = [
      (await rows(old, ['2025-12-31T00:00:00.000Z']))[0]!,
      (await rows(old, ['2026-02-01T00:00:00.000Z']))[0]!,
    ];
    const download = (row: SignedReceipt) => ({ receiptId: row.receipt.receiptId, receipt: row.receipt, jws: row.jws });
    expect(run('verify-receipt.ts', [file('before.json', download(before)), '--jwks', jwksFile]).stdout).toMatch(
      /^VALID: .* signed by key old/,
    );
    expectOneLineError(
      run('verify-receipt.ts', [file('after.json', download(after)), '--jwks', jwksFile]),
      /after it was retired at 2026-01-01T00:00:00.000Z/,
    );
  });
});

describe('npm run verify -- --export (offline)', { timeout: CLI_TIMEOUT }, () => {
  it('passes a good export and names the first bad seq of a tampered or late-signed one', async () => {
    const { old, current, jwksFile } = await keys();
    const good = await rows(current, [
      '2026-06-01T00:00:00.000Z',
      '2026-06-02T00:00:00.000Z',
      '2026-06-03T00:00:00.000Z',
    ]);
    const ok = run('verify-ledger.ts', ['--export', file('export.json', exportOf(good)), '--jwks', jwksFile]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("OK: serene-self's ledger verifies from the beginning, 3 receipts through sequence 3.");

    const tampered = structuredClone(good);
    tampered[1]!.receipt.choices.analytics = true;
    expectOneLineError(
      run('verify-ledger.ts', ['--export', file('tampered.json', exportOf(tampered)), '--jwks', jwksFile]),
      /^BROKEN at sequence 2: contents do not match the stored hash/,
    );

    const late = await rows(old, ['2025-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
    expectOneLineError(
      run('verify-ledger.ts', ['--export', file('late.json', exportOf(late)), '--jwks', jwksFile]),
      /^BROKEN at sequence 2: .*after it was retired/,
    );

    // The Worker's layout, a row per line, is read a line at a time; a bad line is named.
    const header = JSON.stringify({ ...exportOf([]), receipts: undefined }).slice(0, -1);
    const rowLines = tampered.map((row, index) => `${JSON.stringify(row)}${index < tampered.length - 1 ? ',' : ''}`);
    expectOneLineError(
      run('verify-ledger.ts', [
        '--export',
        file('lines.json', [`${header},"receipts":[`, ...rowLines, ']}'].join('\n')),
        '--jwks',
        jwksFile,
      ]),
      /^BROKEN at sequence 2: contents do not match the stored hash/,
    );
    expectOneLineError(
      run('verify-ledger.ts', [
        '--export',
        file('bad-line.json', [`${header},"receipts":[`, rowLines[0], ',{"receipt":', ']}'].join('\n')),
        '--jwks',
        jwksFile,
      ]),
      /^NOT CHECKED: line 3 of the export .* is not a JSON row/,
    );

    expectOneLineError(
      run('verify-ledger.ts', ['--export', file('not-export.json', { receipts: [] }), '--jwks', jwksFile]),
      /^NOT CHECKED: the file is not a Candour ledger export/,
    );
    expect(run('verify-ledger.ts', ['--export', file('export2.json', exportOf(good))]).code).toBe(2);
  });
});
