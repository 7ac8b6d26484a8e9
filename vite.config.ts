import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * Two builds into dist/public, which the Worker serves:
 *  - `vite build --mode ui`: the Lit elements as ES modules with content-hashed names
 *    (v1/chunks/*), loaded on demand and cached for a year;
 *  - `vite build --mode embed`: v1/embed.js, one small classic script (IIFE) that knows the
 *    hashed names of the chunks from the first build's manifest;
 *  - `vite build --mode embed-site`: v1/site-embed.js, the same script without the generic tag's
 *    path (fetching the config first), which the Worker answers at `/v1/sites/:site/embed.js`
 *    with the site's config ahead of it: all a returning visitor fetches.
 * `npm run build` runs them in that order.
 */
const OUT_DIR = 'dist/public';

/**
 * The widget's own files are minified with terser (three passes) rather than esbuild: what a first
 * visit fetches before its first click is held to 12 KB gzip, and terser's output is smaller.
 */
const TERSER = { ecma: 2020, compress: { passes: 3, pure_getters: true } } as const;

function chunkName(manifest: Record<string, { file: string }>, source: string): string {
  const entry = manifest[source];
  if (!entry) throw new Error(`vite manifest has no entry for ${source}: run "vite build --mode ui" first`);
  return entry.file.replace(/^v1\/chunks\//, '');
}

/** Every chunk an entry imports statically, so the prelude can fetch them side by side. */
function staticImports(manifest: Record<string, { file: string; imports?: string[] }>, source: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    for (const dependency of manifest[key]?.imports ?? []) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      visit(dependency);
    }
  };
  visit(source);
  return [...seen].map((key) => manifest[key]!.file.replace(/^v1\/chunks\//, ''));
}

/**
 * `virtual:candour-discovery`: loads the cookie-discovery chunk, which the core needs only after
 * a grant. In the widget's own build it imports the chunk by the address rollup gives it: a plain
 * `import('./discovery.js')` would make vite wrap it in its preload helper, a chunk of its own that
 * the banner and the core would then both fetch (700 B). In the npm build (no helper there) it is
 * a plain dynamic import, so that the site's own bundler sees the chunk.
 */
function discoveryLoader(mode: 'chunk-url' | 'import'): Plugin {
  const id = 'virtual:candour-discovery';
  const entry = path.resolve(import.meta.dirname, 'widget/core/discovery.ts');
  return {
    name: 'candour-discovery',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(loaded) {
      if (loaded !== `\0${id}`) return null;
      if (mode === 'import') return `export default () => import(${JSON.stringify(entry)});`;
      const ref = this.emitFile({ type: 'chunk', id: entry, preserveSignature: 'exports-only' });
      return `export default () => import(/* @vite-ignore */ import.meta.ROLLUP_FILE_URL_${ref});`;
    },
    // A relative specifier: import() resolves it against the importing chunk's own address.
    resolveFileUrl: ({ relativePath }) =>
      JSON.stringify(relativePath.startsWith('.') ? relativePath : `./${relativePath}`),
  };
}

/**
 * Vite wraps each dynamic import in its preload helper, which fetches the imported chunk's CSS and
 * preloads its imports. The widget has no CSS files and does not preload (modulePreload: false),
 * so the helper only costs bytes (about 600 B gzip of the session a first visit loads): here it
 * just calls the import.
 */
function plainDynamicImports(): Plugin {
  const id = '\0vite/preload-helper.js';
  return {
    name: 'candour-plain-dynamic-imports',
    enforce: 'pre',
    resolveId: (source) => (source === 'vite/preload-helper.js' || source === id ? id : null),
    load: (loaded) => (loaded === id ? 'export const __vitePreload = (load) => load();' : null),
  };
}

/**
 * The banner's CSS is a template string (it is adopted as a constructed sheet, with no CSS
 * pipeline), which no minifier reads: collapse its whitespace and comments, so that the first
 * paint stays within its 10 KB. Only `const …_CSS = \`…\`` strings without interpolations.
 */
function compactCssStrings(): Plugin {
  return {
    name: 'candour-compact-css-strings',
    enforce: 'pre',
    transform(code, id) {
      if (!/widget\/ui\/(styles|candour-consent)\.ts$/.test(id)) return null;
      return code.replace(/(_CSS = `)([^`$]*)(`)/g, (_match, open: string, css: string, close: string) => {
        const compact = css
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,]) ?/g, '$1')
          .trim();
        return `${open}${compact}${close}`;
      });
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'admin') {
    // The admin page (admin/): one module and one stylesheet with fixed names, revalidated on load.
    return {
      publicDir: false,
      build: {
        outDir: OUT_DIR,
        emptyOutDir: false,
        target: 'es2022',
        modulePreload: false,
        rollupOptions: {
          input: { admin: 'admin/main.ts', 'banner-frame': 'admin/banner-frame.ts' },
          output: {
            format: 'es',
            entryFileNames: 'admin/assets/[name].js',
            chunkFileNames: 'admin/assets/[name]-[hash].js',
            assetFileNames: 'admin/assets/[name][extname]',
          },
        },
      },
    };
  }
  if (mode === 'npm') {
    // The npm entry (package "candour"): ES modules for sites that bundle; Lit and js-cookie stay
    // dependencies of the site's own bundle. Types come from `tsc -p tsconfig.npm.json`.
    return {
      publicDir: false,
      plugins: [discoveryLoader('import')],
      build: {
        outDir: 'dist/npm',
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        lib: { entry: 'widget/index.ts', formats: ['es'], fileName: 'index' },
        rollupOptions: { external: [/^lit(-html|-element)?(\/|$)/, /^@lit\//, 'js-cookie'] },
      },
    };
  }
  if (mode === 'embed' || mode === 'embed-site') {
    const siteTag = mode === 'embed-site';
    const manifest = JSON.parse(readFileSync(`${OUT_DIR}/.vite/manifest.json`, 'utf8')) as Record<
      string,
      { file: string; imports?: string[] }
    >;
    return {
      publicDir: false,
      define: {
        __CANDOUR_SITE_TAG__: JSON.stringify(siteTag),
        __CANDOUR_PARTS_CHUNK__: JSON.stringify(chunkName(manifest, 'widget/page-parts.ts')),
        __CANDOUR_NOTICE_CHUNK__: JSON.stringify(chunkName(manifest, 'widget/ui/candour-notice.ts')),
        __CANDOUR_BOOT_CHUNK__: JSON.stringify(chunkName(manifest, 'widget/boot.ts')),
        __CANDOUR_BOOT_DEPS__: JSON.stringify(staticImports(manifest, 'widget/boot.ts')),
      },
      build: {
        outDir: OUT_DIR,
        emptyOutDir: false,
        target: 'es2022',
        minify: 'terser',
        terserOptions: TERSER,
        lib: {
          entry: 'widget/embed.ts',
          formats: ['iife'],
          name: 'candourEmbed',
          fileName: () => (siteTag ? 'v1/site-embed.js' : 'v1/embed.js'),
        },
      },
    };
  }
  return {
    publicDir: 'worker/public',
    plugins: [plainDynamicImports(), compactCssStrings(), discoveryLoader('chunk-url')],
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      manifest: true,
      modulePreload: false,
      minify: 'terser',
      terserOptions: { ...TERSER, module: true },
      rollupOptions: {
        // The session; the notice; and the small parts of the first script that only some pages
        // need (held-back frames, the timing of a compact notice's loading), fetched when they do.
        input: ['widget/ui/candour-notice.ts', 'widget/boot.ts', 'widget/page-parts.ts'],
        preserveEntrySignatures: 'allow-extension',
        output: {
          format: 'es',
          entryFileNames: 'v1/chunks/[name]-[hash].js',
          chunkFileNames: 'v1/chunks/[name]-[hash].js',
          // Lit's hydration support must run before LitElement is defined; in one chunk with it,
          // it runs first (the notice imports it first) whichever element loads Lit. Lit (lit-html
          // included) is only ever loaded on demand: the banner is plain DOM.
          manualChunks: (id) =>
            /node_modules\/(@lit-labs\/ssr-client|lit-element|lit-html|@lit\/reactive-element)\//.test(id)
              ? 'lit-element'
              : // Small modules the session shares with the notice and the preferences dialog (the
                // shared look, categories, the config fetch, address checks) travel together:
                // apart, each tiny file costs more gzipped than it holds.
                /widget\/ui\/styles\.ts$|contract\/categories\.ts$|widget\/core\/(config|urls)\.ts$|contract\/safe-url\.ts$/.test(
                    id,
                  )
                ? 'shared'
                : undefined,
        },
      },
    },
  };
});
