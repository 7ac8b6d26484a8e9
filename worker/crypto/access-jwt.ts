import { base64urlDecode, base64urlDecodeText } from './base64url.js';

/**
 * Cloudflare Access puts a signed JWT (RS256) in `Cf-Access-Jwt-Assertion` on every request it
 * lets through. We check it ourselves against the team's published keys, so a request that
 * reaches the Worker some other way (a workers.dev route, a misconfigured policy) gets nothing.
 */
export interface AccessConfig {
  /** `https://<team>.cloudflareaccess.com`: the issuer, and where the keys are published. */
  teamDomain?: string;
  /** The Access application's audience tag. */
  aud: string;
  /** A JWKS document (JSON) to use instead of fetching the team's keys: tests, air-gapped setups. */
  jwks?: string;
}

export interface AccessIdentity {
  /** The person's email, or a service token's common name, or the subject id. */
  name: string;
  sub: string;
}

interface RsaJwk {
  kty: string;
  kid?: string;
  n?: string;
  e?: string;
  alg?: string;
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
/** Clock skew tolerated on exp and nbf. */
const LEEWAY_SECONDS = 60;
const CERTS_TTL_MS = 10 * 60_000;

let certsCache: { url: string; keys: RsaJwk[]; fetchedAt: number } | undefined;

export function issuerOf(teamDomain: string): string {
  const host = teamDomain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${host}`;
}

async function keysFor(config: AccessConfig, now: number): Promise<RsaJwk[]> {
  if (config.jwks) return (JSON.parse(config.jwks) as { keys?: RsaJwk[] }).keys ?? [];
  if (!config.teamDomain) return [];
  const url = `${issuerOf(config.teamDomain)}/cdn-cgi/access/certs`;
  if (certsCache?.url === url && now - certsCache.fetchedAt < CERTS_TTL_MS) return certsCache.keys;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Access certs: ${response.status} from ${url}`);
  const keys = ((await response.json()) as { keys?: RsaJwk[] }).keys ?? [];
  certsCache = { url, keys, fetchedAt: now };
  return keys;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The identity in a valid assertion, or null for anything else (bad signature, audience, issuer, time). */
export async function verifyAccessJwt(
  token: string,
  config: AccessConfig,
  now = Date.now(),
): Promise<AccessIdentity | null> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown> | null;
  let payload: Record<string, unknown> | null;
  try {
    header = parseJson(base64urlDecodeText(headerPart));
    payload = parseJson(base64urlDecodeText(payloadPart));
  } catch {
    return null;
  }
  if (!header || !payload || header.alg !== 'RS256') return null;

  const keys = (await keysFor(config, now)).filter((key) => key.kty === 'RSA' && key.n && key.e);
  const jwk = keys.find((key) => key.kid === header.kid) ?? (header.kid === undefined ? keys[0] : undefined);
  if (!jwk) return null;
  const key = await crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256' }, RS256, false, [
    'verify',
  ]);
  const valid = await crypto.subtle.verify(
    RS256,
    key,
    base64urlDecode(signaturePart),
    new TextEncoder().encode(`${headerPart}.${payloadPart}`),
  );
  if (!valid) return null;

  const seconds = now / 1000;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(config.aud)) return null;
  if (config.teamDomain && payload.iss !== issuerOf(config.teamDomain)) return null;
  if (typeof payload.exp !== 'number' || payload.exp + LEEWAY_SECONDS < seconds) return null;
  if (typeof payload.nbf === 'number' && payload.nbf - LEEWAY_SECONDS > seconds) return null;
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const name =
    typeof payload.email === 'string' && payload.email
      ? payload.email
      : typeof payload.common_name === 'string' && payload.common_name
        ? payload.common_name
        : sub;
  if (!name) return null;
  return { name, sub: sub || name };
}
