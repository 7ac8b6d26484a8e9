import { spawn, execFileSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { ensureDevVars } from './dev-vars.mjs';
import { seedSites } from './seed.mjs';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? 'true' };
const wrangler = ['node_modules/wrangler/bin/wrangler.js'];

async function waitFor(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000}s`);
}

/**
 * Builds the widget, migrates local D1, starts `wrangler dev` and seeds the five organisations.
 * Used by `npm start` and by the browser tests (on their own port and state directory).
 */
export async function startDevServer({
  port = 8787,
  persistTo = '.wrangler/state',
  build = true,
  quiet = false,
  log = console.log,
} = {}) {
  const { vars, added } = ensureDevVars();
  if (added.length) log(`Created .dev.vars with ${added.join(', ')}`);
  // A quiet Worker still leaves its log where CANDOUR_WORKER_LOG says (CI keeps it beside the
  // test reports, so a failed browser test can be read against what the Worker did).
  const logFile = process.env.CANDOUR_WORKER_LOG;
  const stdio = quiet ? (logFile ? openSync(logFile, 'a') : 'ignore') : 'inherit';
  if (build) {
    log('Building the widget…');
    execFileSync('npm', ['run', '--silent', 'build'], {
      stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
      env,
    });
  }
  log('Applying D1 migrations to the local database…');
  execFileSync('node', [...wrangler, 'd1', 'migrations', 'apply', 'candour', '--local', '--persist-to', persistTo], {
    stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
    env,
  });
  log(`Starting the Worker on http://127.0.0.1:${port} …`);
  const child = spawn(
    'node',
    [
      ...wrangler,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
    ],
    { stdio: ['ignore', stdio, stdio], env, detached: false },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/.well-known/jwks.json`, child, 180_000);
    await seedSites(base, vars.CANDOUR_ADMIN_TOKEN, { log });
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { base, child, token: vars.CANDOUR_ADMIN_TOKEN };
}
