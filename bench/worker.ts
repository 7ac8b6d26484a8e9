/**
 * The Worker half: requests per second and latency under concurrent load (autocannon) against the
 * local `wrangler dev`, for a bare Hono route in the same Worker and for the routes a visitor's
 * browser calls. Receipt posts are counted in the ledger afterwards, so a lost write shows.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { admin, type DevWorker } from './dev-worker.js';
import { BENCH_SITE } from './pages.js';

export interface LoadResult {
  name: string;
  method: string;
  path: string;
  connections: number;
  elapsedS: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  /** Status counts of the warm-up before the measured run (not in the figures). */
  warmupStatuses: Record<string, number>;
  errors: number;
  /**
   * Requests per second of the bare route, run in slices alternating with this scenario's with the
   * same settings: the machine is shared, so each route is compared with the platform as it was
   * while the route ran.
   */
  bareRequestsPerSecond?: number;
}

export interface LedgerCount {
  /** Posts sent, warm-up included, and how many of them the Worker answered 201. */
  sent: number;
  accepted: number;
  before: number;
  after: number;
  stored: number;
  lost: number;
  chainOk: boolean;
}

export interface LoadOptions {
  connections: number;
  /** Seconds per scenario, receipts included (the ledger check counts what was answered 201). */
  durationS: number;
  log: (line: string) => void;
}

interface Scenario {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
}

/**
 * Every run is timed, never a count of requests: autocannon ends a counted run only on its
 * once-a-second tick, so a slice of 50 fast posts measured a second and capped them at 50 a second.
 */
type Stop = { durationS: number };

function fire(worker: DevWorker, scenario: Scenario, connections: number, stop: Stop, counts: Record<string, number>) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: worker.base,
        connections,
        duration: stop.durationS,
        requests: [scenario],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, statusCode) => {
      counts[statusCode] = (counts[statusCode] ?? 0) + 1;
    });
  });
}

