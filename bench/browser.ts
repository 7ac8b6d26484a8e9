/**
 * The browser half: the same clinic page with Candour and with vanilla-cookieconsent, in
 * Chromium with 4x CPU throttling, one fresh context (empty cache, no cookies) per run, the two
 * products alternating so that drift on a shared machine hits both alike.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { median, ratio } from './stats.js';
import type { Product } from './pages.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** DevTools CPU throttling rate (BENCH_CPU_THROTTLING=1 measures an unthrottled machine). */
export const CPU_THROTTLING = Number(process.env.BENCH_CPU_THROTTLING ?? 4);

/** DevTools network emulation; null leaves the network alone (loopback). */
export interface NetworkProfile {
  name: string;
  /** Round trip added to every request, ms. */
  latencyMs: number;
  downloadKbps: number;
  uploadKbps: number;
}

/** Lighthouse's "slow 4G" mobile profile, applied through DevTools as the issue asks. */
export const MOBILE_NETWORK: NetworkProfile = { name: 'mobile', latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 };

export interface ResourceTiming {
  /** Path (chunk names keep their content hash: one build serves every run). */
  path: string;
  startMs: number;
  endMs: number;
}

export interface BrowserRun {
  /** performance.mark('consent-start'), first in <head>, to the banner's first frame in the DOM. */
  bannerInDomMs: number;
  /** … to the first frame where it has a box, is not hidden and not transparent. */
  bannerVisibleMs: number;
  /** From the last file to arrive before the banner to the banner in the DOM: its own work, no network. */
  renderAfterFilesMs: number;
  /** Cumulative layout shift over the whole run, page load to gated script. */
  cls: number;
  /** The Accept click's event time to the gated script put into the page live: the decision applied. */
  acceptToAppliedMs: number;
  /** The Accept click's event time to the gated script running (wall time, throttled). */
  acceptToGatedMs: number;
  /** Main-thread busy time over that interval (Chrome's TaskDuration metric). */
  acceptMainThreadMs: number;
  longTasks: number;
  /** Sum over long tasks of their time past 50 ms, as Total Blocking Time counts it. */
  blockingMs: number;
  /** A returning visitor (the decision from the run's click, files as the browser cached them): script start → gated script ran. */
  returningGatedMs: number;
  /**
   * Script and style bytes the browser's own network log saw arrive for the product's files
   * requested before the Accept click (response bodies as sent, so gzip where the server gzips;
   * headers left out), the page's gated analytics script excepted.
   */
  firstVisitBytes: number;
  /** The same for the returning visitor's page load, to the gated script: 0 for a file served from the cache. */
  returningBytes: number;
  /** The files requested before the banner was visible, relative to consent-start. */
  resources: ResourceTiming[];
}

type MetricKey = Exclude<keyof BrowserRun, 'resources'>;

export interface BrowserMetric {
  key: MetricKey;
  label: string;
  unit: string;
  candour: number;
  peer: number;
  ratio: number | null;
}

export interface BrowserResults {
  chromium: string;
  cpuThrottling: number;
  network?: NetworkProfile | null;
  runs: number;
  /** Runs that failed and were made again (their figures are not kept). */
  retries: number;
  metrics: BrowserMetric[];
  /** Median time each file finished loading, in the order they started. */
  timeline: Record<Product, { path: string; startMs: number; endMs: number }[]>;
  raw: Record<Product, BrowserRun[]>;
}

const LABELS: Record<MetricKey, [string, string]> = {
  bannerInDomMs: ['Script start → banner in the DOM', 'ms'],
  bannerVisibleMs: ['Script start → banner visible', 'ms'],
  renderAfterFilesMs: ['Last file in → banner in the DOM (no network)', 'ms'],
  cls: ['Cumulative layout shift', ''],
  acceptToAppliedMs: ['Accept click → decision applied (gated script put live)', 'ms'],
  acceptToGatedMs: ['Accept click → gated script ran (elapsed)', 'ms'],
  acceptMainThreadMs: ['Accept click → gated script ran (main-thread busy)', 'ms'],
  longTasks: ['Long tasks (page load to gated script)', 'count'],
  blockingMs: ['Long-task time over 50 ms (TBT-style)', 'ms'],
  returningGatedMs: ['Returning visitor: script start → gated script ran', 'ms'],
  firstVisitBytes: ['Script and style fetched before the first click (network log, bodies as sent)', 'B'],
  returningBytes: ['Returning visitor: script and style fetched (network log, bodies as sent)', 'B'],
};

