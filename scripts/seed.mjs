import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The organisations' notice sources, one Markdown file per site id. */
export function noticeSources(dir = 'notices') {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const source = readFileSync(`${dir}/${file}`, 'utf8');
      const frontMatter = /^---\n([\s\S]*?)\n---/.exec(source);
      const meta = frontMatter ? parse(frontMatter[1]) : {};
      return { file: `${dir}/${file}`, site: meta.site, organisation: meta.organisation, source };
    });
}

async function call(base, token, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Registers each organisation with local origins and publishes its first notice, through the
 * same admin API an admin uses. Sites that exist already are left as they are.
 */
export async function seedSites(base, token, { log = console.log } = {}) {
  const { sites } = await call(base, token, 'GET', '/v1/admin/sites');
  const existing = new Set(sites.map((site) => site.id));
  const url = new URL(base);
  const otherHost = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const origins = [url.origin, `${url.protocol}//${otherHost}:${url.port}`];
  const seeded = [];
  for (const notice of noticeSources()) {
    if (existing.has(notice.site)) continue;
    await call(base, token, 'PUT', `/v1/admin/sites/${notice.site}`, {
      organisation: { name: notice.organisation },
      allowedOrigins: origins,
      privacyUrl: `${base}/demo/${notice.site}/privacy`,
    });
    const published = await call(base, token, 'POST', `/v1/admin/sites/${notice.site}/notices`, {
      source: notice.source,
      // The seeds are the organisations' own policies as they stand, gaps included.
      reason: 'Seeded from the organisation’s own privacy policy as published, with its gaps.',
    });
    log(`  seeded ${notice.site}: notice version ${published.version}`);
    seeded.push(notice.site);
  }
  return seeded;
}
