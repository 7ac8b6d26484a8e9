/** Turns one run's results into bench/RESULTS.md: every figure, and how it was measured. */
import type { BrowserResults } from './browser.js';
import type { Machine } from './machine.js';
import { SESSION_ENTRY, type SizeResults, type SizeSet } from './size.js';
import { formatBytes, formatRatio, ratio } from './stats.js';
import { BROWSER_ACCEPT_ENCODING, SLICES, type LedgerCount, type LoadResult } from './worker.js';

/** D1's largest database on the Workers Paid plan (500 MB on the free plan). */
export const D1_MAX_BYTES = 10e9;

export interface StorageResults {
  receiptsAdded: number;
  databaseBytesBefore: number;
  databaseBytesAfter: number;
  bytesPerReceiptOnDisk: number;
  meanValueBytes: number;
  meanJwsBytes: number;
  receiptsPerGB: number;
  receiptsPerD1Database: number;
}

export interface Results {
  startedAt: string;
  finishedAt: string;
  elapsedS: number;
  command: string;
  machine: Machine;
  peer: { name: string; version: string; options: string };
  size?: SizeResults;
  browser?: BrowserResults;
  /** The same comparison with DevTools' mobile network emulation added. */
  browserMobile?: BrowserResults;
  worker?: {
    connections: number;
    reads: LoadResult[];
    receipts: LoadResult;
    ledger: LedgerCount;
    rateLimitHandling: string;
  };
  storage?: StorageResults;
  /** Parts this run did not measure (`--only`), kept from the run before it, and which run that was. */
  carried?: { parts: string[]; command: string; startedAt: string };
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function sizeRows(label: string, candour: SizeSet, peer: SizeSet): string {
  return `| ${label} | ${formatBytes(candour.gzip)} | ${formatBytes(peer.gzip)} | ${formatRatio(ratio(candour.gzip, peer.gzip))} | ${formatBytes(candour.brotli)} | ${formatBytes(peer.brotli)} | ${formatRatio(ratio(candour.brotli, peer.brotli))} |`;
}

function fileList(set: SizeSet): string {
  return set.files.map((file) => `\`${file.file}\` ${formatBytes(file.gzip)}`).join(', ');
}

function sizeSection(size: SizeResults): string[] {
  const { candour, peer } = size;
  const lines = [
    '## Size',
    '',
    `Transfer bytes, ${size.compression}.`,
    '',
    '| What | Candour gzip | peer gzip | Candour/peer | Candour brotli | peer brotli | Candour/peer |',
    '|---|---:|---:|---:|---:|---:|---:|',
    sizeRows('What the first paint needs', candour.firstPaint, peer.firstPaint),
    sizeRows('All a first visit loads before a choice', candour.firstVisit, peer.firstPaint),
    sizeRows('All of the consent UI, on-demand parts included', candour.consentUi, peer.whole),
    sizeRows('The whole widget, layered notice included', candour.whole, peer.whole),
    sizeRows('A returning visitor with a valid decision', candour.returning, peer.firstPaint),
    '',
    `- Candour's first paint is \`embed.js\` and the session's module (\`${SESSION_ENTRY}\` in \`dist/public/.vite/manifest.json\`: the plain-DOM banner, the controller, receipts) with its static imports, all in the first wave: ${fileList(candour.firstPaint)} (gzip). The banner shows as soon as these and the site config have arrived; Accept and Reject need nothing more.`,
    `- On demand: the preferences dialog and the other dynamic imports (all of the consent UI is ${candour.consentUi.files.length} files); the whole widget adds the layered privacy notice, which vanilla-cookieconsent does not have (${candour.whole.files.length} files).`,
    `- A returning visitor with a valid decision loads \`embed.js\` alone, which releases the gated scripts in the task it reads the decision: ${fileList(candour.returning)}.`,
    ...(candour.siteEmbed
      ? [
          `- The recommended site-specific tag (\`/v1/sites/harmony-minds/embed.js\`) carries the gate's share of the site config inside the script: ${formatBytes(candour.siteEmbed.gzip)} gzip in place of \`embed.js\` alone, all a returning visitor fetches; a first visit fetches the whole config beside the session's module.`,
        ]
      : []),
    `- vanilla-cookieconsent: ${fileList(peer.firstPaint)}; its banner needs both files, and it has nothing to load later.`,
    // The first paint loads what the whole first visit loads (one module): its budget is the 12 KB
    // goal of issue #11, judged in the goals table.
  ];
  if (candour.configJson && peer.inlineConfig) {
    lines.push(
      `- Not in the table: each product's configuration. Candour's banner fetches the site config as JSON from the Worker (${formatBytes(candour.configJson.gzip)} gzip for harmony-minds, cached by the browser); vanilla-cookieconsent's run() options are written into every page (${formatBytes(peer.inlineConfig.gzip)} gzip for the same categories, services and cookie tables).`,
    );
  }
  return lines;
}

const KB = 1024;

/** Whether Candour met each of issue #11's goals, with the figure, from this run. */
function goalsSection(results: Results): string[] {
  const rows: string[] = [];
  const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
  const metric = (browser: BrowserResults, key: string) => browser.metrics.find((entry) => entry.key === key)!;
  const profiles = [
    ['4× CPU', results.browser],
    ['4× CPU + mobile network', results.browserMobile],
  ] as const;
  for (const [profile, browser] of profiles) {
    if (!browser) continue;
    const goal = (label: string, key: string, limit: number) => {
      const entry = metric(browser, key);
      const met = entry.ratio !== null && entry.ratio <= limit;
      rows.push(
        `| ${label} (${profile}) | ≤ ${limit.toFixed(1)}× | ${fixed(entry.candour)} ms vs ${fixed(entry.peer)} ms = ${formatRatio(entry.ratio)} | ${verdict(met)} |`,
      );
    };
    goal('Banner visible', 'bannerVisibleMs', 0.8);
    goal('Accept click → gated script ran', 'acceptToGatedMs', 1.0);
    const blocking = metric(browser, 'blockingMs');
    const blockingMet = blocking.candour <= blocking.peer;
    rows.push(
      `| Long-task time, load → gated script (${profile}) | ≤ 1.0× | ${fixed(blocking.candour)} ms vs ${fixed(blocking.peer)} ms | ${verdict(blockingMet)} |`,
    );
    const cls = metric(browser, 'cls');
    rows.push(`| CLS (${profile}) | 0 | ${fixed(cls.candour, 3)} | ${verdict(cls.candour === 0)} |`);
    // Beside the sums of built files below: what the browser's own network log saw arrive.
    const fetched = browser.metrics.find((entry) => entry.key === 'firstVisitBytes');
    if (fetched) {
      rows.push(
        `| Fetched before the first click, script and style, from the browser's network log (${profile}) | ≤ 12 KB | ${formatBytes(fetched.candour)} (peer ${formatBytes(fetched.peer)}) | ${verdict(fetched.candour <= 12 * KB)} |`,
      );
    }
    const returning = browser.metrics.find((entry) => entry.key === 'returningBytes');
    if (returning) {
      // Not a verdict: a returning browser fetches little or nothing because it cached the files;
      // the goal is about what it loads, judged on the built files below.
      rows.push(
        `| Returning visitor, script and style over the network, from the browser's network log (${profile}) | (≤ 3 KB loaded) | ${formatBytes(returning.candour)} (peer ${formatBytes(returning.peer)}): ${returning.candour === 0 ? 'everything came from the browser cache' : 'the rest came from the browser cache'} | see the row on built files |`,
      );
    }
  }
  if (results.size) {
    const { candour } = results.size;
    const embed = candour.firstVisit.files.find((file) => file.file === 'v1/embed.js')?.gzip ?? 0;
    const firstClick = candour.firstVisit.gzip - embed + (candour.siteEmbed?.gzip ?? embed);
    rows.push(
      `| Fetched before the first click, gzip, sum of the built files (site config inside the script) | ≤ 12 KB | ${formatBytes(firstClick)} | ${verdict(firstClick <= 12 * KB)} |`,
    );
    const returning = candour.siteEmbed?.gzip ?? candour.returning.gzip;
    rows.push(
      `| Returning visitor with a valid decision, gzip, no Lit, sum of the built files | ≤ 3 KB | ${formatBytes(returning)} (the site-specific embed.js, nothing else; test/e2e/site-embed.test.ts) | ${verdict(returning <= 3 * KB)} |`,
    );
  }
  if (results.worker) rows.push(...workerGoals(results.worker, verdict));
  if (rows.length === 0) return [];
  return [
    '## Goals of issue #11',
    '',
    '| Goal | Target | This run | |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Gated scripts of a returning visitor are released by `embed.js` itself, in the task in which it reads the decision (test/e2e/site-embed.test.ts).',
  ];
}

function browserSection(browser: BrowserResults): string[] {
  const rows = browser.metrics.map((metric) => {
    const digits = metric.unit === '' ? 3 : metric.unit === 'count' ? 1 : 0;
    const unit = metric.unit && metric.unit !== 'count' ? ` ${metric.unit}` : '';
    const both0 = metric.candour === 0 && metric.peer === 0;
    return `| ${metric.label} | ${fixed(metric.candour, digits)}${unit} | ${fixed(metric.peer, digits)}${unit} | ${both0 ? 'both 0' : formatRatio(metric.ratio)} |`;
  });
  const timeline = (product: 'candour' | 'peer') =>
    browser.timeline[product]
      .map((entry) => `\`${entry.path}\` ${fixed(entry.startMs)} → ${fixed(entry.endMs)} ms`)
      .join(', ');
  const network = browser.network
    ? `, mobile network through DevTools \`Network.emulateNetworkConditions\` (${browser.network.latencyMs} ms latency, ${browser.network.downloadKbps} kbit/s down, ${browser.network.uploadKbps} kbit/s up)`
    : ', loopback network (no emulation)';
  return [
    `## Browser${browser.network ? `: ${browser.network.name} network` : ''}`,
    '',
    `Chromium ${browser.chromium}, headless, ${browser.cpuThrottling}× CPU throttling (DevTools \`Emulation.setCPUThrottlingRate\`)${network}, 1280×800. The same clinic page (\`bench/pages.ts\`) with Candour and with vanilla-cookieconsent configured from the same site config (categories \`necessary\` and \`analytics\`, the same services, cookie tables and wording). ${browser.runs} runs each after one uncounted warm-up, alternating which product goes first, each in a fresh browser context (empty cache, no cookies). Medians; below 1× means Candour is faster or smaller.${browser.retries ? ` ${browser.retries} run(s) failed on the busy machine and were made again.` : ''}`,
    '',
    '| Median of runs | Candour | vanilla-cookieconsent | Candour/peer |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    'How each figure is taken:',
    '',
    "- **Script start** is `performance.mark('consent-start')`, the first thing in `<head>` on both pages, just before each product's tags. Candour: the recommended site-specific `<script src=…/v1/sites/harmony-minds/embed.js>` (config inside) from the Worker (`wrangler dev` on this machine) through a proxy that gzips text at level 6 as Cloudflare's edge would (`bench/gzip-proxy.ts`); the proxy answers the content-hashed chunks (`/v1/chunks/*`) from `dist/public` itself with the Worker's headers, as the peer's files come from a static server, because `wrangler dev` on this loaded machine takes hundreds of milliseconds per file; the site-specific `embed.js` (config inside) and receipts go through the Worker. vanilla-cookieconsent: its stylesheet in `<head>`, and `cookieconsent.umd.js` with an inline `CookieConsent.run({…})` after the markup, as its documentation sets it up, both served gzipped (level 6) from the host page's own server, cached a week as a CDN would. The pages themselves are gzipped alike.",
    '- **Returning visitor**: after the Accept click, the same context loads the page again (decision stored, files cached as each server allows); from script start to the gated script running.',
    "- **Banner visible** is the first animation frame in which the banner has a box, is not `visibility: hidden` and not fully transparent: for Candour, the region named `Cookies on …` in `<candour-consent>`'s shadow root; for vanilla-cookieconsent, `#cc-main .cm`. vanilla-cookieconsent builds its banner at once but starts its fade-in 100 ms later by design (a `setTimeout` in its code), so *banner in the DOM* is given too.",
    '- **Accept click → gated script ran**: a real mouse click (DevTools input) on each banner\'s "Accept all"; from the click event\'s time to a gated `<script type="text/plain" data-candour-category="analytics" src="/gated.js">` (Candour) or `<script type="text/plain" data-category="analytics" src="/gated.js">` (vanilla-cookieconsent) recording `performance.now()` as it runs. *Main-thread busy* is Chrome\'s `TaskDuration` metric over that interval.',
    '- **Long tasks** are `longtask` performance entries from page load to the gated script; **layout shift** is the sum of `layout-shift` entries over the same time.',
    "- **Script and style fetched** are counted from DevTools' own network events (`Network.loadingFinished` less the response headers): every script and stylesheet response requested before the Accept click, as its body came over the wire (gzipped where the server gzips), the page's gated analytics script excepted; for the returning visitor, those of the second page load up to the gated script, where a file the browser had cached counts 0. They sit beside the size section's sums of the built files, which assume every file is fetched.",
    '- vanilla-cookieconsent runs with `hideFromBots: false`: by default it hides itself when `navigator.webdriver` is true, as it is in any automated browser.',
    '',
    "Where the time goes: each file requested before the banner was visible, requested → loaded, medians in ms after script start (below 0: the browser's preload scanner fetched it before the mark ran; a file loaded after the banner was not waited for). Candour's `embed.js` (with its config) comes from the Worker under `wrangler dev`, which on this shared machine answers more slowly than Cloudflare's edge does, its chunks from disk through the proxy; vanilla-cookieconsent's files come from a plain static server. *Last file in → banner in the DOM* leaves the network out.",
    '',
    `- Candour: ${timeline('candour')}`,
    `- vanilla-cookieconsent: ${timeline('peer')}`,
  ];
}

/** A route's rate over the bare route's, measured in slices between the route's (older runs: just before it). */
function ofBare(line: LoadResult, worker: NonNullable<Results['worker']>): number | null {
  return ratio(line.requestsPerSecond, line.bareRequestsPerSecond ?? worker.reads[0]!.requestsPerSecond);
}

/** Issue #11's Worker goals: reads at 0.8× the bare route or better, receipts at 0.5× with none lost. */
function workerGoals(worker: NonNullable<Results['worker']>, verdict: (met: boolean) => string): string[] {
  const rows: string[] = [];
  const goal = (label: string, line: LoadResult | undefined, limit: number, extra = '', extraMet = true) => {
    if (!line) return;
    const share = ofBare(line, worker);
    const bare = line.bareRequestsPerSecond ?? worker.reads[0]!.requestsPerSecond;
    const met = share !== null && share >= limit && extraMet;
    rows.push(
      `| ${label} | ≥ ${limit.toFixed(1)}× bare | ${fixed(line.requestsPerSecond)} vs ${fixed(bare)} req/s = ${formatRatio(share)}${extra} | ${verdict(met)} |`,
    );
  };
  const read = (name: string) => worker.reads.find((line) => line.name.startsWith(name));
  goal('Site config (200)', read('Site config (what'), 0.8);
  goal('Site config (304)', read('Site config, revalidated'), 0.8);
  goal('Site embed script (200)', read('Site embed script, config inside'), 0.8);
  goal('Site embed script (304)', read('Site embed script, revalidated'), 0.8);
  goal('Notice version (200)', read('Notice version, first fetch'), 0.8);
  goal('Notice version (304)', read('Notice version, revalidated'), 0.8);
  const { ledger } = worker;
  goal(
    'Receipt post, nothing lost',
    worker.receipts,
    0.5,
    `, ${ledger.lost <= 0 ? 'none lost' : `${ledger.lost} lost`}, chain ${ledger.chainOk ? 'verifies' : 'broken'}`,
    ledger.lost <= 0 && ledger.chainOk,
  );
  return rows;
}

function workerSection(worker: NonNullable<Results['worker']>, cores: number): string[] {
  const row = (line: LoadResult) =>
    `| ${line.name} | \`${line.method} ${line.path.replace(/notices\/\d+$/, 'notices/:version')}\` | ${fixed(line.requestsPerSecond)} | ${line.bareRequestsPerSecond === undefined ? '' : fixed(line.bareRequestsPerSecond)} | ${formatRatio(ofBare(line, worker))} | ${line.p50Ms} | ${line.p99Ms} | ${Object.entries(
      line.statuses,
    )
      .map(([status, count]) => `${count}× ${status}`)
      .join(', ')}${line.errors ? `, ${line.errors} errors` : ''} |`;
  const { ledger } = worker;
  return [
    '## Worker',
    '',
    `The Worker under \`wrangler dev\` on this machine (workerd, local D1, everything on the same ${cores} cores as the load generator), autocannon with ${worker.connections} connections. The bare route is \`GET /v1/bench/bare\` in the same Worker (same middleware, no D1), only on when \`CANDOUR_DEMO=on\`. The machine is shared and its load moves from second to second, so each route runs in ${SLICES} slices alternating with ${SLICES} slices of the bare route (bare, route, route, bare, and again), after an uncounted warm-up of both; *of bare* is the route's rate over the bare route's rate in those slices, each its requests over its own measured time, and the latencies are the median of the route's slices. The receipt run is timed like the reads (a counted run ends only on autocannon's once-a-second tick, which capped it at its slice's size per second), and the ledger check afterwards counts what was stored against what was answered. Every request carries Chromium's \`Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}\`, as a visitor's browser would: the Worker keeps a gzipped copy of each public answer and sends it as it is (a 28 KB notice document goes out as about 8 KB), where Cloudflare's edge would otherwise compress it on every request.`,
    '',
    '| Scenario | Request | req/s | bare between, req/s | of bare | p50 ms | p99 ms | Answers |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...[...worker.reads, worker.receipts].map(row),
    '',
    `- Rate limit: ${worker.rateLimitHandling}`,
    `- Receipts counted afterwards with the ledger check (\`POST /v1/admin/sites/harmony-minds/ledger/verify\`): ${ledger.sent} posted (warm-up included), ${ledger.accepted} answered \`201\`, the ledger went from ${ledger.before} to ${ledger.after} receipts (${ledger.stored} stored), so **${ledger.lost > 0 ? `${ledger.lost} were lost` : ledger.lost === 0 ? 'none were lost' : `none were lost (${-ledger.lost} posts still in flight when a timed slice ended were stored unanswered; a browser sends those again under the same idempotency key)`}**; the chain ${ledger.chainOk ? 'verifies' : '**does not verify**'} end to end.`,
  ];
}

function storageSection(storage: StorageResults, writesPerSecond?: number): string[] {
  return [
    '## Storage (for the scaling notes in docs/scaling.md)',
    '',
    `- The local D1 database file (SQLite, as D1 is) grew from ${storage.databaseBytesBefore.toLocaleString('en-GB')} to ${storage.databaseBytesAfter.toLocaleString('en-GB')} bytes for ${storage.receiptsAdded} receipts: **${fixed(storage.bytesPerReceiptOnDisk)} bytes per receipt** on disk, indexes and page overhead included (pages × page size as of the last commit, read from the file and its write-ahead log).`,
    `- Column values alone average ${fixed(storage.meanValueBytes)} bytes a row, of which the compact JWS is ${fixed(storage.meanJwsBytes)}.`,
    `- So about **${Math.round(storage.receiptsPerGB).toLocaleString('en-GB')} receipts per GB**, and one D1 database at its ${D1_MAX_BYTES / 1e9} GB limit holds about **${(storage.receiptsPerD1Database / 1e6).toFixed(1)} million receipts**.`,
    ...(writesPerSecond
      ? [
          `- Write rate measured here: **${fixed(writesPerSecond)} receipts per second** for one site (writes to one site's chain are serialised). That is ${((writesPerSecond * 86400) / 1e6).toFixed(1)} million a day: at that rate one database would be full after ${(storage.receiptsPerD1Database / writesPerSecond / 3600).toFixed(0)} hours of non-stop writing, so what a database holds, not how fast it writes, is what a deployment outgrows first (docs/scaling.md).`,
        ]
      : []),
  ];
}

export function renderResults(results: Results): string {
  const { machine } = results;
  const lines = [
    '# Candour benchmark results',
    '',
    `Written by \`${results.command}\` on ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${Math.round(results.elapsedS)} s. Every figure is also in \`bench/results.json\`.`,
    '',
    `**Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}; Node ${machine.node}; wrangler ${machine.wrangler}. Load average at start ${machine.loadAverageAtStart.join(' / ')} (a shared machine makes the timings noisier, never the sizes).`,
    '',
    `**Peer:** ${results.peer.name} ${results.peer.version} (${results.peer.options}).`,
    '',
    ...(results.carried
      ? [
          `**Not measured in this run** (\`--only\`): ${results.carried.parts.join(', ')}; those figures are kept from \`${results.carried.command}\` on ${results.carried.startedAt.slice(0, 16).replace('T', ' ')} UTC, under that run's code and load.`,
          '',
        ]
      : []),
  ];
  if (results.size) lines.push(...sizeSection(results.size), '');
  lines.push(...goalsSection(results), '');
  if (results.browser) lines.push(...browserSection(results.browser), '');
  if (results.browserMobile) lines.push(...browserSection(results.browserMobile), '');
  if (results.worker) lines.push(...workerSection(results.worker, machine.cores), '');
  if (results.storage) lines.push(...storageSection(results.storage, results.worker?.receipts.requestsPerSecond), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
