/**
 * The parts of the script tag's first script (embed.ts) that only some pages need, fetched the
 * first time a page shows it needs one: the gate's frame half, for a held-back frame, and the
 * timing of a compact notice's loading. One small module, so one more file name in the first
 * script rather than two.
 */
export { activateFrames } from './core/frames.js';
export { whenNoticesNeeded } from './notice-loading.js';
