/**
 * The `<candour-consent>` element, first in the body so keyboard users reach the banner before
 * the page (as GOV.UK's does); it is drawn fixed at the bottom, so nothing on the page moves.
 */
export function mountHost(): Promise<HTMLElement> {
  return new Promise((resolve) => {
    const mount = () => {
      const host = document.querySelector<HTMLElement>('candour-consent') ?? document.createElement('candour-consent');
      if (!host.isConnected) document.body.prepend(host);
      resolve(host);
    };
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  });
}
