import * as v from 'valibot';
import type { LedgerCheck, LedgerExport, SignedCheckpoint, SignedReceipt } from '../../contract/ledger.js';
import { SignedHeadSchema } from '../../contract/ledger.js';
import type { Jwks } from './jws.js';
import { headProblem, walkLedger } from './ledger-proof.js';

export type ExportCheck = LedgerCheck | { ok: false; unusable: string };

/**
 * Checks a ledger export with nothing but the JWKS (and, optionally, a head someone kept): the
 * checkpoint's signature, every row as a chain link and against its own JWS, and the head
 * contained. Never throws: a file that is not an export, or a head that does not verify, is
 * `unusable` with the reason.
 */
export function verifyExport(file: unknown, jwks: unknown, savedHead?: unknown): Promise<ExportCheck> {
  const receipts = (file as Partial<LedgerExport> | null)?.receipts;
  if (!Array.isArray(receipts)) return Promise.resolve({ ok: false, unusable: 'the export has no receipts list' });
  return verifyExportRows(file, receipts as unknown[], jwks, savedHead);
}

/**
 * The same check with the rows apart from the rest of the export (`header`: everything but
 * `receipts`), so that a long export can be read a row at a time instead of held whole.
 */
export async function verifyExportRows(
  header: unknown,
  rows: AsyncIterable<unknown> | Iterable<unknown>,
  jwks: unknown,
  savedHead?: unknown,
): Promise<ExportCheck> {
  const data = header as Partial<LedgerExport> | null;
  if (!data || data.format !== 'candour-ledger-export' || data.version !== 1 || typeof data.site !== 'string') {
    return { ok: false, unusable: 'the file is not a Candour ledger export (format candour-ledger-export, version 1)' };
  }
  const checkpoint = data.checkpoint as SignedCheckpoint | null | undefined;
  if (checkpoint !== null && (typeof checkpoint !== 'object' || typeof checkpoint?.throughSeq !== 'number')) {
    return { ok: false, unusable: 'the export’s checkpoint is neither null nor a checkpoint' };
  }
  if (!Array.isArray((jwks as Partial<Jwks> | null)?.keys)) {
    return { ok: false, unusable: 'the JWKS file has no keys' };
  }
  let head;
  if (savedHead !== undefined) {
    const parsed = v.safeParse(SignedHeadSchema, savedHead);
    if (!parsed.success) return { ok: false, unusable: 'the head file is not a saved ledger head { head, jws }' };
    const problem = await headProblem(parsed.output, data.site, jwks as Jwks);
    if (problem) return { ok: false, unusable: problem };
    head = parsed.output.head;
  }
  return walkLedger(rows as AsyncIterable<SignedReceipt> | Iterable<SignedReceipt>, {
    site: data.site,
    jwks: jwks as Jwks,
    checkpoints: checkpoint ? [checkpoint] : [],
    head,
  });
}
