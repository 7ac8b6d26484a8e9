/**
 * The npm entry's types, as a site's TypeScript sees them: a small consumer file is compiled
 * with tsc against the declarations `npm run build` emits (tsconfig.npm.json), resolved through
 * the package's own `exports`, and must get the CONTRACT's events typed on document, window and
 * elements.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
let consumer: string;

const CONSUMER = `import { CandourConsentEvent, startCandour, type ConsentEventDetail } from 'candour';

type IsAny<T> = 0 extends 1 & T ? true : false;

document.addEventListener('candour-consent', (event) => {
  const notAny: IsAny<typeof event.detail> = false;
  const analytics: boolean = event.detail.choices.analytics;
  const method: 'accept-all' | 'reject-all' | 'preferences' | 'api' | 'gpc' = event.detail.method;
  const version: number = event.detail.noticeVersion;
  const same: ConsentEventDetail = event.detail;
  const instance: CandourConsentEvent = event;
  // @ts-expect-error the detail has no such field
  void event.detail.nope;
  void [notAny, analytics, method, version, same, instance];
});
window.addEventListener('candour-receipt', (event) => {
  const id: string = event.detail.receiptId;
  // @ts-expect-error a receipt's detail is not a consent's
  void event.detail.choices;
  void id;
});
document.body.addEventListener('candour-error', (event) => {
  const code: string = event.detail.code;
  const message: string = event.detail.message;
  void [code, message];
});
document.addEventListener('candour-ready', (event) => {
  const site: string = event.detail.site;
  void site;
});
startCandour({ site: 'harmony-minds', base: 'https://consent.example' });
`;

function compile(source: string): { status: number | null; output: string } {
  writeFileSync(path.join(consumer, 'consumer.ts'), source);
  const result = spawnSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  // The declarations exactly as the build emits them (the step `npm run build` ends with).
  const emit = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.npm.json'], { cwd: root, encoding: 'utf8' });
  expect(emit.status, `${emit.stdout}${emit.stderr}`).toBe(0);
  // A site's project with candour installed: node_modules/candour is this repository.
  consumer = mkdtempSync(path.join(os.tmpdir(), 'candour-consumer-'));
  mkdirSync(path.join(consumer, 'node_modules'));
  symlinkSync(root, path.join(consumer, 'node_modules/candour'), 'dir');
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        typeRoots: [],
      },
      files: ['consumer.ts'],
    }),
  );
}, 120_000);
afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe('the npm entry’s types', () => {
  it('type each CONTRACT event’s detail on document, window and elements', () => {
    const { status, output } = compile(CONSUMER);
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 120_000);

  it('are what makes the difference: without the import the same code does not compile', () => {
    const { status, output } = compile(
      CONSUMER.replace(
        /^import .*$/m,
        'type ConsentEventDetail = unknown; type CandourConsentEvent = Event; declare function startCandour(options: object): void;',
      ),
    );
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'detail' does not exist on type 'Event'");
  }, 120_000);
});
