/** The organisations' notice sources, imported as text (Vite's `?raw`) so workerd needs no file system. */
declare module '*.md?raw' {
  const source: string;
  export default source;
}
