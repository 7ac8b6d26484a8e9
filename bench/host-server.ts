/**
 * The clinic's own website for the browser benchmark, on its own origin: the demo page with
 * Candour, the same page with vanilla-cookieconsent (its files served from node_modules, no
 * CDN), and the tiny gated script both pages hold back until Accept.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
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
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
    } else if (file) {
      response.writeHead(200, { 'Content-Type': TYPES[path.extname(pathname)]!, 'Cache-Control': 'no-store' });
      response.end(file);
    } else if (pathname === '/gated.js') {
      response.writeHead(200, { 'Content-Type': TYPES['.js']!, 'Cache-Control': 'no-store' }).end(GATED_SCRIPT);
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
