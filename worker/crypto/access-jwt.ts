import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/**
 * Cloudflare Access puts a signed JWT (RS256) in `Cf-Access-Jwt-Assertion` on every request it
 * lets through. We check it ourselves against the team's published keys, so a request that
 * reaches the Worker some other way (a workers.dev route, a misconfigured policy) gets nothing.
 */
export interface AccessConfig {
  /** `https://<team>.cloudflareaccess.com`: always the required issuer. */
  issuer: string;
  /** The Access application's audience tag. */
  aud: string;
  keys: JWTVerifyGetKey;
}

export interface AccessIdentity {
  /** The person's email, or a service token's common name, or the subject id. */
  name: string;
  sub: string;
}

/** The Access settings a Worker has: none, all of them, or some (which refuses every admin request). */
export type AccessSettings =
  { state: 'off' } | { state: 'on'; config: AccessConfig } | { state: 'misconfigured'; message: string };

export interface AccessVariables {
  CANDOUR_ACCESS_TEAM_DOMAIN?: string;
  CANDOUR_ACCESS_AUD?: string;
  CANDOUR_ACCESS_JWKS?: string;
}

/** How long a fetched key set is trusted, and how soon an unknown `kid` may fetch it again. */
const KEYS_MAX_AGE_MS = 10 * 60_000;
const REFETCH_COOLDOWN_MS = 30_000;

/** The team's keys at `/cdn-cgi/access/certs`, refetched when a token names a kid not in them. */
export function remoteAccessKeys(url: string, cooldownMs = REFETCH_COOLDOWN_MS): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    cacheMaxAge: KEYS_MAX_AGE_MS,
    cooldownDuration: cooldownMs,
    timeoutDuration: 5_000,
  });
}

// One key set per team and per configured JWKS for the isolate's life, so their caches last.
const remoteByUrl = new Map<string, JWTVerifyGetKey>();
const localByJson = new Map<string, JWTVerifyGetKey>();

function teamIssuer(teamDomain: string): string | null {
  const match = /^(?:https:\/\/)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.cloudflareaccess\.com\/?$/i.exec(
    teamDomain.trim(),
  );
  return match ? `https://${match[1]!.toLowerCase()}.cloudflareaccess.com` : null;
}

function localKeys(json: string): JWTVerifyGetKey | null {
  const known = localByJson.get(json);
  if (known) return known;
  try {
    const keys = createLocalJWKSet(JSON.parse(json) as JSONWebKeySet);
    localByJson.set(json, keys);
    return keys;
  } catch {
    return null;
  }
}

/**
 * Reads the three Access variables. Access is all or nothing: a Worker with only some of them
 * would otherwise fall back to token sign-in, or trust tokens from any issuer.
 */
export function accessSettings(env: AccessVariables): AccessSettings {
  const team = env.CANDOUR_ACCESS_TEAM_DOMAIN?.trim() || undefined;
  const aud = env.CANDOUR_ACCESS_AUD?.trim() || undefined;
  const jwks = env.CANDOUR_ACCESS_JWKS?.trim() || undefined;
  if (!team && !aud && !jwks) return { state: 'off' };
  const missing = [...(team ? [] : ['CANDOUR_ACCESS_TEAM_DOMAIN']), ...(aud ? [] : ['CANDOUR_ACCESS_AUD'])];
  if (missing.length) {
    return {
      state: 'misconfigured',
      message: `Cloudflare Access is half set up: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing. Set it, or remove every CANDOUR_ACCESS_* variable.`,
    };
  }
  const issuer = teamIssuer(team!);
  if (!issuer) {
    return {
      state: 'misconfigured',
      message: 'CANDOUR_ACCESS_TEAM_DOMAIN must be your team domain, like https://your-team.cloudflareaccess.com.',
    };
  }
  let keys: JWTVerifyGetKey | null;
  if (jwks) {
    keys = localKeys(jwks);
    if (!keys) return { state: 'misconfigured', message: 'CANDOUR_ACCESS_JWKS is not a JSON Web Key Set.' };
  } else {
    const url = `${issuer}/cdn-cgi/access/certs`;
    keys = remoteByUrl.get(url) ?? remoteAccessKeys(url);
    remoteByUrl.set(url, keys);
  }
  return { state: 'on', config: { issuer, aud: aud!, keys } };
}

/**
 * The identity in a valid assertion, or null for anything else: a bad signature, an unknown key,
 * another algorithm, the wrong audience or issuer, expired, no subject. Never throws.
 */
export async function verifyAccessJwt(token: string, config: AccessConfig): Promise<AccessIdentity | null> {
  if (typeof token !== 'string' || token.length > 16_384) return null;
  try {
    const { payload } = await jwtVerify(token, config.keys, {
      issuer: config.issuer,
      audience: config.aud,
      algorithms: ['RS256'],
      clockTolerance: 60,
      requiredClaims: ['sub', 'exp'],
    });
    const sub = typeof payload.sub === 'string' ? payload.sub : '';
    const text = (value: unknown) => (typeof value === 'string' && value ? value : '');
    const name = text(payload.email) || text(payload.common_name) || sub;
    return sub && name ? { name, sub } : null;
  } catch (error) {
    // Expected for forged or stale tokens; a key-fetch failure is worth seeing in the logs.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !code.startsWith('ERR_JW')) console.error('access: could not verify', error);
    return null;
  }
}
