/** The core, loaded by the script tag's prelude (embed.ts) as a module of its own. */
export { startCandour } from './start.js';
