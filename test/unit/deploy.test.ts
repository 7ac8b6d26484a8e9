/**
 * Deployment without an account: the Worker bundles as `wrangler deploy` would bundle it, the
 * deploy script goes through its steps in order against a stand-in for the Cloudflare API, and
 * the committed binding types are exactly what `npm run types` generates on a clean clone.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimental_readRawConfig } from 'wrangler';
// @ts-expect-error plain ESM script without types
import { deployConfig } from '../../scripts/deploy.mjs';
// @ts-expect-error plain ESM script without types
import { ensureDevVars } from '../../scripts/dev-vars.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };
const TYPES_FILE = 'types/worker-configuration.d.ts';
const TYPES_FLAGS = ['--include-runtime=false', '--strict-vars=false', '--env-file', '.dev.vars.example'];
let tmp: string;

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'candour-deploy-test-'));
  // `npm test` builds first; a lone run of this file builds if it has to.
  if (!existsSync(path.join(root, 'dist/public/v1/embed.js'))) {
    expect(run('npm', ['run', '--silent', 'build']).status).toBe(0);
  }
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker from wrangler.toml, with every binding', () => {
    const outdir = path.join(tmp, 'plain');
    const { status, output } = run('node', [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir]);
    expect(status, output).toBe(0);
    expect(output).toContain('--dry-run: exiting now.');
    for (const binding of ['env.DB (candour)', 'env.ASSETS', 'env.RECEIPT_LIMITER (120 requests/60s)']) {
      expect(output).toContain(binding);
    }
    expect(statSync(path.join(outdir, 'index.js')).size).toBeGreaterThan(10_000);
  }, 120_000);

  it('npm run deploy -- --dry-run bundles with the derived deploy config, nothing sent', () => {
    const outdir = path.join(tmp, 'script');
    const { status, output } = run('node', [
      'scripts/deploy.mjs',
      '--dry-run',
      '--no-build',
      '--domain',
      'consent.example.org.uk',
      '--outdir',
      outdir,
    ]);
    expect(status, output).toBe(0);
    expect(output).toContain('Dry run passed');
    expect(statSync(path.join(outdir, 'index.js')).size).toBeGreaterThan(10_000);
    const config = JSON.parse(readFileSync(path.join(root, '.wrangler/candour-deploy/wrangler.json'), 'utf8'));
    expect(config.routes).toEqual([{ pattern: 'consent.example.org.uk', custom_domain: true }]);
    expect(config.vars.CANDOUR_DEMO).toBe('off');
    expect(config.triggers.crons).toEqual(['17 3 * * *']);
    expect(config.d1_databases[0]).toMatchObject({ binding: 'DB', database_name: 'candour' });
    expect(path.isAbsolute(config.main) && existsSync(config.main)).toBe(true);
    expect(existsSync(config.d1_databases[0].migrations_dir)).toBe(true);
  }, 120_000);

  it('refuses bad options before doing anything', () => {
    for (const args of [
      ['--jurisdiction', 'uk'],
      ['--domain', 'not a host'],
      ['--jurisdiction', 'eu', '--location', 'weur'],
    ]) {
      const { status, output } = run('node', ['scripts/deploy.mjs', ...args]);
      expect(status, args.join(' ')).toBe(1);
      expect(output).toMatch(/--jurisdiction|--domain/);
      expect(output).not.toContain('Checking the Cloudflare login');
    }
  }, 60_000);
});

/** A stand-in for wrangler's account commands: records each call and answers like wrangler. */
const FAKE_WRANGLER = `
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
const state = process.env.FAKE_STATE;
const args = process.argv.slice(2);
appendFileSync(state + '/calls.jsonl', JSON.stringify(args) + '\\n');
const [command, sub] = args;
if (command === 'whoami') console.log('You are logged in with an API Token, associated with the email it@example.org.uk.');
else if (command === 'd1' && sub === 'list') {
  const created = existsSync(state + '/database');
  console.log(JSON.stringify(created ? [{ uuid: readFileSync(state + '/database', 'utf8'), name: 'candour' }] : []));
} else if (command === 'd1' && sub === 'create') writeFileSync(state + '/database', '5f1d2c3b-1111-4222-8333-0000c0dec0de');
else if (command === 'd1' && sub === 'migrations') console.log('Migrations applied');
else if (command === 'secret' && sub === 'list') {
  if (process.env.FAKE_SECRETS === 'no-worker') {
    console.error('This Worker does not exist on your account. [code: 10007]');
    process.exit(1);
  }
  if (process.env.FAKE_SECRETS === 'forbidden') {
    console.error('Authentication error [code: 10000]');
    process.exit(1);
  }
  console.log(JSON.stringify(process.env.FAKE_SECRETS.split(',').map((name) => ({ name, type: 'secret_text' }))));
}
else if (command === 'deploy') {
  const at = args.indexOf('--secrets-file');
  if (at >= 0) copyFileSync(args[at + 1], state + '/secrets.json');
  copyFileSync(args[args.indexOf('--config') + 1], state + '/deployed-config.json');
} else { console.error('unexpected wrangler call'); process.exit(2); }
`;

