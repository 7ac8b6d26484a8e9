import * as v from 'valibot';
import type { ConsentReceipt } from './api.js';

const HEX_HASH = /^[0-9a-f]{64}$/;
const SITE = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** A compact JWS: three base64url parts. The signature itself is checked by the verifier. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Where a site's ledger ended at `at`: the newest sequence number and its hash. Signed with the
 * receipt key, so that anyone who kept one can later prove the ledger still contains it.
 */
export const LedgerHeadSchema = v.strictObject({
  type: v.literal('candour-ledger-head'),
  site: v.pipe(v.string(), v.regex(SITE)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  hash: v.pipe(v.string(), v.regex(HEX_HASH)),
  at: v.pipe(v.string(), v.isoTimestamp()),
});
export type LedgerHead = v.InferOutput<typeof LedgerHeadSchema>;

/** `GET /v1/sites/:site/ledger/head`, and the file `npm run verify -- --head FILE` reads. */
export const SignedHeadSchema = v.strictObject({
  head: LedgerHeadSchema,
  jws: v.pipe(v.string(), v.maxLength(4096), v.regex(COMPACT_JWS, 'jws is a compact JWS')),
});
export type SignedHead = v.InferOutput<typeof SignedHeadSchema>;

/** Body of `POST /v1/admin/sites/:site/ledger/verify`: nothing, or a head to look for. */
export const LedgerVerifyRequestSchema = v.union([v.strictObject({}), SignedHeadSchema]);
export type LedgerVerifyRequest = v.InferOutput<typeof LedgerVerifyRequestSchema>;

/** The signed payload of a retention checkpoint: the chain through `throughSeq` was sealed. */
export interface CheckpointPayload {
  type: 'candour-checkpoint';
  site: string;
  throughSeq: number;
  throughHash: string;
  createdAt: string;
}

/** A checkpoint as stored and exported: its columns, and the JWS that signed them. */
export interface SignedCheckpoint {
  site: string;
  throughSeq: number;
  throughHash: string;
  createdAt: string;
  kid: string;
  jws: string;
}

/** One ledger row as stored and exported: the receipt, its JWS and the kid the row names. */
export interface SignedReceipt {
  receipt: ConsentReceipt;
  jws: string;
  kid: string;
}

/** `POST /v1/admin/sites/:site/ledger/export`: everything an offline verifier needs but the JWKS. */
export interface LedgerExport {
  format: 'candour-ledger-export';
  version: 1;
  site: string;
  exportedAt: string;
  checkpoint: SignedCheckpoint | null;
  receipts: SignedReceipt[];
}

/** What a head check found: contained, or where it stopped matching. */
export type HeadCheck =
  | { contained: true; seq: number; by: 'receipt' | 'checkpoint' | 'genesis' | 'sealed' }
  | { contained: false; seq: number; reason: string };

/** The answer of the ledger verify endpoint (and of the offline verifier). */
export type LedgerWalk =
  | { ok: true; checked: number; lastSeq: number; lastHash: string }
  | { ok: false; checked: number; brokenSeq: number; reason: string };

export type LedgerCheck = LedgerWalk & {
  site: string;
  /** Where the walk started: a signed checkpoint left by a retention sweep, or the beginning. */
  from: { seq: number; checkpoint: boolean };
  head?: HeadCheck;
};
