/**
 * When the page's `<candour-notice>` elements need their module. The privacy page (a full
 * notice) needs it at once; a compact one (two lines beside a contact form) only once it nears
 * the viewport, so it never competes with the banner for the first paint.
 */
export function whenNoticesNeeded(load: () => void): void {
  const notices = [...document.querySelectorAll('candour-notice')];
  if (notices.length === 0) return;
  if (notices.some((notice) => !notice.hasAttribute('compact')) || typeof IntersectionObserver === 'undefined') {
    load();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      load();
    },
    { rootMargin: '400px 0px' },
  );
  for (const notice of notices) observer.observe(notice);
}
