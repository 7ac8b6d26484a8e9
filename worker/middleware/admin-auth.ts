import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../../contract/canonical.js';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Bearer-token check for /v1/admin. Tokens are compared as SHA-256 digests in constant time, and
 * every failure gets the same 401 so that nothing is learnt from it.
 */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const presented = /^Bearer ([\x21-\x7e]{16,200})$/.exec(c.req.header('Authorization') ?? '')?.[1];
  const expected = c.env.CANDOUR_ADMIN_TOKEN;
  if (!presented || !expected || !constantTimeEqual(await sha256Hex(presented), await sha256Hex(expected))) {
    c.header('WWW-Authenticate', 'Bearer realm="candour-admin"');
    fail(401, 'unauthorised', 'Sign in with a valid admin token.');
  }
  c.set('actor', 'admin-token');
  await next();
});
