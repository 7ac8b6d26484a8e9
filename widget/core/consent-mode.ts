import type { Choices } from '../../contract/categories.js';
import { OPTIONAL_CATEGORIES } from '../../contract/categories.js';
import type { ConsentModeMapping, ConsentModeType } from '../../contract/consent-mode.js';
import { CONSENT_MODE_TYPES } from '../../contract/consent-mode.js';

type ConsentState = Partial<Record<ConsentModeType, 'granted' | 'denied'>>;

declare global {
  interface Window {
    dataLayer?: unknown[];
  }
}

/** gtag's own shape: Google's tags read `arguments` objects from dataLayer, not arrays. */
function gtag(..._args: unknown[]): void {
  window.dataLayer = window.dataLayer ?? [];
  // eslint-disable-next-line prefer-rest-params
  window.dataLayer.push(arguments);
}

/** Everything denied but security; tags wait briefly for a stored decision to arrive. */
export function pushConsentDefault(waitForUpdateMs = 500): void {
  const state: ConsentState = {};
  for (const type of CONSENT_MODE_TYPES) state[type] = type === 'security_storage' ? 'granted' : 'denied';
  gtag('consent', 'default', { ...state, wait_for_update: waitForUpdateMs });
  gtag('set', 'ads_data_redaction', true);
}

export function consentModeState(choices: Choices, mapping: ConsentModeMapping): ConsentState {
  const state: ConsentState = {};
  for (const category of OPTIONAL_CATEGORIES) {
    for (const type of mapping[category]) {
      // A type granted by any allowed category is granted.
      if (state[type] !== 'granted') state[type] = choices[category] ? 'granted' : 'denied';
    }
  }
  return state;
}

export function pushConsentUpdate(choices: Choices, mapping: ConsentModeMapping): void {
  gtag('consent', 'update', consentModeState(choices, mapping));
}
