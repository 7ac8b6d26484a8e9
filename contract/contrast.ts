/** WCAG 2.2 contrast, for theme colours a site picks (refused by the admin API, corrected by the widget). */

function channel(value: number): number {
  const srgb = value / 255;
  return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
}

function rgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new TypeError(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgb(hex).map(channel) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The AA minimum for normal text. */
export const MIN_CONTRAST = 4.5;

/** Darkens a colour step by step until white text on it meets AA; returns it unchanged if it does. */
export function accessibleAccent(hex: string, text = '#ffffff'): string {
  let [r, g, b] = rgb(hex);
  for (let step = 0; step < 100 && contrastRatio(toHex(r, g, b), text) < MIN_CONTRAST; step++) {
    [r, g, b] = [r, g, b].map((value) => Math.max(0, Math.round(value * 0.94))) as [number, number, number];
  }
  return toHex(r, g, b);
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}
