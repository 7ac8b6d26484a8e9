/** The discovery chunk's address, resolved at build time by vite.config.ts (discoveryChunkUrl). */
declare module 'virtual:candour-discovery-url' {
  const url: string;
  export default url;
}
