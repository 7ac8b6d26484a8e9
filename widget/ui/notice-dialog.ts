import { LANGUAGE_TAGS, noticeText, supportedLanguage } from './notice-strings.js';

/** `data-candour="notice"` and `candour.showNotice()`: the notice in a modal dialog. */
export async function showNoticeDialog(site: string, base: string, section?: string): Promise<void> {
  // Focus returns to what opened the dialog, even when that is inside a shadow root.
  let opener = document.activeElement as HTMLElement | null;
  while (opener?.shadowRoot?.activeElement) opener = opener.shadowRoot.activeElement as HTMLElement;
  // On a page in another language the notice inside falls back to the site's default itself.
  const pageLanguage = supportedLanguage(document.documentElement.lang);
  const language = pageLanguage ?? 'en';
  const dialog = document.createElement('dialog');
  dialog.setAttribute('aria-label', noticeText(language, 'noticeLabel'));
  if (pageLanguage) dialog.lang = LANGUAGE_TAGS[pageLanguage];
  dialog.className = 'candour-notice-dialog';
  // Through the CSSOM, which a page's style-src policy allows; the page's own CSS may add to it.
  Object.assign(dialog.style, {
    width: 'min(50rem, calc(100vw - 2rem))',
    maxHeight: 'calc(100dvh - 2rem)',
    padding: '1rem',
    boxSizing: 'border-box',
  });
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = noticeText(language, 'close');
  // On a line of its own: the notice beside a float would be squeezed into what is left.
  Object.assign(close.style, {
    display: 'block',
    marginLeft: 'auto',
    minHeight: '44px',
    minWidth: '44px',
    font: 'inherit',
  });
  close.addEventListener('click', () => dialog.close());
  const notice = document.createElement('candour-notice');
  notice.base = base;
  notice.site = site;
  dialog.append(close, notice);
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  if (section) {
    await notice.loaded;
    notice.openSection(section);
  }
}
