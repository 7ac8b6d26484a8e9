/**
 * Transfer sizes: what the first paint needs and the whole widget, gzip and brotli, for Candour
 * (from the vite manifest, so whatever the build produces is what is measured) and for
 * vanilla-cookieconsent 3.1 (its distributed files), by the same function.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const DIST = 'dist/public';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface SizeSet {
  files: FileSize[];
  raw: number;
  gzip: number;
  brotli: number;
}

export interface SizeResults {
  compression: string;
  candour: {
    entries: string[];
    firstPaint: SizeSet;
    core: SizeSet;
    firstVisit: SizeSet;
    consentUi: SizeSet;
    whole: SizeSet;
    /** What a returning visitor with a valid decision loads: the site build of embed.js alone (its config not counted here). */
    returning: SizeSet;
    configJson?: FileSize;
    /** The site-specific embed.js (the gate's share of the config ahead of the embed code), as the Worker answers it. */
    siteEmbed?: FileSize;
  };

  peer: { firstPaint: SizeSet; whole: SizeSet; inlineConfig?: FileSize };
}

interface ManifestEntry {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

/** gzip at level 9 and brotli at quality 11: the best either format gives, for both products. */
export function measure(name: string, bytes: Uint8Array): FileSize {
  return {
    file: name,
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }).byteLength,
  };
}

/** Files are compressed one by one, as a browser downloads them. */
function sizeSet(files: { name: string; path: string }[]): SizeSet {
  const measured = files.map((file) => measure(file.name, readFileSync(file.path)));
  return {
    files: measured,
    raw: measured.reduce((sum, file) => sum + file.raw, 0),
    gzip: measured.reduce((sum, file) => sum + file.gzip, 0),
    brotli: measured.reduce((sum, file) => sum + file.brotli, 0),
  };
}

function readManifest(dist: string): Record<string, ManifestEntry> {
  return JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
}

/** The manifest keys reachable from `entry` through static imports (and dynamic ones, if asked). */
export function reachable(manifest: Record<string, ManifestEntry>, entry: string, dynamic: boolean): string[] {
  if (!manifest[entry]) throw new Error(`the vite manifest has no entry for ${entry}: run "npm run build" first`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const item = manifest[key];
    if (!item) throw new Error(`the vite manifest names ${key} but has no entry for it`);
    for (const next of item.imports ?? []) visit(next);
    if (dynamic) for (const next of item.dynamicImports ?? []) visit(next);
  };
  visit(entry);
  return [...seen];
}

/**
 * The session's module (banner, controller, receipts): a first visit loads it and its static
 * imports in the first wave, beside nothing else; a returning visitor with a valid decision never.
 */
export const SESSION_ENTRY = 'widget/boot.ts';
/**
 * Entries embed.js can load that a first visit does not: the layered notice, and the two small
 * parts of the first script that only some pages need (page-parts.ts: held-back frames, a compact notice's timing).
 */
export const ON_DEMAND_ENTRIES = ['widget/ui/candour-notice.ts', 'widget/page-parts.ts'];
/**
 * The site build of embed.js (vite.config.ts, mode embed-site): the code of the recommended
 * `/v1/sites/:site/embed.js`, which the Worker sends with the gate's share of the config ahead of
 * it (contract/site.ts siteEmbedScript).
 */
export const SITE_EMBED = 'v1/site-embed.js';

export interface CandourFiles {
  /** The manifest entries embed.js names (it loads them by their hashed file names). */
  entries: string[];
  /** embed.js, then the session's module with its static imports: the banner paints from these. */
  firstPaint: string[];
  /** What embed.js loads on a first visit (the session), with its static imports. */
  core: string[];
  /** Every file a first visit loads before the visitor chooses: the same as the first paint. */
  firstVisit: string[];
  /** And what loads on demand (the preferences dialog, Welsh strings…): dynamic imports too. */
  consentUi: string[];
  /** Every chunk, the layered notice included. */
  whole: string[];
  /**
   * The site build of embed.js alone: it holds the gate and the decision, so a returning visitor
   * with a valid decision (on a page it does not interact with) loads nothing else.
   */
  returning: string[];
}

/** Read from the build itself, so that whatever the build produces is what is measured. */
export function candourFiles(dist = DIST): CandourFiles {
  const manifest = readManifest(dist);
  const embed = readFileSync(path.join(dist, 'v1/embed.js'), 'utf8');
  const entries = Object.keys(manifest).filter(
    (key) => manifest[key]!.isEntry && embed.includes(path.basename(manifest[key]!.file)),
  );
  if (!entries.includes(SESSION_ENTRY))
    throw new Error(`embed.js does not name the chunk of ${SESSION_ENTRY}: rebuild`);
  const firstWave = entries.filter((key) => !ON_DEMAND_ENTRIES.includes(key));
  const filesOf = (keys: string[], dynamic: boolean) => [
    ...new Set(keys.flatMap((key) => reachable(manifest, key, dynamic)).map((key) => manifest[key]!.file)),
  ];
  const core = filesOf(firstWave, false);
  const firstPaint = ['v1/embed.js', ...core];
  const all = [...new Set(Object.values(manifest).map((entry) => entry.file))].filter((file) => file.endsWith('.js'));
  if (!readFileSync(path.join(dist, SITE_EMBED), 'utf8').includes(path.basename(manifest[SESSION_ENTRY]!.file)))
    throw new Error(`${SITE_EMBED} does not name the chunk of ${SESSION_ENTRY}: rebuild`);
  return {
    entries,
    firstPaint,
    core,
    firstVisit: firstPaint,
    consentUi: ['v1/embed.js', ...filesOf(firstWave, true)],
    whole: ['v1/embed.js', ...all.sort()],
    returning: [SITE_EMBED],
  };
}

export function peerDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('vanilla-cookieconsent/dist/cookieconsent.umd.js'));
}

export function peerVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('vanilla-cookieconsent/package.json') as { version: string };
  return pkg.version;
}

/** vanilla-cookieconsent is one script and one stylesheet; the banner needs both. */
export const PEER_FILES = ['cookieconsent.umd.js', 'cookieconsent.css'];

export function measureSizes(
  extra: { configJson?: string; inlineConfig?: string; siteEmbed?: string } = {},
): SizeResults {
  const candour = candourFiles();
  const toFiles = (names: string[], dir: string) => names.map((name) => ({ name, path: path.join(dir, name) }));
  const peer = toFiles(PEER_FILES, peerDir());
  const encoder = new TextEncoder();
  return {
    compression: 'each file compressed on its own: gzip level 9, brotli quality 11 (Node zlib)',
    candour: {
      entries: candour.entries,
      firstPaint: sizeSet(toFiles(candour.firstPaint, DIST)),
      core: sizeSet(toFiles(candour.core, DIST)),
      firstVisit: sizeSet(toFiles(candour.firstVisit, DIST)),
      consentUi: sizeSet(toFiles(candour.consentUi, DIST)),
      whole: sizeSet(toFiles(candour.whole, DIST)),
      returning: sizeSet(toFiles(candour.returning, DIST)),
      ...(extra.configJson ? { configJson: measure('site config JSON', encoder.encode(extra.configJson)) } : {}),
      ...(extra.siteEmbed ? { siteEmbed: measure('site-specific embed.js', encoder.encode(extra.siteEmbed)) } : {}),
    },
    peer: {
      firstPaint: sizeSet(peer),
      whole: sizeSet(peer),
      ...(extra.inlineConfig
        ? { inlineConfig: measure('inline run() config', encoder.encode(extra.inlineConfig)) }
        : {}),
    },
  };
}
