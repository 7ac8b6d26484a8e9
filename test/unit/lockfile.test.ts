/**
 * `npm ci` installs exactly what package-lock.json says, and refuses a lock file that is out of
 * step with package.json or that leaves out a package some locked package depends on, optional
 * ones included (rollup's and esbuild's per-platform binaries). These checks read the two files
 * the way npm ci does, offline, so a stale lock file fails here before it fails a clean clone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as LockedPackage;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};

/** Node's resolution: the nearest node_modules/<name> walking up from the dependent's folder. */
function resolves(from: string, name: string): boolean {
  let folder = from;
  for (;;) {
    const candidate = folder ? `${folder}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return true;
    if (!folder) return false;
    const cut = folder.lastIndexOf('/node_modules/');
    folder = cut === -1 ? '' : folder.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('is a version 3 lock file', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('records exactly the dependencies package.json declares, with the same ranges', () => {
    const locked = lock.packages[''] ?? {};
    expect(locked.dependencies ?? {}).toEqual(manifest.dependencies ?? {});
    expect(locked.devDependencies ?? {}).toEqual(manifest.devDependencies ?? {});
    expect(locked.optionalDependencies ?? {}).toEqual(manifest.optionalDependencies ?? {});
  });

  it('holds every package a locked package depends on, every platform’s optional ones included', () => {
    const missing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      if (entry.link) continue;
      const needed = {
        ...entry.dependencies,
        ...entry.optionalDependencies,
        ...Object.fromEntries(
          Object.entries(entry.peerDependencies ?? {}).filter(
            ([name]) => !entry.peerDependenciesMeta?.[name]?.optional,
          ),
        ),
      };
      for (const name of Object.keys(needed)) {
        if (!resolves(location, name)) missing.push(`${location || '(root)'} → ${name}`);
      }
    }
    expect(missing, 'regenerate with `npm install --package-lock-only` and commit it').toEqual([]);
  });
});
