import { Hono } from 'hono';
import { TokenRequestSchema } from '../../contract/admin.js';
import { TokenIdParamSchema } from '../../contract/params.js';
import { sha256Hex } from '../../contract/canonical.js';
import { base64url } from 'jose';
import { fail } from '../errors.js';
import { requireGlobal, type AdminEnv } from '../middleware/admin-auth.js';
import { limitBody, valid, validJson } from '../middleware/validate.js';
import { appendAudit } from '../storage/audit.js';
import { findSite } from '../storage/sites.js';
import { insertToken, listTokens, revokeToken } from '../storage/tokens.js';

/** A new admin token: 192 random bits, shown once and stored only as its SHA-256 digest. */
export function newAdminToken(): string {
  return `cnd_${base64url.encode(crypto.getRandomValues(new Uint8Array(24)))}`;
}

const NO_TOKEN = 'There is no live token with that id.';

/** Mounted at /v1/admin/tokens: only an admin of every site manages tokens. */
export const adminTokens = new Hono<AdminEnv>()
  .use(async (c, next) => {
    requireGlobal(c.get('admin'));
    await next();
  })
  .get('/', async (c) => c.json({ tokens: await listTokens(c.env.DB) }))
  .post('/', limitBody(4 * 1024), ...validJson(TokenRequestSchema), async (c) => {
    const { label, site } = c.req.valid('json');
    if (site !== undefined && !(await findSite(c.env.DB, site))) {
      fail(422, 'site_not_found', `No site is registered as "${site}"; no token was made.`);
    }
    const token = newAdminToken();
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await insertToken(c.env.DB, {
      id,
      tokenHash: await sha256Hex(token),
      label,
      site: site ?? null,
      createdAt: now,
      createdBy: c.get('actor'),
    });
    await appendAudit(c.env.DB, {
      at: now,
      actor: c.get('actor'),
      site: site ?? null,
      action: 'token.create',
      detail: { id, label, site: site ?? null },
    });
    return c.json(
      { token, info: { id, label, site: site ?? null, createdAt: now, createdBy: c.get('actor'), revokedAt: null } },
      201,
    );
  })
  .delete(
    '/:id',
    valid('param', TokenIdParamSchema, { status: 404, code: 'token_not_found', message: NO_TOKEN }),
    async (c) => {
      const { id } = c.req.valid('param');
      const now = new Date().toISOString();
      if (!(await revokeToken(c.env.DB, id, now))) {
        fail(404, 'token_not_found', NO_TOKEN);
      }
      await appendAudit(c.env.DB, {
        at: now,
        actor: c.get('actor'),
        site: null,
        action: 'token.revoke',
        detail: { id },
      });
      return c.json({ id, revokedAt: now });
    },
  );
