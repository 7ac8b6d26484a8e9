/**
 * `npm run deploy`: puts Candour on a Cloudflare account, step by step, and can be run again to
 * update it. It never changes wrangler.toml: the account-specific values (the D1 database id, a
 * custom domain) go into a derived config under .wrangler/candour-deploy/.
 *
 *   npm run deploy -- [--domain consent.example.org.uk] [--jurisdiction eu | --location weur]
 *                     [--database candour] [--name candour] [--dry-run] [--outdir DIR] [--no-build]
 *
 * Steps: check the login, build the widget, find or create the D1 database (in the EU
 * jurisdiction unless told otherwise), apply the migrations remotely, generate the secrets that
 * are missing (a receipt-signing key and an admin token), deploy with the daily retention cron
 * and the custom domain. `--dry-run` needs no account: it bundles the Worker exactly as a deploy
 * would (`wrangler deploy --dry-run`) with a placeholder database id, and stops there.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { newCsrfSecret, newSigningKey } from './dev-vars.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEPLOY_DIR = path.join(ROOT, '.wrangler/candour-deploy');
const PLACEHOLDER_DATABASE_ID = '00000000-0000-0000-0000-000000000000';
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
// CANDOUR_WRANGLER lets the tests stand a fake wrangler in for the Cloudflare API.
const WRANGLER = [process.env.CANDOUR_WRANGLER ?? path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js')];

/**
 * Secrets the Worker needs, how to make each when it is missing, and which other secrets stand in
 * for it (an admin token is not needed when only its digest is kept, or Access signs admins in).
 */
const SECRETS = {
  CANDOUR_SIGNING_KEY: { make: () => newSigningKey(), or: [] },
  CANDOUR_ADMIN_TOKEN: {
    make: () => `cnd_${randomBytes(24).toString('base64url')}`,
    or: ['CANDOUR_ADMIN_TOKEN_SHA256', 'CANDOUR_ACCESS_AUD'],
  },
  // Keys the admin page's CSRF tokens; a secret of its own, so rotating another key leaves it be.
  CANDOUR_CSRF_SECRET: { make: () => newCsrfSecret(), or: [] },
};

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

function step(message) {
  console.log(`\n▸ ${message}`);
}

/** Runs wrangler with its output on the terminal; stops the deploy if it fails. */
function wrangler(args, what) {
  const run = spawnSync('node', [...WRANGLER, ...args], { cwd: ROOT, env, stdio: 'inherit' });
  if (run.status !== 0) fail(`${what} failed (wrangler ${args.join(' ')}).`);
}

/** Runs wrangler for its output (JSON); returns null when it fails. */
function wranglerOutput(args) {
  const run = wranglerCapture(args);
  return run.ok ? run.stdout : null;
}

