import { catalogueService } from '../../contract/catalogue.js';
import type { Diagnostics } from './diagnostics.js';

type PathKey = string | number;

/**
 * A service in the front matter may name a catalogue entry (`catalogue: google-analytics`)
 * instead of repeating it: the entry's name, category, provider, privacy page and cookies are
 * filled in, each cookie marked as coming from the provider's documentation, so visitors are told
 * whose words they are reading. Keys the notice writes itself win (say `cookies: []` to list
 * none); `purpose` is always the notice's own, since only the organisation knows why it uses a
 * service. Runs on the raw YAML data, before the schema, so overrides are validated like any
 * other key; an unknown id is reported on its line and the service left out.
 */
export function expandCatalogueReferences(
  data: unknown,
  lineOf: (path: readonly PathKey[]) => number,
  diagnostics: Diagnostics,
): void {
  const services = (data as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) return;
  services.forEach((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || !('catalogue' in item)) return;
    const { catalogue: id, ...local } = item as Record<string, unknown>;
    const at = lineOf(['services', index, 'catalogue']);
    const entry = typeof id === 'string' ? catalogueService(id) : undefined;
    if (!entry) {
      diagnostics.error(
        at,
        `services.${index}.catalogue: unknown catalogue service ${JSON.stringify(id)}; the known ones are listed in contract/catalogue/services.json`,
      );
      // A stand-in that passes the schema, so this one mistake is reported once, not as a dozen.
      services[index] = {
        id: `unknown-${index}`,
        name: '-',
        category: 'necessary',
        provider: '-',
        purpose: '-',
        cookies: [],
      };
      return;
    }
    if ('id' in local) {
      diagnostics.error(
        lineOf(['services', index, 'id']),
        `services.${index}.id: a catalogue service takes its id ("${entry.id}") from the catalogue`,
      );
    }
    const source = { kind: 'provider', name: entry.reference.name, url: entry.reference.url };
    services[index] = {
      id: entry.id,
      name: entry.name,
      category: entry.category,
      provider: entry.provider,
      privacyUrl: entry.privacyUrl,
      cookies: entry.cookies.map((cookie) => ({
        name: cookie.match === 'prefix' ? `${cookie.name}*` : cookie.name,
        provider: entry.provider,
        purpose: cookie.purpose,
        duration: cookie.duration,
        source,
      })),
      ...local,
    };
  });
}
