/** The UI chunk embed.js loads when something must be shown (it defines `<candour-consent>`), and the hooks the core reaches it by. */
export { bannerHooks } from './candour-consent.js';
