/**
 * The team's Access keys over real HTTP (a local server stands in for
 * https://<team>.cloudflareaccess.com/cdn-cgi/access/certs): an unknown kid fetches them again,
 * no sooner than the cooldown allows.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteAccessKeys, verifyAccessJwt } from '../../worker/crypto/access-jwt.js';

const ISSUER = 'https://clinic-team.cloudflareaccess.com';
const AUD = 'aud-0123456789abcdef';
let server: Server;
let certsUrl: string;
let published: JWK[] = [];
let fetches = 0;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

function assertion(kid: string): Promise<string> {
  return new SignJWT({ email: 'jane@clinic.test' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(ISSUER)
    .setAudience(AUD)
    .setSubject('user-1')
    .setExpirationTime('10m')
    .sign(keys[kid]!.privateKey);
}

beforeAll(async () => {
  for (const kid of ['old', 'new']) {
    const pair = await generateKeyPair('RS256', { extractable: true });
    keys[kid] = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256' } };
  }
  server = createServer((request, response) => {
    if (request.url !== '/cdn-cgi/access/certs') return response.writeHead(404).end();
    fetches++;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  certsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cdn-cgi/access/certs`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the team key set', () => {
  it('fetches again when a token names a key it has not seen (Access rotated its keys)', async () => {
    published = [keys.old!.jwk];
    fetches = 0;
    const config = { issuer: ISSUER, aud: AUD, keys: remoteAccessKeys(certsUrl, 0) };
    expect(await verifyAccessJwt(await assertion('old'), config)).toEqual({ name: 'jane@clinic.test', sub: 'user-1' });
    expect(fetches).toBe(1);
    // Cached: the same key needs no second fetch.
    expect(await verifyAccessJwt(await assertion('old'), config)).not.toBeNull();
    expect(fetches).toBe(1);

    published = [keys.old!.jwk, keys.new!.jwk];
    expect(await verifyAccessJwt(await assertion('new'), config)).toEqual({ name: 'jane@clinic.test', sub: 'user-1' });
    expect(fetches).toBe(2);
  });

  it('does not refetch on every unknown kid within the cooldown, so junk tokens cannot hammer the team', async () => {
    published = [keys.old!.jwk];
    fetches = 0;
    const config = { issuer: ISSUER, aud: AUD, keys: remoteAccessKeys(certsUrl, 60_000) };
    expect(await verifyAccessJwt(await assertion('old'), config)).not.toBeNull();
    expect(fetches).toBe(1);
    published = [keys.old!.jwk, keys.new!.jwk];
    expect(await verifyAccessJwt(await assertion('new'), config)).toBeNull();
    expect(await verifyAccessJwt(await assertion('new'), config)).toBeNull();
    expect(fetches).toBe(1);
  });

  it('answers null, not an exception, when the keys cannot be fetched', async () => {
    const config = { issuer: ISSUER, aud: AUD, keys: remoteAccessKeys(certsUrl.replace('/certs', '/gone'), 0) };
    expect(await verifyAccessJwt(await assertion('old'), config)).toBeNull();
  });
});
