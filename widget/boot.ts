/**
 * The session module the script tag (embed.ts) loads: on a first visit in the first wave, beside
 * nothing else; for a returning visitor only when something needs it.
 */
export { startSession } from './session.js';
