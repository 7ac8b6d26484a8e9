import type { Language } from './strings.js';

/** The preferences dialog's words; loaded with the dialog. */
const EN = {
  prefsTitle: 'Cookie preferences',
  prefsIntro: 'Choose which optional cookies {org} may use. Necessary cookies are always on.',
  necessary: 'Strictly necessary',
  necessaryWhy: 'Always on: they keep the site working and remember your cookie choice.',
  functional: 'Functional',
  functionalWhy: 'Remember settings you choose, such as a saved login.',
  analytics: 'Analytics',
  analyticsWhy: 'Help us understand how people use the site, so we can improve it.',
  marketing: 'Marketing',
  marketingWhy: 'Show you content and adverts that suit your interests.',
  on: 'On',
  off: 'Off',
  save: 'Save my choices',
  close: 'Close',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  cookiesOf: 'Cookies this sets',
  cookieName: 'Name',
  cookieProvider: 'Provider',
  cookiePurpose: 'Purpose',
  cookieDuration: 'Expires',
  cookieTransfer: 'Sent outside the UK',
  noTransfer: 'No',
  source: 'Source:',
  sourceAuthor: 'the notice’s author',
  gpcNote: 'Your browser asked sites not to sell or share your data (Global Privacy Control), so these start off.',
  latestReceipt: 'Your latest consent receipt',
};

export type PreferencesStrings = { [K in keyof typeof EN]: string };

const CY: PreferencesStrings = {
  prefsTitle: 'Dewisiadau cwcis',
  prefsIntro: 'Dewiswch pa gwcis dewisol y caiff {org} eu defnyddio. Mae cwcis angenrheidiol bob amser ymlaen.',
  necessary: 'Cwbl angenrheidiol',
  necessaryWhy: 'Bob amser ymlaen: maen nhw’n cadw’r wefan i weithio ac yn cofio eich dewis cwcis.',
  functional: 'Swyddogaethol',
  functionalWhy: 'Cofio gosodiadau rydych yn eu dewis, fel mewngofnodi wedi’i gadw.',
  analytics: 'Dadansoddi',
  analyticsWhy: 'Ein helpu i ddeall sut mae pobl yn defnyddio’r wefan, er mwyn ei gwella.',
  marketing: 'Marchnata',
  marketingWhy: 'Dangos cynnwys a hysbysebion sy’n addas i’ch diddordebau.',
  on: 'Ymlaen',
  off: 'I ffwrdd',
  save: 'Cadw fy newisiadau',
  close: 'Cau',
  acceptAll: 'Derbyn y cyfan',
  rejectAll: 'Gwrthod y cyfan',
  cookiesOf: 'Cwcis y mae hwn yn eu gosod',
  cookieName: 'Enw',
  cookieProvider: 'Darparwr',
  cookiePurpose: 'Diben',
  cookieDuration: 'Yn dod i ben',
  cookieTransfer: 'Anfonir y tu allan i’r DU',
  noTransfer: 'Na',
  source: 'Ffynhonnell:',
  sourceAuthor: 'awdur yr hysbysiad',
  gpcNote:
    'Gofynnodd eich porwr i wefannau beidio â gwerthu na rhannu eich data (Global Privacy Control), felly mae’r rhain yn dechrau i ffwrdd.',
  latestReceipt: 'Eich derbynneb caniatâd ddiweddaraf',
};

export const PREFERENCES_STRINGS: Record<Language, PreferencesStrings> = { en: EN, cy: CY };