function wranglerCapture(args) {
  const run = spawnSync('node', [...WRANGLER, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { ok: run.status === 0, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

function parseJson(text) {
  // Wrangler may print a banner before the JSON.
  const start = text.search(/[[{]/);
  return JSON.parse(text.slice(start));
}

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      domain: { type: 'string' },
      jurisdiction: { type: 'string' },
      location: { type: 'string' },
      database: { type: 'string', default: 'candour' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      outdir: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.jurisdiction && values.location) {
    fail('Give --jurisdiction or --location, not both (a jurisdiction overrides a location hint).');
  }
  if (values.jurisdiction && !['eu', 'fedramp'].includes(values.jurisdiction)) {
    fail(`--jurisdiction must be "eu" (or "fedramp"), not "${values.jurisdiction}".`);
  }
  if (values.location && !['weur', 'eeur', 'apac', 'oc', 'wnam', 'enam'].includes(values.location)) {
    fail(`--location must be one of weur, eeur, apac, oc, wnam, enam, not "${values.location}".`);
  }
  if (values.domain && !/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(values.domain)) {
    fail(`--domain must be a host name such as consent.example.org.uk, not "${values.domain}".`);
  }
  if (!values.jurisdiction && !values.location) values.jurisdiction = 'eu';
  return values;
}

/** wrangler.toml as wrangler reads it, through wrangler's own reader. */
async function readWranglerConfig() {
  const { experimental_readRawConfig } = await import('wrangler');
  return experimental_readRawConfig({ config: path.join(ROOT, 'wrangler.toml') }).rawConfig;
}

/**
 * The committed configuration with this account's values: absolute paths (the file lives under
 * .wrangler/), the real database id, the custom domain, and the demo pages off.
 */
export function deployConfig(raw, { name, databaseName, databaseId, domain }) {
  const resolve = (relative) => path.resolve(ROOT, relative);
  const [database, ...others] = raw.d1_databases ?? [];
  if (!database || others.length > 0) throw new Error('wrangler.toml should declare exactly one D1 database');
  return {
    ...raw,
    name: name ?? raw.name,
    main: resolve(raw.main),
    assets: { ...raw.assets, directory: resolve(raw.assets.directory) },
    d1_databases: [
      {
        ...database,
        database_name: databaseName,
        database_id: databaseId,
        migrations_dir: resolve(database.migrations_dir),
      },
    ],
    vars: { ...raw.vars, CANDOUR_DEMO: 'off' },
    // Paths in `alias` (Lit's server builds, the notice renderer) are relative to the config file.
    ...(raw.alias
      ? {
          alias: Object.fromEntries(
            Object.entries(raw.alias).map(([from, to]) => [from, to.startsWith('.') ? resolve(to) : to]),
          ),
        }
      : {}),
    ...(domain ? { routes: [{ pattern: domain, custom_domain: true }] } : {}),
  };
}

function writeDeployConfig(config) {
  mkdirSync(DEPLOY_DIR, { recursive: true });
  const file = path.join(DEPLOY_DIR, 'wrangler.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

function findDatabase(name) {
  const listed = wranglerOutput(['d1', 'list', '--json']);
  if (listed === null) fail('Could not list the D1 databases on this account (wrangler d1 list).');
  return parseJson(listed).find((database) => database.name === name) ?? null;
}

function build() {
  step('Building the widget (npm run build)…');
  const run = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, env, stdio: 'inherit' });
  if (run.status !== 0) fail('The build failed.');
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(
      'Usage: npm run deploy -- [--domain HOST] [--jurisdiction eu | --location weur] [--database NAME] [--name WORKER] [--dry-run] [--outdir DIR] [--no-build]\nSee docs/deploy.md.',
    );
    return;
  }
  if (!options['dry-run']) {
    step('Checking the Cloudflare login…');
    const whoami = wranglerOutput(['whoami']);
    if (whoami === null || /not authenticated/i.test(whoami)) {
      fail(
        'Not logged in to Cloudflare. Run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID if the token reaches more than one account).',
      );
    }
  }
  const raw = await readWranglerConfig();
  const name = options.name ?? raw.name;

  if (options['dry-run']) {
    if (!options['no-build'] || !existsSync(path.join(ROOT, 'dist/public/v1/embed.js'))) build();
    const config = deployConfig(raw, {
      name,
      databaseName: options.database,
      databaseId: PLACEHOLDER_DATABASE_ID,
      domain: options.domain,
    });
    const file = writeDeployConfig(config);
    step(`Dry run: bundling the Worker as a deploy would (config ${path.relative(ROOT, file)})…`);
    const outdir = path.resolve(options.outdir ?? path.join(DEPLOY_DIR, 'dist'));
    wrangler(['deploy', '--dry-run', '--config', file, '--outdir', outdir], 'The dry run');
    console.log(`\n✔ Dry run passed: the Worker bundles (${path.relative(ROOT, outdir) || outdir}). Nothing was sent.`);
    return;
  }

  if (!options['no-build']) build();
  if (!existsSync(path.join(ROOT, 'dist/public/v1/embed.js'))) fail('dist/public is not built: run npm run build.');

  step(`Finding the D1 database "${options.database}"…`);
  let database = findDatabase(options.database);
  if (database) {
    console.log(`  found ${database.uuid}; its location was fixed when it was created.`);
  } else {
    const where = options.jurisdiction ? ['--jurisdiction', options.jurisdiction] : ['--location', options.location];
    console.log(`  creating it (${where.join(' ')})…`);
    wrangler(['d1', 'create', options.database, ...where], 'Creating the D1 database');
    database = findDatabase(options.database);
    if (!database) fail(`The D1 database "${options.database}" was created but cannot be found.`);
  }

  const config = deployConfig(raw, {
    name,
    databaseName: options.database,
    databaseId: database.uuid,
    domain: options.domain,
  });
  const file = writeDeployConfig(config);

  step('Applying the D1 migrations to the remote database…');
  wrangler(['d1', 'migrations', 'apply', options.database, '--remote', '--config', file], 'Applying the migrations');

  step('Checking the secrets…');
  const listed = wranglerCapture(['secret', 'list', '--format', 'json', '--config', file]);
  // Only a Worker that does not exist yet may have no secrets listed: anything else could mean a
  // signing key is there and unseen, and replacing it would strand every receipt signed with it.
  if (!listed.ok && !/does not exist|not found|10007/i.test(`${listed.stdout}\n${listed.stderr}`)) {
    fail(`Could not list the Worker's secrets, so none were changed (wrangler secret list):\n${listed.stderr}`);
  }
  const present = new Set(listed.ok ? parseJson(listed.stdout).map((secret) => secret.name) : []);
  const created = {};
  for (const [key, secret] of Object.entries(SECRETS)) {
    const standIn = secret.or.find((other) => present.has(other));
    if (present.has(key)) console.log(`  ${key}: set already, kept`);
    else if (standIn) console.log(`  ${key}: not needed, ${standIn} is set`);
    else {
      created[key] = secret.make();
      console.log(`  ${key}: missing, generated now`);
    }
  }
  let secretsFile = null;
  if (Object.keys(created).length > 0) {
    secretsFile = path.join(os.tmpdir(), `candour-secrets-${process.pid}-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(secretsFile, JSON.stringify(created), { mode: 0o600 });
  }

  step(`Deploying the Worker "${name}"${options.domain ? ` on https://${options.domain}` : ''}…`);
  try {
    wrangler(['deploy', '--config', file, ...(secretsFile ? ['--secrets-file', secretsFile] : [])], 'The deploy');
  } finally {
    if (secretsFile) rmSync(secretsFile, { force: true });
  }

  const host = options.domain ? `https://${options.domain}` : `https://${name}.<your-subdomain>.workers.dev`;
  console.log(`
✔ Candour is deployed.

  Script tag:   <script src="${host}/v1/embed.js" data-site="YOUR-SITE-ID"></script>
  Admin page:   ${host}/admin
  Public keys:  ${host}/.well-known/jwks.json
  Retention:    cron "${(raw.triggers?.crons ?? []).join('", "')}" (UTC), daily
`);
  if (created.CANDOUR_ADMIN_TOKEN) {
    console.log(`  Admin token (shown this once; keep it in your password manager):
    ${created.CANDOUR_ADMIN_TOKEN}
`);
  }
  console.log('Next: register your site and publish its notice (docs/deploy.md, "After the first deploy").');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
}
