import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the WordPress plugin’s copy of the catalogue', () => {
  // An installed plugin cannot read outside its folder, so it ships its own copy; a copy that
  // fell behind would let a newly catalogued tag through on WordPress sites.
  it.each(['services.json', 'SOURCES.md'])('has the same %s as contract/catalogue/', (file) => {
    expect(
      read(`integrations/wordpress/candour/catalogue/${file}`),
      `run: cp contract/catalogue/${file} integrations/wordpress/candour/catalogue/`,
    ).toBe(read(`contract/catalogue/${file}`));
  });
});
