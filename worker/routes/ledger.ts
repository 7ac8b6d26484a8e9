import { Hono } from 'hono';
import type { LedgerHead, SignedHead } from '../../contract/ledger.js';
import { GENESIS_HASH } from '../crypto/chain.js';
import type { AppEnv } from '../env.js';
import { signerFor } from '../keys.js';
import { findChainHead } from '../storage/receipts.js';

/**
 * Mounted at /v1/sites/:site/ledger, behind siteAccess. Anyone may take and keep a signed head:
 * a later `npm run verify -- --head FILE` shows whether the ledger still contains it, which is
 * what catches a cut tail or a rewritten history that recomputed every hash after it.
 */
export const ledger = new Hono<AppEnv>().get('/head', async (c) => {
  const site = c.get('site');
  const end = await findChainHead(c.env.DB, site.id);
  const head: LedgerHead = {
    type: 'candour-ledger-head',
    site: site.id,
    seq: end?.seq ?? 0,
    hash: end?.hash ?? GENESIS_HASH,
    at: new Date().toISOString(),
  };
  const signer = await signerFor(c.env);
  c.header('Cache-Control', 'no-store');
  return c.json({ head, jws: await signer.sign(head) } satisfies SignedHead);
});
