import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads `.dev.vars` (KEY=value lines) into an object. */
export function readDevVars(path = '.dev.vars') {
  if (!existsSync(path)) return {};
  const vars = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]] = match[2].replace(/^'(.*)'$/, '$1');
  }
  return vars;
}

export function newSigningKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = `candour-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid });
}

/** The admin page's CSRF key: 256 random bits, nothing else derives from it. */
export function newCsrfSecret() {
  return randomBytes(32).toString('base64url');
}

/**
 * Creates `.dev.vars` with a local admin token, a receipt signing key, a CSRF secret and the demo pages on,
 * keeping whatever is already there. Returns the variables.
 */
export function ensureDevVars(path = '.dev.vars') {
  const vars = readDevVars(path);
  const added = [];
  if (!vars.CANDOUR_ADMIN_TOKEN) {
    vars.CANDOUR_ADMIN_TOKEN = `cnd_${randomBytes(24).toString('base64url')}`;
    added.push('CANDOUR_ADMIN_TOKEN');
  }
  if (!vars.CANDOUR_SIGNING_KEY) {
    vars.CANDOUR_SIGNING_KEY = newSigningKey();
    added.push('CANDOUR_SIGNING_KEY');
  }
  if (!vars.CANDOUR_CSRF_SECRET) {
    vars.CANDOUR_CSRF_SECRET = newCsrfSecret();
    added.push('CANDOUR_CSRF_SECRET');
  }
  if (!vars.CANDOUR_DEMO) {
    vars.CANDOUR_DEMO = 'on';
    added.push('CANDOUR_DEMO');
  }
  if (added.length) {
    const body = Object.entries(vars)
      .map(([key, value]) => `${key}=${value.startsWith('{') ? `'${value}'` : value}`)
      .join('\n');
    writeFileSync(path, `# Local secrets for wrangler dev. Never commit this file.\n${body}\n`, { mode: 0o600 });
  }
  return { vars, added };
}
