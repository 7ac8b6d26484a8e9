import { buildJwks, createSigner, type Jwks, type Signer } from './crypto/jws.js';
import type { Bindings } from './env.js';

let cached: { source: string; signer: Promise<Signer> } | undefined;

/** One signer per isolate and key: importing the key once saves work on every receipt. */
export function signerFor(env: Bindings): Promise<Signer> {
  if (!env.CANDOUR_SIGNING_KEY) throw new Error('CANDOUR_SIGNING_KEY is not set');
  if (cached?.source !== env.CANDOUR_SIGNING_KEY) {
    cached = { source: env.CANDOUR_SIGNING_KEY, signer: createSigner(env.CANDOUR_SIGNING_KEY) };
  }
  return cached.signer;
}

export async function jwksFor(env: Bindings): Promise<Jwks> {
  const signer = await signerFor(env);
  return buildJwks(signer.publicJwk, env.CANDOUR_RETIRED_KEYS);
}
