/**
 * The notice element's own words, in English and Welsh. The notice text itself is in the
 * language its author wrote (`document.language`); these are the controls around it.
 * Placeholders: {org}, {version}, {date}, {from}, {to}, {title}, {change}.
 */
export const NOTICE_STRINGS = {
  en: {
    noticeLabel: 'Privacy notice',
    loading: 'Loading the privacy notice…',
    loadFailed: 'The privacy notice could not be loaded. Please try again later.',
    versionLine: 'Version {version}, in effect from {date}',
    lastUpdated: 'last updated {date}',
    summary: 'Summary',
    showFor: 'Show the parts for',
    everyone: 'Everyone',
    showAll: 'Show the full notice',
    showSections: 'Show sections only',
    earlierVersions: 'Earlier versions',
    versionsIntro: 'Each version stays as it was published. Choose one to read it here.',
    versionItem: 'Version {version}',
    inForce: 'in force',
    reading: 'you are reading this',
    readingEarlier: 'You are reading version {version}, in effect from {date}. It has been replaced.',
    readCurrent: 'Read the current version',
    changesHeading: 'What changed from version {from} to version {to}',
    changesLoading: 'Loading the changes…',
    noChanges: 'The wording is the same.',
    changeLine: '“{title}”: {change}',
    added: 'section added',
    removed: 'section removed',
    changed: 'reworded',
    inserted: 'Added: ',
    deleted: 'Removed: ',
    cookiesChanged: 'The cookies we ask about changed, so visitors were asked again.',
    versionFailed: 'That version could not be loaded. Please try again later.',
    compactLink: 'Read “{title}” in our privacy notice',
    compactFallback: 'How {org} uses your information',
    close: 'Close',
    cookieTable: 'Cookies declared for this site',
    cookieHead: 'Cookie|Purpose|Expires|Source',
    sourcePolicy: 'Our privacy policy',
    sourceAuthor: 'The notice’s author',
  },
  cy: {
    noticeLabel: 'Hysbysiad preifatrwydd',
    loading: 'Wrthi’n llwytho’r hysbysiad preifatrwydd…',
    loadFailed: 'Nid oedd modd llwytho’r hysbysiad preifatrwydd. Rhowch gynnig arall arni yn nes ymlaen.',
    versionLine: 'Fersiwn {version}, mewn grym o {date}',
    lastUpdated: 'diweddarwyd ddiwethaf {date}',
    summary: 'Crynodeb',
    showFor: 'Dangos y rhannau ar gyfer',
    everyone: 'Pawb',
    showAll: 'Dangos yr hysbysiad llawn',
    showSections: 'Dangos yr adrannau yn unig',
    earlierVersions: 'Fersiynau blaenorol',
    versionsIntro: 'Mae pob fersiwn yn aros fel y cafodd ei chyhoeddi. Dewiswch un i’w darllen yma.',
    versionItem: 'Fersiwn {version}',
    inForce: 'mewn grym',
    reading: 'rydych yn darllen hon',
    readingEarlier:
      'Rydych yn darllen fersiwn {version}, a oedd mewn grym o {date}. Mae fersiwn newydd wedi cymryd ei lle.',
    readCurrent: 'Darllen y fersiwn gyfredol',
    changesHeading: 'Beth newidiodd o fersiwn {from} i fersiwn {to}',
    changesLoading: 'Wrthi’n llwytho’r newidiadau…',
    noChanges: 'Mae’r geiriad yr un fath.',
    changeLine: '“{title}”: {change}',
    added: 'adran wedi’i hychwanegu',
    removed: 'adran wedi’i dileu',
    changed: 'ailysgrifennwyd',
    inserted: 'Ychwanegwyd: ',
    deleted: 'Dilëwyd: ',
    cookiesChanged: 'Newidiodd y cwcis rydym yn gofyn amdanynt, felly gofynnwyd i ymwelwyr eto.',
    versionFailed: 'Nid oedd modd llwytho’r fersiwn honno. Rhowch gynnig arall arni yn nes ymlaen.',
    compactLink: 'Darllen “{title}” yn ein hysbysiad preifatrwydd',
    compactFallback: 'Sut mae {org} yn defnyddio eich gwybodaeth',
    close: 'Cau',
    cookieTable: 'Cwcis a ddatganwyd ar gyfer y wefan hon',
    cookieHead: 'Cwci|Diben|Yn dod i ben|Ffynhonnell',
    sourcePolicy: 'Ein polisi preifatrwydd',
    sourceAuthor: 'Awdur yr hysbysiad',
  },
} as const;

export type NoticeLanguage = keyof typeof NOTICE_STRINGS;
export type NoticeStringKey = keyof (typeof NOTICE_STRINGS)['en'];

/** `en` or `cy` for a BCP 47 tag (`cy`, `cy-GB`, `en-GB`), or undefined for any other language. */
export function supportedLanguage(tag: string | null | undefined): NoticeLanguage | undefined {
  const primary = tag?.trim().toLowerCase().split('-')[0];
  return primary === 'cy' || primary === 'en' ? primary : undefined;
}

/** The banner's rule: the page's own language first (`<html lang="cy">`), then the site's default. */
export function pickNoticeLanguage(pageLang: string | null | undefined, siteDefault?: string): NoticeLanguage {
  return supportedLanguage(pageLang) ?? supportedLanguage(siteDefault) ?? 'en';
}

/** The language tag to put on elements that carry these strings. */
export const LANGUAGE_TAGS: Record<NoticeLanguage, string> = { en: 'en-GB', cy: 'cy' };

export function noticeText(
  language: NoticeLanguage,
  key: NoticeStringKey,
  values: Record<string, string | number> = {},
): string {
  return NOTICE_STRINGS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

const MONTHS: Record<NoticeLanguage, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  cy: [
    'Ionawr',
    'Chwefror',
    'Mawrth',
    'Ebrill',
    'Mai',
    'Mehefin',
    'Gorffennaf',
    'Awst',
    'Medi',
    'Hydref',
    'Tachwedd',
    'Rhagfyr',
  ],
};

/** The day on London's calendar, as numbers: the same in every browser's locale data. */
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});

/**
 * A date as people write it in the UK (`1 July 2025`, `1 Gorffennaf 2025`). Month names come from
 * here, not the browser: not every browser carries Welsh locale data.
 */
export function noticeDate(language: NoticeLanguage, iso: string): string {
  // A bare date (lastUpdated) is a calendar day, not midnight UTC.
  const when = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const parts = LONDON_DAY.formatToParts(when);
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value);
  return `${part('day')} ${MONTHS[language][part('month') - 1] ?? ''} ${part('year')}`;
}
