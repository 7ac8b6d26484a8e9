/**
 * The clinic's own website for the browser benchmark, on its own origin: the demo page with
 * Candour, the same page with vanilla-cookieconsent (its files served from node_modules,
 * gzipped as a CDN would), and the tiny gated script both pages hold back until Accept.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { send } from './gzip-proxy.js';
import { GATED_SCRIPT } from './pages.js';
import { PEER_FILES, peerDir } from './size.js';

export interface HostServer {
  origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function startHostServer(port: number, pages: Record<string, string>): Promise<HostServer> {
  const peerFiles = new Map(PEER_FILES.map((name) => [`/peer/${name}`, readFileSync(path.join(peerDir(), name))]));
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://host').pathname;
    const page = pages[pathname.slice(1)];
    const file = peerFiles.get(pathname);
    if (page !== undefined) {
      send(
        request,
        response,
        200,
        { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
        Buffer.from(page),
      );
    } else if (file) {
      // As a CDN serves a pinned version (jsDelivr: a week), so a returning visitor has it cached.
      send(
        request,
        response,
        200,
        { 'Content-Type': TYPES[path.extname(pathname)]!, 'Cache-Control': 'public, max-age=604800' },
        file,
      );
    } else if (pathname === '/gated.js') {
      send(
        request,
        response,
        200,
        { 'Content-Type': TYPES['.js']!, 'Cache-Control': 'no-store' },
        Buffer.from(GATED_SCRIPT),
      );
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
