/**
 * Candour's files as Cloudflare's edge serves them: `wrangler dev` sends text uncompressed, the
 * edge gzips (or brotlis) it. This proxy stands in front of the local Worker on a port of its own
 * and gzips JavaScript, JSON, CSS and HTML for a browser that accepts it, so that under network
 * emulation both products pay for compressed bytes (the peer's host server gzips alike).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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

export function startGzipProxy(target: string): Promise<GzipProxy> {
  const server = createServer(async (request, response) => {
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
