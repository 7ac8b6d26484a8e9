import type { OptionalCategory } from './categories.js';

/**
 * Source matching shared by the catalogue and the widget's automatic blocking. Kept apart from
 * `catalogue.ts` so the widget's first script gets these few lines without the catalogue's data.
 */

/** 'host' matches the host and its subdomains; 'host/path' also needs the path to start with '/path'. */
export function sourceMatches(source: string, host: string, path: string): boolean {
  const slash = source.indexOf('/');
  const sourceHost = slash < 0 ? source : source.slice(0, slash);
  if (host !== sourceHost && !host.endsWith(`.${sourceHost}`)) return false;
  return slash < 0 || path.startsWith(source.slice(slash));
}

/**
 * What the Worker tells the widget to hold back without markup: per optional category, the
 * sources ('host' or 'host/path-prefix') of the catalogue services the site has not declared
 * necessary. Compact on purpose: it rides inside the first script.
 */
export type BlockList = Partial<Record<OptionalCategory, string[]>>;
