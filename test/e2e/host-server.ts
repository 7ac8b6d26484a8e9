import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

/** Built files and packages a page may import as modules (the npm entry's test). */
const SERVED = [
  'dist/npm/',
  'node_modules/lit/',
  'node_modules/lit-html/',
  'node_modules/lit-element/',
  'node_modules/@lit/reactive-element/',
  'node_modules/js-cookie/',
];
const ROOT = path.resolve(import.meta.dirname, '../..');

export const HOST_PORT = Number(process.env.CANDOUR_E2E_HOST_PORT ?? 8790);

/**
 * A clinic's own website on another origin than the Worker: pages are made per request from
 * the query (`/page?site=…&body=…`) so each test shapes the host page it needs, the way a
 * webmaster would paste the snippet.
 */
export interface HostPageOptions {
  worker: string;
  site: string;
  head?: string;
  body?: string;
  lang?: string;
  csp?: string;
  embedAttributes?: string;
  /** False for a page that starts Candour from its own bundle (the npm entry) instead. */
  embed?: boolean;
  /** 'site' for the recommended site-specific tag (config inside the script); else the CONTRACT's data-site tag. */
  tag?: 'site' | 'data-site';
}

function embedTag(options: HostPageOptions): string {
  if (options.embed === false) return '';
  const extra = options.embedAttributes ? ` ${options.embedAttributes}` : '';
  if (options.tag === 'site')
    return `<script src="${options.worker}/v1/sites/${options.site}/embed.js"${extra}></script>`;
  return `<script src="${options.worker}/v1/embed.js" data-site="${options.site}"${extra}></script>`;
}

export function hostPage(options: HostPageOptions): string {
  const analytics = options.worker.replace('127.0.0.1', 'localhost');
  return `<!doctype html>
<html lang="${options.lang ?? 'en-GB'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clinic host page</title>
${embedTag(options)}
<script type="text/plain" data-candour-category="analytics" src="${analytics}/demo-analytics/ga.js"></script>
${options.head ?? ''}
</head>
<body>
<header><a href="/">Clinic</a></header>
<main><h1>Welcome to the clinic</h1><p>Book an appointment.</p>
<p><a href="#" data-candour="preferences">Cookie settings</a></p>
${options.body ?? ''}
</main>
</body>
</html>`;
}

export function startHostServer(worker: string): Promise<{ close(): Promise<void> }> {
  const pages = new Map<string, { html: string; csp?: string }>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${HOST_PORT}`);
    if (request.method === 'PUT' && url.pathname.startsWith('/pages/')) {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const page = JSON.parse(body) as HostPageOptions;
        pages.set(url.pathname.slice('/pages/'.length), { html: hostPage({ ...page, worker }), csp: page.csp });
        response.writeHead(204).end();
      });
      return;
    }
    if (url.pathname.startsWith('/files/')) {
      const relative = path.normalize(url.pathname.slice('/files/'.length));
      if (!SERVED.some((prefix) => relative.startsWith(prefix))) return void response.writeHead(404).end();
      readFile(path.join(ROOT, relative)).then(
        (body) => response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(body),
        () => response.writeHead(404).end(),
      );
      return;
    }
    const page = pages.get(url.pathname.slice(1)) ?? {
      html: hostPage({ worker, site: url.searchParams.get('site') ?? 'harmony-minds' }),
    };
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (page.csp) headers['Content-Security-Policy'] = page.csp;
    response.writeHead(200, headers).end(page.html);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(HOST_PORT, '127.0.0.1', () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}
