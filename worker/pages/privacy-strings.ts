/**
 * The privacy page's own words in English and Welsh. Copied from the widget's notice-strings.ts
 * (the import rules keep widget and worker apart), so the page and `<candour-notice>` say the same.
 * Placeholders: {version}, {date}.
 */
export const PRIVACY_STRINGS = {
  en: {
    summary: 'Summary',
    contents: 'Contents',
    versionLine: 'Version {version}, in effect from {date}',
    lastUpdated: 'last updated {date}',
    earlierVersions: 'Earlier versions',
    versionItem: 'Version {version}',
    inForce: 'in force',
    reading: 'you are reading this',
    readingEarlier: 'You are reading version {version}, in effect from {date}. It has been replaced.',
    readCurrent: 'Read the current version',
    cookieTable: 'Cookies declared for this site',
    cookieHead: 'Cookie|Purpose|Expires|Source',
    sourcePolicy: 'Our privacy policy',
    sourceAuthor: 'The notice’s author',
    noNotice: 'This site has not published a privacy notice yet.',
    noticeLabel: 'Privacy notice',
  },
  cy: {
    summary: 'Crynodeb',
    contents: 'Cynnwys',
    versionLine: 'Fersiwn {version}, mewn grym o {date}',
    lastUpdated: 'diweddarwyd ddiwethaf {date}',
    earlierVersions: 'Fersiynau blaenorol',
    versionItem: 'Fersiwn {version}',
    inForce: 'mewn grym',
    reading: 'rydych yn darllen hon',
    readingEarlier:
      'Rydych yn darllen fersiwn {version}, a oedd mewn grym o {date}. Mae fersiwn newydd wedi cymryd ei lle.',
    readCurrent: 'Darllen y fersiwn gyfredol',
    cookieTable: 'Cwcis a ddatganwyd ar gyfer y wefan hon',
    cookieHead: 'Cwci|Diben|Yn dod i ben|Ffynhonnell',
    sourcePolicy: 'Ein polisi preifatrwydd',
    sourceAuthor: 'Awdur yr hysbysiad',
    noNotice: 'Nid yw’r wefan hon wedi cyhoeddi hysbysiad preifatrwydd eto.',
    noticeLabel: 'Hysbysiad preifatrwydd',
  },
} as const;

export type PageLanguage = keyof typeof PRIVACY_STRINGS;
type PageStringKey = keyof (typeof PRIVACY_STRINGS)['en'];

/** The language tag for `<html lang>` and `Content-Language`. */
export const PAGE_LANGUAGE_TAGS: Record<PageLanguage, string> = { en: 'en-GB', cy: 'cy' };

/** `en` or `cy` for a site's default language tag (`cy-GB`, `en-GB`); English otherwise. */
export function pageLanguageOf(tag: string | undefined): PageLanguage {
  return tag?.trim().toLowerCase().split('-')[0] === 'cy' ? 'cy' : 'en';
}

export function pageText(
  language: PageLanguage,
  key: PageStringKey,
  values: Record<string, string | number> = {},
): string {
  return PRIVACY_STRINGS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

const MONTHS: Record<PageLanguage, readonly string[]> = {
  en: 'January February March April May June July August September October November December'.split(' '),
  cy: 'Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr'.split(' '),
};

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});

/** `1 July 2025` / `1 Gorffennaf 2025` on London's calendar, as the widget writes dates. */
export function pageDate(language: PageLanguage, iso: string): string {
  // A bare date (lastUpdated) is a calendar day, not midnight UTC.
  const when = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const parts = LONDON_DAY.formatToParts(when);
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value);
  return `${part('day')} ${MONTHS[language][part('month') - 1] ?? ''} ${part('year')}`;
}
