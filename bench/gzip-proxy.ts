/**
 * Candour's files as Cloudflare's edge serves them: `wrangler dev` sends text uncompressed, the
 * edge gzips (or brotlis) it. This proxy stands in front of the local Worker on a port of its own
 * and gzips JavaScript, JSON, CSS and HTML for a browser that accepts it, so that under network
 * emulation both products pay for compressed bytes (the peer's host server gzips alike).
 *
 * The widget's content-hashed chunks are static files: the proxy reads them from dist/public
 * itself, with the Worker's headers, as the peer's files come from a static server. `wrangler
 * dev` on a loaded two-core machine answers a file in hundreds of milliseconds, which measures
 * the machine, not the widget; anything dynamic (the site's embed.js, receipts) still goes
 * through the Worker.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const COMPRESSIBLE = /javascript|json|css|html|text\/plain/;
/** A CDN's default level, not the best one: what a visitor's transfer really is. */
export const CDN_GZIP_LEVEL = 6;

export interface GzipProxy {
  origin: string;
  close(): Promise<void>;
}

/** Answers with `body`, gzipped when the client accepts it and the type compresses. */
export function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): void {
  const type = headers['content-type'] ?? headers['Content-Type'] ?? '';
  if (body.byteLength > 0 && COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    const compressed = gzipSync(body, { level: CDN_GZIP_LEVEL });
    response.writeHead(status, {
      ...headers,
      'Content-Encoding': 'gzip',
      'Content-Length': String(compressed.byteLength),
      Vary: 'Accept-Encoding',
    });
    response.end(compressed);
  } else {
    response.writeHead(status, { ...headers, 'Content-Length': String(body.byteLength) });
    response.end(body);
  }
}

const CHUNK_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'public, max-age=31536000, immutable',
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

export function startGzipProxy(target: string, dist: string): Promise<GzipProxy> {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://proxy').pathname;
    if (request.method === 'GET' && /^\/v1\/chunks\/[\w.-]+\.js$/.test(pathname)) {
      const file = await readFile(path.join(dist, pathname)).catch(() => null);
      if (file) return send(request, response, 200, CHUNK_HEADERS, file);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || ['host', 'accept-encoding', 'connection', 'content-length'].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    try {
      const upstream = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        redirect: 'manual',
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name))
          out[name] = value;
      });
      send(request, response, upstream.status, out, Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      response.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