/**
 * Counts, from DevTools' network events, the body bytes of every script and stylesheet response
 * as it came over the wire, into whichever phase is current when it was requested.
 */
async function networkLog(
  cdp: CDPSession,
): Promise<{ phase: { current: 'first' | 'click' | 'returning' }; bytes: Record<'first' | 'returning', number> }> {
  const phase = { current: 'first' as 'first' | 'click' | 'returning' };
  const bytes = { first: 0, returning: 0 };
  const requests = new Map<string, { phase: 'first' | 'click' | 'returning'; counted: boolean; headerBytes: number }>();
  cdp.on('Network.requestWillBeSent', (event) => {
    const counted =
      (event.type === 'Script' || event.type === 'Stylesheet') && !event.request.url.endsWith('/gated.js');
    requests.set(event.requestId, { phase: phase.current, counted, headerBytes: 0 });
  });
  cdp.on('Network.responseReceived', (event) => {
    const request = requests.get(event.requestId);
    if (request) request.headerBytes = event.response.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const request = requests.get(event.requestId);
    if (!request?.counted || request.phase === 'click') return;
    bytes[request.phase] += Math.max(0, event.encodedDataLength - request.headerBytes);
  });
  await cdp.send('Network.enable');
  return { phase, bytes };
}

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
}

interface ProbeState {
  cls: number;
  longTasks: { start: number; duration: number }[];
  inDomAt: number | null;
  visibleAt: number | null;
  clickAt: number | null;
  activatedAt: number | null;
  gatedAt: number | null;
}

declare global {
  interface Window {
    __bench: ProbeState & { gated: Promise<number>; shown: Promise<number> };
  }
}

/** Waits for the probe's `shown` promise, evaluating nothing else in the page. */
async function bannerShown(cdp: CDPSession): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the banner did not become visible within 20 s')), 20_000);
  });
  try {
    await Promise.race([
      cdp.send('Runtime.evaluate', { expression: 'window.__bench.shown', awaitPromise: true }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The product's Accept button, the way a visitor finds it. */
function acceptButton(page: Page, product: Product) {
  return product === 'candour'
    ? page.getByRole('region', { name: /^Cookies on/ }).getByRole('button', { name: 'Accept all' })
    : page.locator('#cc-main .cm').getByRole('button', { name: 'Accept all' });
}

export async function runOnce(
  browser: Browser,
  product: Product,
  url: string,
  network: NetworkProfile | null = null,
): Promise<BrowserRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
    await cdp.send('Performance.enable');
    const log = await networkLog(cdp);
    if (network) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: network.latencyMs,
        downloadThroughput: (network.downloadKbps * 1000) / 8,
        uploadThroughput: (network.uploadKbps * 1000) / 8,
      });
    }
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    // Awaited through DevTools directly: page.waitForFunction would first evaluate Playwright's
    // injected script in the page (about 100 ms of main-thread work at 4x), in the middle of
    // the interval being measured whenever a banner is drawn after DOMContentLoaded.
    await bannerShown(cdp);
    const button = acceptButton(page, product);
    if (!(await button.isVisible())) throw new Error(`${product}: the Accept button is not visible`);
    // Let deferred work after the banner finish, so the click measures the click.
    await page.waitForTimeout(500);
    const box = (await button.boundingBox())!;
    const gated = page.evaluate(() => window.__bench.gated);
    const before = await taskDurationMs(cdp);
    log.phase.current = 'click';
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await gated;
    const after = await taskDurationMs(cdp);
    await page.waitForTimeout(100);
    const state = await page.evaluate(() => {
      const { cls, longTasks, inDomAt, visibleAt, clickAt, activatedAt, gatedAt } = window.__bench;
      const start = performance.getEntriesByName('consent-start')[0]!.startTime;
      // What the first paint waited for: files requested before the banner was visible.
      const resources = performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime <= (visibleAt ?? Infinity))
        .map((entry) => ({
          path: new URL(entry.name).pathname,
          startMs: entry.startTime - start,
          endMs: (entry as PerformanceResourceTiming).responseEnd - start,
        }));
      return { cls, longTasks, inDomAt, visibleAt, clickAt, activatedAt, gatedAt, start, resources };
    });
    if (state.clickAt === null || state.gatedAt === null || state.activatedAt === null)
      throw new Error(`${product}: the click or the gated script went unseen`);
    // The same visitor comes back: their decision is stored, the browser has cached what it may.
    log.phase.current = 'returning';
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const returningGatedMs = await page.evaluate(async () => {
      const gatedAt = await window.__bench.gated;
      return gatedAt - performance.getEntriesByName('consent-start')[0]!.startTime;
    });
    return {
      bannerInDomMs: state.inDomAt! - state.start,
      bannerVisibleMs: state.visibleAt! - state.start,
      renderAfterFilesMs:
        state.inDomAt! - state.start - lastArrivalBefore(state.inDomAt! - state.start, state.resources),
      cls: state.cls,
      acceptToAppliedMs: state.activatedAt - state.clickAt,
      acceptToGatedMs: state.gatedAt - state.clickAt,
      acceptMainThreadMs: after - before,
      longTasks: state.longTasks.length,
      blockingMs: state.longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      returningGatedMs,
      firstVisitBytes: log.bytes.first,
      returningBytes: log.bytes.returning,
      resources: state.resources,
    };
  } finally {
    await context.close();
  }
}

