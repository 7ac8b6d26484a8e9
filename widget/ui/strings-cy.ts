import type { BannerStrings } from './strings-en.js';

/** The banner's words in Welsh, loaded only for Welsh pages or sites. */
export const BANNER_CY: BannerStrings = {
  bannerLabel: 'Cwcis ar {org}',
  bannerHeading: 'Cwcis ar {org}',
  bannerIntro: 'Rydym yn defnyddio rhai cwcis hanfodol i wneud i’r wefan hon weithio.',
  bannerAsk: 'Hoffem hefyd ddefnyddio cwcis dewisol. Maen nhw i ffwrdd oni bai eich bod yn eu troi ymlaen.',
  bannerChanged: 'Mae ein cwcis wedi newid ers i chi ddewis ddiwethaf. Dewiswch eto, os gwelwch yn dda.',
  bannerExpired: 'Mae cryn amser ers i chi ddewis. Gwiriwch eich dewisiadau cwcis, os gwelwch yn dda.',
  acceptAll: 'Derbyn y cyfan',
  rejectAll: 'Gwrthod y cyfan',
  manage: 'Rheoli dewisiadau',
  aboutNotice: 'Sut rydym yn defnyddio eich gwybodaeth (crynodeb)',
  readNotice: 'Darllen ein hysbysiad preifatrwydd',
  accepted: 'Rydych wedi derbyn cwcis dewisol.',
  rejected: 'Rydych wedi gwrthod cwcis dewisol.',
  saved: 'Rydych wedi cadw eich dewisiadau cwcis.',
  gpc: 'Mae signal Global Privacy Control eich porwr ymlaen, felly rydym wedi diffodd cwcis dewisol.',
  changeAnyTime: 'Gallwch newid eich gosodiadau cwcis ar unrhyw adeg.',
  hide: 'Cuddio’r neges hon',
  reloadNote: 'Bydd sgriptiau sydd eisoes yn rhedeg yn stopio pan fyddwch yn ail-lwytho’r dudalen.',
};
