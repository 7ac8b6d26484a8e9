import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { LedgerVerifyRequestSchema, type LedgerExport, type SignedHead } from '../../contract/ledger.js';
import { headProblem } from '../crypto/ledger-proof.js';
import { fail } from '../errors.js';
import { jwksFor } from '../keys.js';
import { verifyLedger } from '../ledger-maintenance.js';
import type { AdminEnv } from '../middleware/admin-auth.js';
import { knownSite } from '../middleware/known-site.js';
import { issuesOf, limitBody } from '../middleware/validate.js';
import { appendAudit } from '../storage/audit.js';
import { latestCheckpoint } from '../storage/checkpoints.js';
import { findChainHead, receiptsInOrder } from '../storage/receipts.js';
import { streamOf } from './stream.js';

/** The verify body is optional: none (or `{}`) checks the chain, `{ head, jws }` also looks for a head. */
const verifyBody = createMiddleware<AdminEnv & { Variables: { head: SignedHead | null } }>(async (c, next) => {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      fail(400, 'invalid_json', 'The request body is not valid JSON.');
    }
  }
  const result = v.safeParse(LedgerVerifyRequestSchema, raw);
  if (!result.success) {
    fail(400, 'invalid_body', 'The body is nothing, or a saved head { head, jws }.', issuesOf(result.issues));
  }
  c.set('head', 'head' in result.output ? result.output : null);
  await next();
});

/** The export as JSON text, rows pulled from D1 a page at a time as the reader asks for them. */
async function* exportPieces(db: D1Database, site: string, exportedAt: string): AsyncGenerator<string> {
  // Fix the end first: rows appended while the export streams are left for the next one.
  const [checkpoint, end] = await Promise.all([latestCheckpoint(db, site), findChainHead(db, site)]);
  const header: Omit<LedgerExport, 'receipts'> = {
    format: 'candour-ledger-export',
    version: 1,
    site,
    exportedAt,
    checkpoint,
  };
  yield `${JSON.stringify(header).slice(0, -1)},"receipts":[`;
  let first = true;
  const rows = receiptsInOrder(db, site, { afterSeq: checkpoint?.throughSeq ?? 0, throughSeq: end?.seq ?? 0 });
  for await (const row of rows) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]}\n';
}

/** Mounted at /v1/admin/sites/:site/ledger. */
export const adminLedger = new Hono<AdminEnv>()
  .use(knownSite)
  // Verifying writes an audit entry, so it is a POST (and the admin page sends its CSRF token).
  .post('/verify', limitBody(8 * 1024), verifyBody, async (c) => {
    const site = c.get('site').id;
    const jwks = await jwksFor(c.env);
    const saved = c.get('head');
    if (saved) {
      const problem = await headProblem(saved, site, jwks);
      if (problem) fail(400, 'head_not_verified', `The saved head was not trusted: ${problem}. Nothing was checked.`);
    }
    const result = await verifyLedger(c.env.DB, site, jwks, saved?.head);
    await appendAudit(c.env.DB, {
      at: new Date().toISOString(),
      actor: c.get('actor'),
      site,
      action: 'ledger.verify',
      detail: {
        ok: result.ok,
        checked: result.checked,
        ...(result.ok ? {} : { brokenSeq: result.brokenSeq }),
        ...(saved ? { head: { seq: saved.head.seq, at: saved.head.at } } : {}),
      },
    });
    return c.json(result);
  })
  // The export is audited, so it is a POST too: no cross-site navigation can write to the log.
  .post('/export', async (c) => {
    const site = c.get('site').id;
    const exportedAt = new Date().toISOString();
    await appendAudit(c.env.DB, {
      at: exportedAt,
      actor: c.get('actor'),
      site,
      action: 'ledger.export',
      detail: {},
    });
    const name = `candour-${site}-ledger-${exportedAt.slice(0, 10)}.json`;
    return new Response(streamOf(exportPieces(c.env.DB, site, exportedAt)), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
