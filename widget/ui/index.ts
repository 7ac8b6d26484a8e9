/** The UI chunk embed.js loads when something must be shown. */
export { CandourConsent } from './candour-consent.js';
