import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type CompactJWSHeaderParameters } from 'jose';

/**
 * Compact JWS with EdDSA (Ed25519) through jose, the same code in workerd and in Node, so that a
 * receipt can be checked offline with nothing but the published JWKS.
 */

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
  /**
   * A retired key's retirement time (ISO 8601, UTC). Anything whose signed time is later was not
   * signed while the key was in service and does not verify. Absent on the current key.
   */
  retiredAt?: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

export interface Signer {
  kid: string;
  publicJwk: PublicJwk;
  sign(payload: unknown): Promise<string>;
}

interface PrivateJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
  kid: string;
}

function parsePrivateJwk(json: string): PrivateJwk {
  let jwk: Partial<PrivateJwk>;
  try {
    jwk = JSON.parse(json) as Partial<PrivateJwk>;
  } catch {
    throw new Error('CANDOUR_SIGNING_KEY is not JSON: expected a private Ed25519 JWK');
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x || !jwk.d || !jwk.kid) {
    throw new Error('CANDOUR_SIGNING_KEY must be a private Ed25519 JWK with kty, crv, x, d and kid');
  }
  return jwk as PrivateJwk;
}

export function publicJwkOf(jwk: { x: string; kid: string; retiredAt?: string }): PublicJwk {
  const key: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' };
  return jwk.retiredAt === undefined ? key : { ...key, retiredAt: jwk.retiredAt };
}

/** One compact JWS over exactly these payload bytes, with exactly this protected header. */
export function signCompact(key: CryptoKey, header: CompactJWSHeaderParameters, payload: Uint8Array): Promise<string> {
  return new CompactSign(payload).setProtectedHeader(header).sign(key);
}

export async function createSigner(privateJwkJson: string): Promise<Signer> {
  const jwk = parsePrivateJwk(privateJwkJson);
  const key = (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, 'EdDSA')) as CryptoKey;
  // Header members in this order, payload as JSON.stringify: the bytes every earlier receipt signed.
  const header = { alg: 'EdDSA', kid: jwk.kid, typ: 'JWT' };
  return {
    kid: jwk.kid,
    publicJwk: publicJwkOf(jwk),
    sign: (payload) => signCompact(key, header, new TextEncoder().encode(JSON.stringify(payload))),
  };
}

export type VerifyResult<T> =
  { valid: true; kid: string; key: PublicJwk; payload: T } | { valid: false; reason: string };

/** The protected header's kid, without trusting anything else in the token. */
function kidOf(jws: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(jws);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/** Imported public keys by `x`: a ledger walk verifies thousands of rows with a handful of keys. */
const importedKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();

function publicKeyOf(x: string): Promise<CryptoKey | Uint8Array> {
  let key = importedKeys.get(x);
  if (!key) {
    if (importedKeys.size >= 32) importedKeys.clear();
    key = importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA');
    // A key that fails to import is not remembered; the caller reports it as malformed.
    key.catch(() => importedKeys.delete(x));
    importedKeys.set(x, key);
  }
  return key;
}

/**
 * Checks a compact JWS against a JWKS: EdDSA only (so never `none`), the key named by the
 * header's kid, a JSON payload. Never throws, whatever it is given.
 */
export async function verifyJws<T = unknown>(jws: unknown, jwks: unknown): Promise<VerifyResult<T>> {
  if (typeof jws !== 'string' || jws.split('.').length !== 3) return { valid: false, reason: 'not a compact JWS' };
  const keys = (jwks as Partial<Jwks> | null)?.keys;
  if (!Array.isArray(keys)) return { valid: false, reason: 'the JWKS has no keys' };
  const kid = kidOf(jws);
  if (kid === undefined) return { valid: false, reason: 'the JWS header names no kid' };
  const jwk = keys.find((candidate: unknown) => (candidate as PublicJwk | null)?.kid === kid) as PublicJwk | undefined;
  if (!jwk) return { valid: false, reason: `no key with kid ${kid} in the JWKS` };
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not Ed25519');
    verified = await compactVerify(jws, await publicKeyOf(jwk.x), { algorithms: ['EdDSA'] });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      valid: false,
      reason:
        code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
          ? 'signature does not verify'
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? 'the JWS is not EdDSA'
            : `the JWS or key ${kid} is malformed`,
    };
  }
  try {
    const payload = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(verified.payload),
    ) as T;
    return { valid: true, kid, key: publicJwkOf(jwk), payload };
  } catch {
    return { valid: false, reason: 'the signed payload is not JSON' };
  }
}

/**
 * As verifyJws, and the payload's signed time (`timeField`) is a time at which the key was in
 * service: a retired key cannot vouch for anything it claims to have signed after retirement.
 */
export async function verifyJwsAt<T = unknown>(
  jws: unknown,
  jwks: unknown,
  timeField: string,
): Promise<VerifyResult<T>> {
  const result = await verifyJws<T>(jws, jwks);
  if (!result.valid) return result;
  const signedAt = (result.payload as Record<string, unknown> | null)?.[timeField];
  const signedMs = typeof signedAt === 'string' ? Date.parse(signedAt) : NaN;
  if (Number.isNaN(signedMs)) return { valid: false, reason: `the signed ${timeField} is not a time` };
  const { retiredAt } = result.key;
  if (retiredAt !== undefined && !(signedMs <= Date.parse(retiredAt))) {
    return {
      valid: false,
      reason: `signed with key ${result.kid} at ${String(signedAt)}, after it was retired at ${retiredAt}`,
    };
  }
  return result;
}

/**
 * The public half of every key that may have signed: current first, then retired ones, each of
 * which must say when it was retired (CANDOUR_RETIRED_KEYS: `[{ "x", "kid", "retiredAt" }]`).
 */
export function buildJwks(current: PublicJwk, retiredJson: string | undefined): Jwks {
  const retired = retiredJson ? parseRetiredKeys(retiredJson) : [];
  return { keys: [current, ...retired.filter((key) => key.kid !== current.kid).map(publicJwkOf)] };
}

function parseRetiredKeys(json: string): { x: string; kid: string; retiredAt: string }[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    throw new Error('CANDOUR_RETIRED_KEYS is not JSON: expected [{"x": "…", "kid": "…", "retiredAt": "…"}]');
  }
  if (!Array.isArray(list)) throw new Error('CANDOUR_RETIRED_KEYS must be a JSON array');
  return list.map((entry: unknown, index) => {
    const { x, kid, retiredAt } = (entry ?? {}) as Record<string, unknown>;
    if (typeof x !== 'string' || typeof kid !== 'string') {
      throw new Error(`CANDOUR_RETIRED_KEYS[${index}] needs the key's x and kid`);
    }
    if (
      typeof retiredAt !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T/.test(retiredAt) ||
      Number.isNaN(Date.parse(retiredAt))
    ) {
      throw new Error(`CANDOUR_RETIRED_KEYS[${index}] (kid ${kid}) needs retiredAt, the ISO time it stopped signing`);
    }
    return { x, kid, retiredAt: new Date(retiredAt).toISOString() };
  });
}
