import { parseDocument } from 'yaml';
import type { ServiceDeclaration } from '../contract/site.js';

/**
 * Services and cookies live in the notice's front matter, because they are what visitors consent
 * to: a change to them is a new notice version. These two functions read them out of a source
 * and write an edited list back, leaving the rest of the source as it was.
 */
function split(source: string): { front: string; rest: string } | null {
  const lines = source.split('\n');
  if (lines[0]?.trimEnd() !== '---') return null;
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) return null;
  return { front: lines.slice(1, close).join('\n'), rest: lines.slice(close).join('\n') };
}

export function servicesOf(source: string): ServiceDeclaration[] | null {
  const parts = split(source);
  if (!parts) return null;
  const document = parseDocument(parts.front);
  if (document.errors.length) return null;
  const services = (document.toJS() as { services?: unknown } | null)?.services;
  return Array.isArray(services) ? (services as ServiceDeclaration[]) : [];
}

/** Drops empty optional fields, so that the compiler sees them as absent rather than blank. */
function tidy(services: ServiceDeclaration[]): ServiceDeclaration[] {
  return services.map((service) => ({
    id: service.id.trim(),
    name: service.name.trim(),
    category: service.category,
    provider: service.provider.trim(),
    purpose: service.purpose.trim(),
    ...(service.privacyUrl?.trim() ? { privacyUrl: service.privacyUrl.trim() } : {}),
    // The editor has no field for where a fact comes from; what the source said is kept.
    ...(service.source ? { source: service.source } : {}),
    cookies: service.cookies.map((cookie) => ({
      name: cookie.name.trim(),
      provider: cookie.provider.trim(),
      purpose: cookie.purpose.trim(),
      duration: cookie.duration.trim(),
      ...(cookie.transfer?.trim() ? { transfer: cookie.transfer.trim() } : {}),
      ...(cookie.source ? { source: cookie.source } : {}),
    })),
  }));
}

export function withServices(source: string, services: ServiceDeclaration[]): string {
  const parts = split(source);
  if (!parts) throw new Error('The notice source has no front matter to put the services in.');
  const document = parseDocument(parts.front);
  document.set('services', document.createNode(tidy(services)));
  return `---\n${document.toString({ lineWidth: 0 }).trimEnd()}\n${parts.rest}`;
}
