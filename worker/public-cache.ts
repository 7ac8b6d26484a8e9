import type { Context } from 'hono';
import type { NoticeVersion } from '../contract/notice.js';
import type { AppEnv } from './env.js';
import { fail } from './errors.js';
import { findNotice } from './storage/notices.js';
import type { SiteState } from './storage/sites.js';

/**
 * The isolate's memory of what the public routes built: site configs, embed scripts, notice
 * documents, sections and privacy pages. Every key is made of everything the answer is built from
 * (the site's stored settings text, the notice version in force and its content hash, the origin
 * the answer names), read on each request in the one query siteAccess makes anyway. So an entry
 * can never be stale: a publish, a scheduled version taking effect or a settings change makes a
 * new key at once, in this isolate and every other, and the old entry ages out of the LRU.
 */

/** An answer as a route builds it, with its validator. */
export interface Representation {
  body: string;
  etag: string;
  contentType: string;
}

/**
 * An answer as it goes on the wire: its bytes, and the same bytes gzipped once when that is
 * smaller, so that a request pays for neither encoding nor compression (every browser sends
 * `Accept-Encoding: gzip`). The 28 KB notice document goes out as about 8 KB.
 */
export interface EncodedRepresentation {
  identity: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | null;
  etag: string;
  contentType: string;
}

/** Below this, gzip's header and a second copy cost more than they save. */
const GZIP_FROM_BYTES = 512;

async function gzipped(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function encode(representation: Representation): Promise<EncodedRepresentation> {
  // encode() always returns a fresh ArrayBuffer; workers-types widen it.
  const identity = new TextEncoder().encode(representation.body) as Uint8Array<ArrayBuffer>;
  const gzip = identity.byteLength >= GZIP_FROM_BYTES ? await gzipped(identity) : null;
  return {
    identity,
    gzip: gzip && gzip.byteLength < identity.byteLength ? gzip : null,
    etag: representation.etag,
    contentType: representation.contentType,
  };
}

/** `Accept-Encoding` allows gzip: named (or `*`) without `q=0` (RFC 9110 §12.5.3). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let allowed = false;
  for (const item of acceptEncoding.split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const refused = q !== undefined && Number(q.slice(2)) === 0;
    if (name === 'gzip' || name === 'x-gzip') return !refused;
    if (name === '*') allowed = !refused;
  }
  return allowed;
}

/** Least recently used entries go first once there are more than `maxEntries`. */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: moving the key to the end makes the first key the least recent.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * A notice document is about 30 KB and a privacy page or embed script much the same, so a few
 * hundred entries stay within a few MB of the isolate's 128 MB, for dozens of sites.
 *
 * Values, never in-flight promises: a promise one request's I/O resolves must not be awaited by
 * another request (workerd ties it to the first one and may cancel it with it). Requests that miss
 * together each build the answer once; the last to finish leaves the same value behind.
 */
const representations = new BoundedCache<EncodedRepresentation>(256);
const noticeDocuments = new BoundedCache<NoticeVersion>(64);

/**
 * The answer kept under `key`, or the one `build` makes (then kept, encoded; a failure is not).
 *
 * Only the isolate's memory, not the Cache API as well: every request reads the site's state
 * (settings and the version in force) anyway, and the key is built from it, so a hit here costs
 * no I/O at all, where `caches.default.match` is a round trip to the data centre's cache (under
 * `wrangler dev` a local one) that would only pay for itself on an isolate's first request.
 * Browsers keep the answers by their Cache-Control and ETag; Cloudflare runs the Worker for every
 * request that reaches it (docs/scaling.md, _Edge caching_, says why Workers Cache is not on).
 */
export async function cachedRepresentation(
  key: string,
  build: () => Promise<Representation>,
): Promise<EncodedRepresentation> {
  const cached = representations.get(key);
  if (cached) return cached;
  const built = await encode(await build());
  representations.set(key, built);
  return built;
}

/**
 * A published version by number and content hash. Versions are immutable (a trigger says so), so
 * the hash names the document forever; a row whose hash differs is not the one asked for.
 */
export async function noticeFor(
  db: D1Database,
  site: string,
  version: number,
  hash: string,
): Promise<NoticeVersion | null> {
  const key = `${site}\n${version}\n${hash}`;
  const cached = noticeDocuments.get(key);
  if (cached) return cached;
  const notice = await findNotice(db, site, version);
  if (notice?.hash !== hash) return null;
  noticeDocuments.set(key, notice);
  return notice;
}

export async function sha256Hex(text: string, bytes = 16): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A representation whose validator is the digest of its own bytes. */
export async function digested(body: string, contentType: string): Promise<Representation> {
  return { body, contentType, etag: `"${await sha256Hex(body)}"` };
}

/** `If-None-Match` names this entity tag: `*`, or one of a list, weak or strong (RFC 9110 §13.1.2). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** A moving "current" answer: kept briefly, served stale while a cache refetches it. */
export const CURRENT = 'public, max-age=60, stale-while-revalidate=300';
/** A published version and a diff between two never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Answers with a representation, or 304 when the request already holds it. Caches keep the answer
 * for a page's origin (with its CORS grant) apart from the answer without one, hence Vary: Origin.
 */
export function respond(c: Context<AppEnv>, representation: EncodedRepresentation, cacheControl: string): Response {
  c.header('ETag', representation.etag);
  c.header('Cache-Control', cacheControl);
  // siteAccess has said Vary: Origin when the request had one.
  const vary = c.req.header('Origin') === undefined ? ['Origin'] : [];
  if (representation.gzip) vary.push('Accept-Encoding');
  if (vary.length > 0) c.header('Vary', vary.join(', '), { append: true });
  if (matches(c.req.header('If-None-Match'), representation.etag)) return c.body(null, 304);
  c.header('Content-Type', representation.contentType);
  if (representation.gzip && acceptsGzip(c.req.header('Accept-Encoding'))) {
    // The same entity in another coding, so the same validator: the version's content hash.
    c.header('Content-Encoding', 'gzip');
    // Already compressed: the runtime must send these bytes as they are, not compress them again.
    // The bytes themselves, not another response's stream: a fixed-length body is sent at once.
    const { headers } = c.body(null);
    return new Response(representation.gzip, { status: 200, headers, encodeBody: 'manual' });
  }
  return c.body(representation.identity);
}

/**
 * The cache key of a site's answer: what it is, the settings text, the version in force with its
 * hash, and whatever else the caller's answer is built from (the origin it names, a section, a
 * language). Settings text rather than updated_at, so two databases can never share a key.
 */
export function siteKey(kind: string, state: SiteState, ...parts: (string | number)[]): string {
  const current = state.current ? `${state.current.version}:${state.current.hash}` : 'none';
  return [kind, state.site.id, current, ...parts, state.settingsText].join('\n');
}

/** The document of the version in force, or the 404 a site without one answers. */
export async function currentNotice(db: D1Database, state: SiteState): Promise<NoticeVersion> {
  const { site, current } = state;
  const notice = current ? await noticeFor(db, site.id, current.version, current.hash) : null;
  if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
  return notice;
}
