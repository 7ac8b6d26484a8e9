import type { SiteConfig } from '../../contract/site.js';

export async function fetchSiteConfig(base: string, site: string): Promise<SiteConfig> {
  const response = await fetch(`${base}/v1/sites/${encodeURIComponent(site)}/config`, { credentials: 'omit' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The consent service answered ${response.status}.`);
  }
  return (await response.json()) as SiteConfig;
}