/** When the last file that arrived before the banner was in the DOM arrived (0 if none did). */
function lastArrivalBefore(inDomMs: number, resources: ResourceTiming[]): number {
  return Math.max(0, ...resources.map((resource) => resource.endMs).filter((end) => end <= inDomMs));
}

/** A run that fails (a stalled request on a busy machine) is made again, up to twice, and counted. */
let retries = 0;
async function attempt<T>(run: () => Promise<T>, product: Product, log: (line: string) => void): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await run();
    } catch (error) {
      if (tries === 3) throw error;
      retries += 1;
      log(
        `  ${product}: run failed (${error instanceof Error ? error.message.split('\n')[0] : error}); running it again`,
      );
    }
  }
}

function timeline(runs: BrowserRun[]): { path: string; startMs: number; endMs: number }[] {
  const paths = [...new Set(runs.flatMap((run) => run.resources.map((resource) => resource.path)))];
  const medianOf = (path: string, field: 'startMs' | 'endMs') =>
    median(runs.flatMap((run) => run.resources.filter((resource) => resource.path === path).map((r) => r[field])));
  return paths
    .sort((a, b) => medianOf(a, 'startMs') - medianOf(b, 'startMs'))
    .map((path) => ({ path, startMs: medianOf(path, 'startMs'), endMs: medianOf(path, 'endMs') }));
}

export async function benchBrowser(options: {
  urls: Record<Product, string>;
  runs: number;
  network?: NetworkProfile | null;
  log: (line: string) => void;
}): Promise<BrowserResults> {
  const network = options.network ?? null;
  const browser = await launch();
  try {
    const raw: Record<Product, BrowserRun[]> = { candour: [], peer: [] };
    options.log('  warming up (one uncounted run each)…');
    retries = 0;
    for (const product of ['candour', 'peer'] as const) {
      await attempt(() => runOnce(browser, product, options.urls[product], network), product, options.log);
    }
    for (let run = 0; run < options.runs; run++) {
      const order: Product[] = run % 2 === 0 ? ['candour', 'peer'] : ['peer', 'candour'];
      for (const product of order) {
        raw[product].push(
          await attempt(() => runOnce(browser, product, options.urls[product], network), product, options.log),
        );
      }
      const last = (product: Product) => raw[product].at(-1)!.bannerVisibleMs.toFixed(0);
      options.log(
        `  run ${run + 1}/${options.runs}: banner visible candour ${last('candour')} ms, peer ${last('peer')} ms`,
      );
    }
    const metrics = (Object.keys(LABELS) as MetricKey[]).map((key) => {
      const candour = median(raw.candour.map((run) => run[key]));
      const peer = median(raw.peer.map((run) => run[key]));
      return { key, label: LABELS[key][0], unit: LABELS[key][1], candour, peer, ratio: ratio(candour, peer) };
    });
    return {
      chromium: browser.version(),
      cpuThrottling: CPU_THROTTLING,
      network,
      runs: options.runs,
      retries,
      metrics,
      timeline: { candour: timeline(raw.candour), peer: timeline(raw.peer) },
      raw,
    };
  } finally {
    await browser.close();
  }
}