/** Runs the deploy script against the stand-in; returns its output and the wrangler calls made. */
function fakeDeploy(name: string, args: string[], secrets: string[], existingDatabase?: string) {
  const state = path.join(tmp, name);
  const fake = path.join(tmp, 'fake-wrangler.mjs');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  writeFileSync(fake, FAKE_WRANGLER);
  if (existingDatabase) writeFileSync(path.join(state, 'database'), existingDatabase);
  const result = run('node', ['scripts/deploy.mjs', '--no-build', ...args], {
    CANDOUR_WRANGLER: fake,
    FAKE_STATE: state,
    FAKE_SECRETS: secrets.join(','),
  });
  const calls = readFileSync(path.join(state, 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
  const names = calls.map((call) => call.slice(0, call[0] === 'd1' || call[0] === 'secret' ? 2 : 1).join(' '));
  return { ...result, state, calls, names };
}

describe('npm run deploy against a stand-in for the Cloudflare API', () => {
  it('creates the database in the EU, migrates it, adds only the missing secrets and deploys', () => {
    const { status, output, state, calls, names } = fakeDeploy(
      'first',
      ['--domain', 'consent.example.org.uk'],
      ['CANDOUR_SIGNING_KEY'],
    );
    expect(status, output).toBe(0);
    expect(names).toEqual(['whoami', 'd1 list', 'd1 create', 'd1 list', 'd1 migrations', 'secret list', 'deploy']);
    expect(calls[2]).toEqual(['d1', 'create', 'candour', '--jurisdiction', 'eu']);
    expect(calls[4]).toEqual(expect.arrayContaining(['apply', 'candour', '--remote', '--config']));

    const deployed = JSON.parse(readFileSync(path.join(state, 'deployed-config.json'), 'utf8'));
    expect(deployed.d1_databases[0].database_id).toBe('5f1d2c3b-1111-4222-8333-0000c0dec0de');
    expect(deployed.routes).toEqual([{ pattern: 'consent.example.org.uk', custom_domain: true }]);
    expect(deployed.vars.CANDOUR_DEMO).toBe('off');
    // The signing key exists already and is kept (a new one would orphan old receipts' kid);
    // the admin token is made, shown once, and its file is gone after the deploy.
    const secrets = JSON.parse(readFileSync(path.join(state, 'secrets.json'), 'utf8'));
    expect(Object.keys(secrets)).toEqual(['CANDOUR_ADMIN_TOKEN', 'CANDOUR_CSRF_SECRET']);
    expect(secrets.CANDOUR_ADMIN_TOKEN).toMatch(/^cnd_[A-Za-z0-9_-]{32}$/);
    expect(output).toContain(secrets.CANDOUR_ADMIN_TOKEN);
    // The CSRF secret is the Worker's alone: made at random, never printed.
    expect(secrets.CANDOUR_CSRF_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(output).not.toContain(secrets.CANDOUR_CSRF_SECRET);
    const deploy = calls.at(-1)!;
    expect(existsSync(deploy[deploy.indexOf('--secrets-file') + 1]!)).toBe(false);
    expect(output).toContain('<script src="https://consent.example.org.uk/v1/embed.js"');
  }, 120_000);

  it('on a second run finds the database, keeps every secret and sends none', () => {
    const { status, output, calls, names, state } = fakeDeploy(
      'again',
      ['--location', 'weur'],
      ['CANDOUR_SIGNING_KEY', 'CANDOUR_ADMIN_TOKEN_SHA256', 'CANDOUR_CSRF_SECRET'],
      '7a7a7a7a-1111-4222-8333-000000000001',
    );
    expect(status, output).toBe(0);
    expect(names).toEqual(['whoami', 'd1 list', 'd1 migrations', 'secret list', 'deploy']);
    expect(calls.at(-1)).not.toContain('--secrets-file');
    expect(output).toContain('CANDOUR_ADMIN_TOKEN: not needed, CANDOUR_ADMIN_TOKEN_SHA256 is set');
    expect(output).not.toMatch(/cnd_[A-Za-z0-9_-]{32}/);
    const deployed = JSON.parse(readFileSync(path.join(state, 'deployed-config.json'), 'utf8'));
    expect(deployed.d1_databases[0].database_id).toBe('7a7a7a7a-1111-4222-8333-000000000001');
    expect(deployed.routes).toBeUndefined();
  }, 120_000);

  it('generates every secret for a Worker that does not exist yet', () => {
    const { status, output, state } = fakeDeploy(
      'new-worker',
      [],
      ['no-worker'],
      '7a7a7a7a-1111-4222-8333-000000000002',
    );
    expect(status, output).toBe(0);
    const secrets = JSON.parse(readFileSync(path.join(state, 'secrets.json'), 'utf8'));
    expect(Object.keys(secrets).sort()).toEqual(['CANDOUR_ADMIN_TOKEN', 'CANDOUR_CSRF_SECRET', 'CANDOUR_SIGNING_KEY']);
    expect(JSON.parse(secrets.CANDOUR_SIGNING_KEY)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  }, 120_000);

  it('changes no secret and does not deploy when the secrets cannot be listed', () => {
    const { status, output, names } = fakeDeploy(
      'forbidden',
      [],
      ['forbidden'],
      '7a7a7a7a-1111-4222-8333-000000000003',
    );
    expect(status).toBe(1);
    expect(output).toContain("Could not list the Worker's secrets, so none were changed");
    expect(names).not.toContain('deploy');
  }, 120_000);

  it('stops at the login check when wrangler is not logged in', () => {
    const fake = path.join(tmp, 'logged-out-wrangler.mjs');
    writeFileSync(fake, "console.log('You are not authenticated. Please run `wrangler login`.');\n");
    const { status, output } = run('node', ['scripts/deploy.mjs', '--no-build'], { CANDOUR_WRANGLER: fake });
    expect(status).toBe(1);
    expect(output).toContain('Not logged in to Cloudflare');
    expect(output).not.toContain('Finding the D1 database');
  }, 60_000);
});

describe('generated binding types (wrangler types)', () => {
  it(`${TYPES_FILE} is exactly what npm run types generates`, () => {
    // Beside it in depth (so the import of worker/index is the same), in a folder nothing lints.
    const scratch = `.wrangler/worker-configuration.check-${process.pid}.d.ts`;
    try {
      const { status, output } = run('node', [wranglerBin, 'types', scratch, ...TYPES_FLAGS]);
      expect(status, output).toBe(0);
      // The header repeats the command line, so put the committed path back before comparing.
      const generated = readFileSync(path.join(root, scratch), 'utf8').replace(scratch, TYPES_FILE);
      expect(readFileSync(path.join(root, TYPES_FILE), 'utf8'), 'run `npm run types` and commit the result').toBe(
        generated,
      );
    } finally {
      rmSync(path.join(root, scratch), { force: true });
    }
  }, 60_000);

  it('passes wrangler types --check with the names from .dev.vars.example, whatever .dev.vars holds', () => {
    // `--check` reads secrets from the .dev.vars beside the config, not from --env-file, so give
    // it a config directory whose .dev.vars is the committed example: what a clean clone has.
    // That is wrangler.toml with absolute paths, as the deploy script derives it.
    const dir = path.join(tmp, 'types-check');
    mkdirSync(dir, { recursive: true });
    const { rawConfig } = experimental_readRawConfig({ config: path.join(root, 'wrangler.toml') });
    const config = deployConfig(rawConfig, { databaseName: 'candour', databaseId: 'check' });
    writeFileSync(path.join(dir, 'wrangler.json'), JSON.stringify(config));
    copyFileSync(path.join(root, '.dev.vars.example'), path.join(dir, '.dev.vars'));
    const { status, output } = run('node', [
      wranglerBin,
      'types',
      '--check',
      '--config',
      path.join(dir, 'wrangler.json'),
      TYPES_FILE,
    ]);
    expect(status, output).toBe(0);
    expect(output).toContain('are up to date');
  }, 60_000);

  it('.dev.vars.example names every secret that npm start puts in .dev.vars', () => {
    const local = Object.keys(ensureDevVars(path.join(tmp, 'dev.vars')).vars as Record<string, string>);
    const example = readFileSync(path.join(root, '.dev.vars.example'), 'utf8');
    const named = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect(
      local.filter((key) => !named.includes(key)),
      'name them in .dev.vars.example, then run npm run types',
    ).toEqual([]);
    const types = readFileSync(path.join(root, TYPES_FILE), 'utf8');
    for (const key of local) expect(types).toContain(`${key}: string;`);
  }, 60_000);
});
