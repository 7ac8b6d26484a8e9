/** The banner's words in English (bundled with the banner: the first paint needs them). */
export const BANNER_EN = {
  bannerLabel: 'Cookies on {org}',
  bannerHeading: 'Cookies on {org}',
  bannerIntro: 'We use some essential cookies to make this website work.',
  bannerAsk: 'We’d also like to use optional cookies. They are off unless you turn them on.',
  bannerChanged: 'Our cookies have changed since you last chose. Please choose again.',
  bannerExpired: 'It has been a while since you chose. Please check your cookie choices.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  manage: 'Manage preferences',
  aboutNotice: 'How we use your information (summary)',
  readNotice: 'Read our privacy notice',
  accepted: 'You’ve accepted optional cookies.',
  rejected: 'You’ve rejected optional cookies.',
  saved: 'You’ve saved your cookie choices.',
  gpc: 'Your browser’s Global Privacy Control signal is on, so we’ve turned optional cookies off.',
  changeAnyTime: 'You can change your cookie settings at any time.',
  hide: 'Hide this message',
  reloadNote: 'Scripts already running stop when you reload the page.',
};

export type BannerStrings = { [K in keyof typeof BANNER_EN]: string };