/** One autocannon run, its statuses counted into `counts`. */
async function measure(
  worker: DevWorker,
  scenario: Scenario,
  connections: number,
  stop: Stop,
  counts: Record<string, number>,
): Promise<{ requests: number; elapsedS: number; p50Ms: number; p99Ms: number; errors: number }> {
  const result = await fire(worker, scenario, connections, stop, counts);
  return {
    requests: result.requests.total,
    elapsedS: (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * The bare route and the scenario in alternating slices, bare-route-route-bare over and over
 * (ABBA ABBA …): on a shared machine whose load drifts from second to second, both see the same
 * load on average, which one bare run before the scenario could not promise. Rates are each
 * side's requests over its own measured time; latencies are the median of the slices'.
 */
export const SLICES = 8;
const ORDER = Array.from({ length: SLICES / 2 }, () => ['bare', 'route', 'route', 'bare'] as const).flat();

async function interleaved(
  worker: DevWorker,
  name: string,
  scenario: Scenario,
  measured: Stop,
  warmup: Stop,
  options: LoadOptions,
): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const warmupStatuses: Record<string, number> = {};
  const bareStatuses: Record<string, number> = {};
  options.log(
    `  ${name}: ${scenario.method} ${scenario.path}, ${options.connections} connections, ${measured.durationS} s in ${SLICES} slices between bare-route slices…`,
  );
  // The isolate, D1 and the JIT warm for both before anything counts.
  await fire(worker, BARE, options.connections, { durationS: 1 }, {});
  await fire(worker, scenario, options.connections, warmup, warmupStatuses);
  const routeSlice: Stop = { durationS: Math.max(1, measured.durationS / SLICES) };
  const bareSlice = { durationS: Math.max(1, options.durationS / SLICES) };
  const route: Awaited<ReturnType<typeof measure>>[] = [];
  const bare: Awaited<ReturnType<typeof measure>>[] = [];
  for (const side of ORDER) {
    if (side === 'bare') bare.push(await measure(worker, BARE, options.connections, bareSlice, bareStatuses));
    else route.push(await measure(worker, scenario, options.connections, routeSlice, statuses));
  }
  const total = (runs: typeof route, key: 'requests' | 'elapsedS' | 'errors') =>
    runs.reduce((sum, run) => sum + run[key], 0);
  const line: LoadResult = {
    name,
    method: scenario.method,
    path: scenario.path,
    connections: options.connections,
    elapsedS: total(route, 'elapsedS'),
    requests: total(route, 'requests'),
    requestsPerSecond: total(route, 'requests') / total(route, 'elapsedS'),
    p50Ms: median(route.map((run) => run.p50Ms)),
    p99Ms: median(route.map((run) => run.p99Ms)),
    statuses,
    warmupStatuses,
    errors: total(route, 'errors'),
    bareRequestsPerSecond: total(bare, 'requests') / total(bare, 'elapsedS'),
  };
  options.log(
    `    ${line.requestsPerSecond.toFixed(0)} req/s, p50 ${line.p50Ms} ms, p99 ${line.p99Ms} ms, ` +
      `statuses ${JSON.stringify(statuses)}, errors ${line.errors}; bare between ${line.bareRequestsPerSecond!.toFixed(0)} req/s ` +
      `(${JSON.stringify(bareStatuses)}): ${(line.requestsPerSecond / line.bareRequestsPerSecond!).toFixed(2)}× bare`,
  );
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  if (answered === 0) throw new Error(`${name}: no request was answered (${line.errors} errors)`);
  return line;
}

async function currentNoticeVersion(worker: DevWorker): Promise<number> {
  const response = await fetch(`${worker.base}/v1/sites/${BENCH_SITE}/notices/current`);
  const location = response.headers.get('Content-Location');
  if (!response.ok || !location) throw new Error(`no current notice for ${BENCH_SITE}: ${response.status}`);
  return Number(location.split('/').pop());
}

/** What Chromium sends with every request: the Worker may answer any of the reads gzipped. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const BROWSER = { 'Accept-Encoding': BROWSER_ACCEPT_ENCODING };

const BARE: Scenario = { method: 'GET', path: '/v1/bench/bare', headers: BROWSER };

/**
 * The read paths, each beside the bare route: the banner's config and the site-specific embed
 * script (first fetch and revalidated), and a notice version, full and revalidated.
 */
export async function benchReads(worker: DevWorker, options: LoadOptions): Promise<LoadResult[]> {
  const pinned = `/v1/sites/${BENCH_SITE}/notices/${await currentNoticeVersion(worker)}`;
  const config = `/v1/sites/${BENCH_SITE}/config`;
  const embed = `/v1/sites/${BENCH_SITE}/embed.js`;
  const etag = async (path: string) => (await fetch(`${worker.base}${path}`)).headers.get('ETag')!;
  const measured = { durationS: options.durationS };
  const warmup = { durationS: 2 };
  const scenarios: [string, Scenario][] = [
    ['Site config (what the banner fetches)', { method: 'GET', path: config, headers: BROWSER }],
    [
      'Site config, revalidated (304)',
      { method: 'GET', path: config, headers: { ...BROWSER, 'If-None-Match': await etag(config) } },
    ],
    ['Site embed script, config inside (200)', { method: 'GET', path: embed, headers: BROWSER }],
    [
      'Site embed script, revalidated (304)',
      { method: 'GET', path: embed, headers: { ...BROWSER, 'If-None-Match': await etag(embed) } },
    ],
    ['Notice version, first fetch (200)', { method: 'GET', path: pinned, headers: BROWSER }],
    [
      'Notice version, revalidated (304)',
      { method: 'GET', path: pinned, headers: { ...BROWSER, 'If-None-Match': await etag(pinned) } },
    ],
  ];
  const results: LoadResult[] = [];
  for (const [name, scenario] of scenarios) {
    results.push(await interleaved(worker, name, scenario, measured, warmup, options));
  }
  return results;
}

async function verifyLedger(worker: DevWorker): Promise<{ checked: number; ok: boolean }> {
  return admin<{ checked: number; ok: boolean }>(worker, 'POST', `/v1/admin/sites/${BENCH_SITE}/ledger/verify`);
}

/**
 * Receipt posts, each a new decision (fresh consent id and idempotency key) from its own source:
 * a different CF-Connecting-IP per request (from the 2001:db8::/32 documentation range), so the
 * 120-a-minute limit per site and source is not what is measured.
 */
export async function benchReceipts(
  worker: DevWorker,
  options: LoadOptions,
): Promise<{ load: LoadResult; ledger: LedgerCount }> {
  const noticeVersion = await currentNoticeVersion(worker);
  let sent = 0;
  const scenario: Scenario = {
    method: 'POST',
    path: `/v1/sites/${BENCH_SITE}/receipts`,
    // A receipt comes from a page on a registered origin: the seeded sites register the Worker's own.
    headers: { ...BROWSER, 'Content-Type': 'application/json', Origin: worker.base },
    setupRequest: (request) => {
      sent += 1;
      return {
        ...request,
        headers: { ...request.headers, 'CF-Connecting-IP': `2001:db8::${sent.toString(16)}` },
        body: JSON.stringify({
          consentId: randomUUID(),
          idempotencyKey: randomUUID(),
          noticeVersion,
          choices: { analytics: sent % 2 === 0 },
          method: sent % 2 === 0 ? 'accept-all' : 'reject-all',
          gpc: false,
          language: 'en-GB',
          pageUrl: `${worker.base}/demo/${BENCH_SITE}/services`,
        }),
      };
    },
  };
  const before = await verifyLedger(worker);
  const result = await interleaved(
    worker,
    'Receipt post (201)',
    scenario,
    { durationS: options.durationS },
    { durationS: 1 },
    options,
  );
  const after = await verifyLedger(worker);
  // The warm-up's posts count too: every 201 the Worker sent, in either run, must be a stored row.
  // A timed run ends with posts in flight, which may be stored unanswered (the browser would send
  // them again under the same idempotency key): more stored than answered is not a loss.
  const accepted = (result.statuses['201'] ?? 0) + (result.warmupStatuses['201'] ?? 0);
  const stored = after.checked - before.checked;
  return {
    load: result,
    ledger: {
      sent,
      accepted,
      before: before.checked,
      after: after.checked,
      stored,
      lost: accepted - stored,
      chainOk: after.ok,
    },
  };
}
