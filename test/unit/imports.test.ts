import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The arrows of STYLE.md: embed → ui → core → contract; worker/routes → worker/storage →
 * contract; widget and worker never import each other; contract imports nothing of ours.
 */
const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(relative);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Every relative import of a file, resolved to a path from the repository root. */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const found: { target: string; typeOnly: boolean }[] = [];
  const pattern =
    /(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[2] ?? match[3]!;
    found.push({ target: path.normalize(path.join(path.dirname(file), specifier)), typeOnly: Boolean(match[1]) });
  }
  return found;
}

function area(target: string): string {
  const parts = target.split(path.sep);
  if (parts[0] === 'widget') return parts[1] === 'core' || parts[1] === 'ui' ? `widget/${parts[1]}` : 'widget';
  if (parts[0] === 'worker') return parts[1] === 'storage' || parts[1] === 'routes' ? `worker/${parts[1]}` : 'worker';
  return parts[0]!;
}

const ALLOWED: Record<string, string[]> = {
  contract: ['contract'],
  notices: ['notices', 'contract'],
  'widget/core': ['widget/core', 'contract'],
  'widget/ui': ['widget/ui', 'widget/core', 'contract'],
  widget: ['widget', 'widget/ui', 'widget/core', 'contract'],
  'worker/storage': ['worker/storage', 'contract'],
  'worker/routes': ['worker/routes', 'worker', 'worker/storage', 'contract', 'notices'],
  worker: ['worker', 'worker/storage', 'worker/routes', 'contract', 'notices'],
};

describe('import directions', () => {
  const files = ['contract', 'notices', 'widget', 'worker'].flatMap(sourceFiles);

  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  // One test per rule: a broken rule is named once, with every file that breaks it.
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer} imports only ${allowed.join(', ')}`, () => {
      const wrong = files
        .filter((file) => area(file) === layer)
        .flatMap((file) =>
          importsOf(file)
            .filter(({ target }) => !allowed.includes(area(target)))
            .map(({ target }) => `${file} → ${target}`),
        );
      expect(wrong).toEqual([]);
    });
  }

  it('has a rule for every layer it finds', () => {
    expect([...new Set(files.map(area))].filter((layer) => !ALLOWED[layer])).toEqual([]);
  });

  it('keeps SQL out of routes', () => {
    const wrong = sourceFiles('worker/routes').filter((file) =>
      /\.prepare\(|SELECT |INSERT INTO/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });

  // Params, queries and bodies reach a handler only through `valid()` (a contract/ schema on the
  // route): no raw reads to check by hand, no hand-built patterns, no casts of what came in.
  it('reads request input in routes only through validators', () => {
    const wrong = sourceFiles('worker/routes').flatMap((file) =>
      [
        ...readFileSync(path.join(root, file), 'utf8').matchAll(
          /c\.req\.(?:param|query|queries)\(|c\.get\('body'\)|new RegExp\(|\bas (?:SiteSettings|ReceiptRequest|PublishRequest)\b/g,
        ),
      ].map((match) => `${file}: ${match[0]}`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps Hono out of storage', () => {
    const wrong = sourceFiles('worker/storage').filter((file) =>
      /from 'hono/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });

  it('opens browsers in e2e tests only through the shared fixture (useBrowser)', () => {
    const wrong = sourceFiles('test/e2e').filter(
      (file) =>
        file.endsWith('.test.ts') &&
        /\blaunchBrowser\(|chromium\.launch\(/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps fetch and cookies out of the Lit elements', () => {
    const wrong = sourceFiles('widget/ui').filter((file) =>
      /\bfetch\(|document\.cookie|js-cookie/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps Lit out of the headless core', () => {
    const wrong = sourceFiles('widget/core').filter((file) =>
      /from 'lit/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });

  // An element that needs another's internals is one element in two files: the preferences dialog
  // gets what it shows as properties and reports with events, so nothing in widget/ui leads back.
  it('has no import cycle among the widget/ui files (type-only and lazy imports included)', () => {
    const ui = sourceFiles('widget/ui');
    const edges = new Map(
      ui.map((file) => [
        file,
        importsOf(file)
          .map(({ target }) => target.replace(/\.js$/, '.ts'))
          .filter((target) => ui.includes(target)),
      ]),
    );
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      for (const next of edges.get(file) ?? []) {
        const start = trail.indexOf(next);
        if (start >= 0) cycles.push([...trail.slice(start), next].join(' → '));
        else visit(next, [...trail, next]);
      }
    };
    for (const file of ui) visit(file, [file]);
    expect(ui.length).toBeGreaterThan(5);
    expect([...new Set(cycles)]).toEqual([]);
  });

  it('keeps Hono out of the widget and Lit out of the Worker', () => {
    const wrong = [
      ...sourceFiles('widget').filter((file) => /from 'hono/.test(readFileSync(path.join(root, file), 'utf8'))),
      ...sourceFiles('worker').filter((file) => /from 'lit/.test(readFileSync(path.join(root, file), 'utf8'))),
    ];
    expect(wrong).toEqual([]);
  });
});
