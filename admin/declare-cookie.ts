import { catalogueService } from '../contract/catalogue.js';
import type { OptionalCategory } from '../contract/categories.js';
import type { DiscoveredCookie } from '../contract/discovery.js';
import type { CookieDeclaration, FactSource, ServiceDeclaration } from '../contract/site.js';
import { servicesOf, withServices } from './services-source.js';

const CATEGORY_WORDS: Record<OptionalCategory, string> = {
  functional: 'functional',
  analytics: 'analytics',
  marketing: 'marketing',
};

/** Words the admin must replace before publishing: the notice compiler shows them in the preview. */
export const TO_DESCRIBE = 'Not yet described: say what this cookie does before publishing.';

/**
 * Declares a discovered cookie in a notice source (the draft): into the service the catalogue
 * names when the draft has it, else by adding that catalogue service with all its cookies; a
 * cookie the catalogue does not know goes into a service of the category the admin chose. The
 * result is a material change (services and cookies), so publishing it asks visitors again.
 */
export function declareDiscovered(
  source: string,
  cookie: DiscoveredCookie,
): { source: string; service: string; added: 'cookie' | 'service' } {
  const services = servicesOf(source);
  if (!services)
    throw new Error('The notice draft has problems in its settings block: fix them on the Notice page first.');
  const match = cookie.match;
  if (match) {
    const from: FactSource = { kind: 'provider', name: match.reference.name, url: match.reference.url };
    const name = match.prefix ? `${match.cookie}*` : match.cookie;
    const existing = services.find((service) => service.id === match.serviceId);
    if (existing) {
      const declaration: CookieDeclaration = {
        name,
        provider: existing.provider,
        purpose: match.purpose,
        duration: match.duration,
        source: from,
      };
      const next = services.map((service) =>
        service === existing ? { ...service, cookies: [...service.cookies, declaration] } : service,
      );
      return { source: withServices(source, next), service: existing.name, added: 'cookie' };
    }
    const catalogued = catalogueService(match.serviceId);
    const service: ServiceDeclaration = {
      id: match.serviceId,
      name: match.serviceName,
      category: match.category,
      provider: match.provider,
      purpose: match.purpose,
      privacyUrl: match.privacyUrl,
      source: from,
      cookies: (
        catalogued?.cookies ?? [
          {
            name: match.cookie,
            match: match.prefix ? 'prefix' : 'exact',
            purpose: match.purpose,
            duration: match.duration,
          },
        ]
      ).map((entry) => ({
        name: entry.match === 'prefix' ? `${entry.name}*` : entry.name,
        provider: match.provider,
        purpose: entry.purpose,
        duration: entry.duration,
        source: from,
      })),
    };
    return { source: withServices(source, [...services, service]), service: service.name, added: 'service' };
  }
  const category = cookie.attributed;
  if (!category) throw new Error(`Choose the category of ${cookie.name} first.`);
  const declaration: CookieDeclaration = {
    name: cookie.name,
    provider: 'This website',
    purpose: TO_DESCRIBE,
    duration: 'Not yet known',
  };
  const existing = services.find((service) => service.category === category);
  if (existing) {
    const next = services.map((service) =>
      service === existing ? { ...service, cookies: [...service.cookies, declaration] } : service,
    );
    return { source: withServices(source, next), service: existing.name, added: 'cookie' };
  }
  const service: ServiceDeclaration = {
    id: `other-${category}`,
    name: `Other ${CATEGORY_WORDS[category]} cookies`,
    category,
    provider: 'This website',
    purpose: TO_DESCRIBE,
    cookies: [declaration],
  };
  return { source: withServices(source, [...services, service]), service: service.name, added: 'service' };
}
