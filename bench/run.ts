/**
 * `npm run bench`: Candour beside vanilla-cookieconsent 3.1, measured by the same code —
 * transfer sizes, the banner in throttled Chromium, the Worker under load on `wrangler dev` —
 * then writes bench/RESULTS.md and bench/results.json.
 *
 *   npm run bench -- [--runs 10] [--duration 8] [--connections 10]
 *                    [--only size,browser,worker] [--no-build]
 *   npm run bench -- --render   (rewrites RESULTS.md from results.json, measuring nothing)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SiteConfig } from '../contract/site.js';
import { benchBrowser, MOBILE_NETWORK } from './browser.js';
import { startGzipProxy } from './gzip-proxy.js';
import { allowOrigin, startWorker, type DevWorker } from './dev-worker.js';
import { startHostServer } from './host-server.js';
import { describeMachine } from './machine.js';
import { BENCH_SITE, candourPage, peerPage } from './pages.js';
import { D1_MAX_BYTES, renderResults, type Results } from './report.js';
import { DIST, measureSizes, peerVersion } from './size.js';
import { databaseBytes, receiptRows } from './storage.js';
import { benchReads, benchReceipts } from './worker.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string', default: '10' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string', default: 'size,browser,worker' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench' },
    render: { type: 'boolean', default: false },
  },
});
if (args.render) {
  const saved = JSON.parse(readFileSync(path.join(args.out, 'results.json'), 'utf8')) as Results;
  writeFileSync(path.join(args.out, 'RESULTS.md'), renderResults(saved));
  console.log(`Rewrote ${path.join(args.out, 'RESULTS.md')} from results.json.`);
  process.exit(0);
}
const WORKER_PORT = Number(process.env.BENCH_PORT ?? 8811);
const HOST_PORT = Number(process.env.BENCH_HOST_PORT ?? 8812);
const STATE = '.wrangler/bench-state';
const phases = new Set(args.only.split(','));
const started = Date.now();

function log(line: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${seconds}s] ${line}`);
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0, not "${raw}"`);
  return value;
}

const options = {
  runs: positive('runs', args.runs),
  durationS: positive('duration', args.duration),
  connections: positive('connections', args.connections),
};
const machine = describeMachine();
const results: Results = {
  startedAt: new Date(started).toISOString(),
  finishedAt: '',
  elapsedS: 0,
  command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
  machine,
  peer: { name: 'vanilla-cookieconsent', version: peerVersion(), options: 'hideFromBots: false' },
};

log(
  `Candour benchmark on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), ${machine.os}, Node ${machine.node}`,
);
if (!args['no-build']) {
  log('Building the widget (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

let worker: DevWorker | undefined;
const host = { close: async () => undefined as void };
try {
  let config: SiteConfig | undefined;
  let inlineConfig: string | undefined;
  let siteEmbed: string | undefined;
  if (phases.has('browser') || phases.has('worker')) {
    log(`Starting the Worker (wrangler dev, port ${WORKER_PORT}, fresh local D1 in ${STATE})…`);
    rmSync(STATE, { recursive: true, force: true });
    worker = await startWorker({ port: WORKER_PORT, persistTo: STATE, build: false, log });
    const response = await fetch(`${worker.base}/v1/sites/${BENCH_SITE}/config`);
    config = (await response.json()) as SiteConfig;
    siteEmbed = await (await fetch(`${worker.base}/v1/sites/${BENCH_SITE}/embed.js`)).text();
  }

  if (phases.has('browser') && worker && config) {
    const peer = peerPage(config);
    inlineConfig = peer.inlineConfig;
    // Candour's files gzipped as Cloudflare's edge would (its hashed chunks from disk, as the
    // peer's files are); the peer's host server gzips alike.
    const proxy = await startGzipProxy(worker.base, DIST);
    const server = await startHostServer(HOST_PORT, { candour: candourPage(proxy.origin), peer: peer.html });
    host.close = async () => {
      await server.close();
      await proxy.close();
    };
    await allowOrigin(worker, BENCH_SITE, server.origin);
    const urls = { candour: `${server.origin}/candour`, peer: `${server.origin}/peer` };
    log(`Browser: ${options.runs} runs each, host pages on ${server.origin}, Candour through ${proxy.origin}…`);
    results.browser = await benchBrowser({ urls, runs: options.runs, network: null, log });
    log(
      `Browser, mobile network (${MOBILE_NETWORK.latencyMs} ms RTT, ${MOBILE_NETWORK.downloadKbps} kbit/s down): ${options.runs} runs each…`,
    );
    results.browserMobile = await benchBrowser({ urls, runs: options.runs, network: MOBILE_NETWORK, log });
    await host.close();
    host.close = async () => undefined;
  }

  if (phases.has('size')) {
    log('Size: gzip and brotli of the built widget and of vanilla-cookieconsent…');
    results.size = measureSizes({ configJson: config ? JSON.stringify(config) : undefined, inlineConfig, siteEmbed });
  }

  if (phases.has('worker') && worker) {
    const load = { ...options, log };
    log(`Worker: reads under load, ${options.connections} connections, ${options.durationS} s each…`);
    const reads = await benchReads(worker, load);
    const bytesBefore = databaseBytes(STATE);
    const rowsBefore = receiptRows(STATE).count;
    log(`Worker: receipt posts for ${options.durationS} s, ${options.connections} connections…`);
    const receipts = await benchReceipts(worker, load);
    const bytesAfter = databaseBytes(STATE);
    const rows = receiptRows(STATE);
    const added = rows.count - rowsBefore;
    const perReceipt = (bytesAfter - bytesBefore) / added;
    results.worker = {
      connections: options.connections,
      reads,
      receipts: receipts.load,
      ledger: receipts.ledger,
      rateLimitHandling:
        'receipt posts are limited to 120 a minute per site and `CF-Connecting-IP`; every post here carries its own `CF-Connecting-IP` (from the 2001:db8::/32 documentation range), set per request in autocannon’s `setupRequest`, so none was answered 429.',
    };
    results.storage = {
      receiptsAdded: added,
      databaseBytesBefore: bytesBefore,
      databaseBytesAfter: bytesAfter,
      bytesPerReceiptOnDisk: perReceipt,
      meanValueBytes: rows.meanValueBytes,
      meanJwsBytes: rows.meanJwsBytes,
      receiptsPerGB: 1e9 / perReceipt,
      receiptsPerD1Database: D1_MAX_BYTES / perReceipt,
    };
    log(`Storage: ${perReceipt.toFixed(0)} bytes per receipt on disk (${added} receipts)`);
  }
} finally {
  await host.close();
  await worker?.stop();
}

// A partial run (--only) keeps the other parts of the last full picture, and says so.
const previousFile = path.join(args.out, 'results.json');
try {
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as Results;
  const parts: [string, keyof Results][] = [
    ['size', 'size'],
    ['browser', 'browser'],
    ['browser', 'browserMobile'],
    ['worker', 'worker'],
    ['worker', 'storage'],
  ];
  const kept = parts.filter(([phase, key]) => !phases.has(phase) && previous[key] !== undefined);
  if (kept.length > 0) {
    for (const [, key] of kept) Object.assign(results, { [key]: previous[key] });
    const source = previous.carried && kept.every(([phase]) => previous.carried!.parts.includes(phase));
    results.carried = {
      parts: [...new Set(kept.map(([phase]) => phase))],
      command: source ? previous.carried!.command : previous.command,
      startedAt: source ? previous.carried!.startedAt : previous.startedAt,
    };
  }
} catch {
  // No earlier results: this run's parts are all there is.
}

results.finishedAt = new Date().toISOString();
results.elapsedS = (Date.now() - started) / 1000;
mkdirSync(args.out, { recursive: true });
writeFileSync(path.join(args.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(args.out, 'RESULTS.md'), renderResults(results));
log(`Wrote ${path.join(args.out, 'RESULTS.md')} and ${path.join(args.out, 'results.json')}.`);
