import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import fc from 'fast-check';
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessSettings, verifyAccessJwt, type AccessConfig } from '../../worker/crypto/access-jwt.js';
import worker from '../../worker/index.js';
import { ADMIN_TOKEN, expectErrorShape, WORKER } from './helpers.js';

const TEAM = 'https://clinic-team.cloudflareaccess.com';
const AUD = 'aud-0123456789abcdef';
let teamKey: CryptoKey;
let strangerKey: CryptoKey;
let publicJwk: JWK;
let jwks: string;
let config: AccessConfig;

async function call(path: string, bindings: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${WORKER}${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function assertion(claims: Record<string, unknown> = {}, key = teamKey, kid = 'team-key-1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: 'jane@clinic.test', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer((claims.iss as string | undefined) ?? TEAM)
    .setAudience((claims.aud as string | undefined) ?? AUD)
    .setSubject((claims.sub as string | undefined) ?? 'user-1')
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 600)
    .sign(key);
}

/** A token with any header and payload, and a signature of our choosing (or none). */
function handMade(header: unknown, payload: unknown, signature = ''): string {
  return `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  teamKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'team-key-1', alg: 'RS256' };
  jwks = JSON.stringify({ keys: [publicJwk] });
  const settings = accessSettings({
    CANDOUR_ACCESS_TEAM_DOMAIN: TEAM,
    CANDOUR_ACCESS_AUD: AUD,
    CANDOUR_ACCESS_JWKS: jwks,
  });
  if (settings.state !== 'on') throw new Error(`Access not on: ${JSON.stringify(settings)}`);
  config = settings.config;
});

describe('Cloudflare Access set up by halves', () => {
  const halves: [string, Record<string, string>, string[]][] = [
    ['the audience alone', { CANDOUR_ACCESS_AUD: AUD }, ['CANDOUR_ACCESS_TEAM_DOMAIN']],
    ['the team domain alone', { CANDOUR_ACCESS_TEAM_DOMAIN: TEAM }, ['CANDOUR_ACCESS_AUD']],
    ['a JWKS alone', { CANDOUR_ACCESS_JWKS: '{"keys":[]}' }, ['CANDOUR_ACCESS_TEAM_DOMAIN', 'CANDOUR_ACCESS_AUD']],
    [
      'a JWKS and audience',
      { CANDOUR_ACCESS_JWKS: '{"keys":[]}', CANDOUR_ACCESS_AUD: AUD },
      ['CANDOUR_ACCESS_TEAM_DOMAIN'],
    ],
    [
      'a JWKS and team',
      { CANDOUR_ACCESS_JWKS: '{"keys":[]}', CANDOUR_ACCESS_TEAM_DOMAIN: TEAM },
      ['CANDOUR_ACCESS_AUD'],
    ],
    [
      'a team domain that is not one',
      { CANDOUR_ACCESS_TEAM_DOMAIN: 'evil.test', CANDOUR_ACCESS_AUD: AUD },
      ['CANDOUR_ACCESS_TEAM_DOMAIN'],
    ],
  ];
  for (const [name, bindings, missing] of halves) {
    it(`with ${name}, every admin request answers 503 naming ${missing.join(' and ')}, tokens included`, async () => {
      const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      const requests: [string, RequestInit][] = [
        ['/admin', {}],
        ['/admin', { headers: bearer }],
        ['/admin/assets/admin.js', {}],
        ['/v1/admin/sites', { headers: bearer }],
        ['/v1/admin/session', { headers: { 'Cf-Access-Jwt-Assertion': await assertion() } }],
        [
          '/admin/sign-in',
          {
            method: 'POST',
            headers: { Origin: WORKER, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ csrf: 'x', token: ADMIN_TOKEN }).toString(),
          },
        ],
      ];
      for (const [path, init] of requests) {
        const response = await call(path, bindings, { ...init, redirect: 'manual' });
        expect(response.status, path).toBe(503);
        const body = await response.json();
        expectErrorShape(body);
        expect(body.error.code).toBe('access_misconfigured');
        for (const variable of missing) expect(body.error.message).toContain(variable);
        expect(response.headers.getAll('Set-Cookie')).toEqual([]);
      }
    });
  }
});

describe('Access assertions, checked with jose', () => {
  const accessEnv = () => ({
    CANDOUR_ACCESS_TEAM_DOMAIN: TEAM,
    CANDOUR_ACCESS_AUD: AUD,
    CANDOUR_ACCESS_JWKS: jwks,
  });

  it('accepts a valid assertion, and one a little past its expiry (60 s of clock skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyAccessJwt(await assertion(), config)).toEqual({ name: 'jane@clinic.test', sub: 'user-1' });
    expect(await verifyAccessJwt(await assertion({ exp: now - 30 }), config)).not.toBeNull();
    const response = await call('/v1/admin/session', accessEnv(), {
      headers: { 'Cf-Access-Jwt-Assertion': await assertion() },
    });
    expect(await response.json()).toEqual({ actor: 'access:jane@clinic.test', site: null, via: 'access' });
  });

  it('refuses alg none, HS256 keyed with the public key, an unknown key, the wrong issuer, expiry and a missing sub', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: TEAM, aud: AUD, sub: 'user-1', email: 'evil@x.test', exp: now + 600 };
    // HS256 "signed" with the team's public key as the secret: the classic algorithm confusion.
    const hsKey = new TextEncoder().encode(JSON.stringify(publicJwk));
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'team-key-1' }).sign(hsKey);
    const noSub = await new SignJWT({ email: 'jane@clinic.test' })
      .setProtectedHeader({ alg: 'RS256', kid: 'team-key-1' })
      .setIssuer(TEAM)
      .setAudience(AUD)
      .setExpirationTime(now + 600)
      .sign(teamKey);
    const noExp = await new SignJWT({ email: 'jane@clinic.test' })
      .setProtectedHeader({ alg: 'RS256', kid: 'team-key-1' })
      .setIssuer(TEAM)
      .setAudience(AUD)
      .setSubject('user-1')
      .sign(teamKey);
    const refused = [
      handMade({ alg: 'none', kid: 'team-key-1' }, claims),
      handMade({ alg: 'none' }, claims, 'x'),
      hs256,
      await assertion({}, strangerKey),
      await assertion({}, strangerKey, 'unknown-kid'),
      await assertion({ iss: 'https://other-team.cloudflareaccess.com' }),
      await assertion({ aud: 'someone-elses-app' }),
      await assertion({ exp: now - 120 }),
      noSub,
      noExp,
    ];
    for (const token of refused) {
      expect(await verifyAccessJwt(token, config), token).toBeNull();
      const response = await call('/v1/admin/sites', accessEnv(), { headers: { 'Cf-Access-Jwt-Assertion': token } });
      expect(response.status).toBe(401);
    }
  });

  it('never throws, whatever the assertion', async () => {
    const segment = fc.string({ unit: fc.constantFrom(...'AZaz09-_=+/.!{}"'.split('')), maxLength: 60 });
    const jsonSegment = fc.jsonValue({ maxDepth: 2 }).map((value) => base64url.encode(JSON.stringify(value)));
    const token = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(segment, { maxLength: 5 }).map((parts) => parts.join('.')),
      fc.tuple(jsonSegment, jsonSegment, segment).map((parts) => parts.join('.')),
      fc
        .record({ alg: fc.constantFrom('RS256', 'none', 'HS256', 'ES256', 'PS256'), kid: fc.option(fc.string()) })
        .chain((header) => fc.jsonValue({ maxDepth: 2 }).map((payload) => handMade(header, payload, 'AAAA'))),
    );
    await fc.assert(
      fc.asyncProperty(token, async (text) => {
        expect(await verifyAccessJwt(text, config)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
