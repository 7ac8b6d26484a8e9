/** Loads the cookie-discovery chunk; vite.config.ts (discoveryLoader) provides it at build time. */
declare module 'virtual:candour-discovery' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- an ambient module cannot import a relative path
  const load: () => Promise<typeof import('./discovery.js')>;
  export default load;
}
