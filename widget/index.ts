/**
 * The npm entry, for sites that bundle their own JavaScript:
 *
 *   import { startCandour } from 'candour';
 *   window.candour = startCandour({ site: 'harmony-minds', base: 'https://consent.example' });
 *
 * Call it as early as possible (before analytics code), as the script tag would run. Importing
 * it also types the CONTRACT's events for the page's own code:
 *
 *   document.addEventListener('candour-consent', (event) => event.detail.choices);
 */
import type { CandourApi } from './api.js';
import { startCandour as start, type StartOptions } from './start.js';

export type { CandourApi } from './api.js';
export type { StartOptions } from './start.js';
export { ConsentController } from './core/controller.js';
export type { Category, Choices } from '../contract/categories.js';
export type { ConsentRecord } from '../contract/consent.js';
export type { SiteConfig } from '../contract/site.js';
export {
  CandourConsentEvent,
  CandourErrorEvent,
  CandourReadyEvent,
  CandourReceiptEvent,
  type CandourEventMap,
  type ConsentEventDetail,
  type ErrorEventDetail,
  type ReadyEventDetail,
  type ReceiptEventDetail,
} from './core/events.js';

export function startCandour(options: Omit<StartOptions, 'loadNotice'>): CandourApi {
  if (window.candour) return window.candour;
  const api = start({ ...options, loadNotice: () => import('./ui/candour-notice.js') });
  window.candour = api;
  return api;
}
