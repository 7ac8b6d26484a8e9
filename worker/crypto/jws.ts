import { base64urlDecode, base64urlDecodeText, base64urlEncode, base64urlEncodeText } from './base64url.js';

/**
 * Compact JWS with EdDSA (Ed25519) through WebCrypto, the same code in workerd and in Node, so
 * that a receipt can be checked offline with nothing but the published JWKS.
 */

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
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

const ED25519 = { name: 'Ed25519' } as const;

function parsePrivateJwk(json: string): PrivateJwk {
  let jwk: Partial<PrivateJwk>;
  try {
    jwk = JSON.parse(json) as Partial<PrivateJwk>;
  } catch {
    throw new Error('CANDOUR_SIGNING_KEY is not JSON: expected a private Ed25519 JWK');
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x || !jwk.d || !jwk.kid) {
    throw new Error('CANDOUR_SIGNING_KEY must be a private Ed25519 JWK with kty, crv, x, d and kid');
  }
  return jwk as PrivateJwk;
}

export function publicJwkOf(jwk: { x: string; kid: string }): PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' };
}

export async function createSigner(privateJwkJson: string): Promise<Signer> {
  const jwk = parsePrivateJwk(privateJwkJson);
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, ED25519, false, [
    'sign',
  ]);
  const header = base64urlEncodeText(JSON.stringify({ alg: 'EdDSA', kid: jwk.kid, typ: 'JWT' }));
  return {
    kid: jwk.kid,
    publicJwk: publicJwkOf(jwk),
    async sign(payload) {
      const signingInput = `${header}.${base64urlEncodeText(JSON.stringify(payload))}`;
      const signature = await crypto.subtle.sign(ED25519, key, new TextEncoder().encode(signingInput));
      return `${signingInput}.${base64urlEncode(new Uint8Array(signature))}`;
    },
  };
}

export type VerifyResult<T> = { valid: true; kid: string; payload: T } | { valid: false; reason: string };

/** Checks a compact JWS against a JWKS; never throws for a bad token. */
export async function verifyJws<T = unknown>(jws: string, jwks: Jwks): Promise<VerifyResult<T>> {
  const parts = jws.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'not a compact JWS' };
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  let header: { alg?: string; kid?: string };
  let payload: T;
  try {
    header = JSON.parse(base64urlDecodeText(encodedHeader)) as typeof header;
    payload = JSON.parse(base64urlDecodeText(encodedPayload)) as T;
  } catch {
    return { valid: false, reason: 'header or payload is not base64url JSON' };
  }
  if (header.alg !== 'EdDSA') return { valid: false, reason: `unsupported alg ${String(header.alg)}` };
  const jwk = jwks.keys.find((candidate) => candidate.kid === header.kid);
  if (!jwk) return { valid: false, reason: `no key with kid ${String(header.kid)} in the JWKS` };
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, ED25519, false, [
    'verify',
  ]);
  const ok = await crypto.subtle.verify(
    ED25519,
    key,
    base64urlDecode(encodedSignature),
    new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`),
  );
  return ok ? { valid: true, kid: jwk.kid, payload } : { valid: false, reason: 'signature does not verify' };
}

/** The public half of every key that may have signed a receipt: current first, then retired. */
export function buildJwks(current: PublicJwk, retiredJson: string | undefined): Jwks {
  const retired = retiredJson ? (JSON.parse(retiredJson) as { x: string; kid: string }[]) : [];
  return { keys: [current, ...retired.filter((key) => key.kid !== current.kid).map(publicJwkOf)] };
}
