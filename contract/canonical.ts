/**
 * Canonical JSON as RFC 8785 (JCS) defines it, and SHA-256, so that the worker, the notice
 * compiler and an offline verifier (in any language, with any JCS library) hash the same bytes
 * for the same value. JCS is JSON.stringify's own output for strings, numbers and literals (the
 * ECMAScript number form: 1e+21, 5e-324, -0 as 0), with object keys sorted by UTF-16 code units
 * (what `<` compares) and no whitespace. Beyond JCS: `undefined` members are dropped, as
 * JSON.stringify drops them, and non-finite numbers, which JSON cannot hold, throw.
 * test/unit/ledger-known-answers.test.ts holds the RFC's examples.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonicalJson: numbers must be finite');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function hashCanonical(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
