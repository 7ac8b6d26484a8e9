import { BANNER_EN, type BannerStrings } from './strings-en.js';

export type Language = 'en' | 'cy';
export type { BannerStrings };
export type BannerKey = keyof BannerStrings;

/** The page's own language wins (`<html lang="cy">`); then the site's default. */
export function pickLanguage(pageLang: string | null | undefined, siteDefault: string | undefined): Language {
  const candidates = [pageLang, siteDefault].map((tag) => tag?.toLowerCase().split('-')[0]);
  return (candidates.find((tag) => tag === 'cy' || tag === 'en') as Language | undefined) ?? 'en';
}

/** English ships with the banner; Welsh is fetched only for the pages that need it. */
export async function bannerStrings(language: Language): Promise<BannerStrings> {
  return language === 'cy' ? (await import('./strings-cy.js')).BANNER_CY : BANNER_EN;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
