import type { Category } from '../../contract/categories.js';
import { isOptionalCategory } from '../../contract/categories.js';
import { GATED_IFRAME, refuse, type IframeHooks } from './gating.js';
import { httpUrl } from './urls.js';

/**
 * The gate's frame half (gating.ts), loaded only by pages that have a held-back frame: loads
 * `<iframe data-candour-category data-src>` once its category is granted, from an http(s) address
 * only, and until then tells `hooks` so the visitor sees a placeholder with an "allow" button.
 */
export function activateFrames(root: Document, granted: ReadonlySet<Category>, hooks: IframeHooks | null): void {
  for (const iframe of root.querySelectorAll<HTMLIFrameElement>(GATED_IFRAME)) {
    if (iframe.hasAttribute('data-candour-refused')) continue;
    const category = iframe.getAttribute('data-candour-category');
    const source = httpUrl(iframe.getAttribute('data-src')!, root.baseURI);
    if (!isOptionalCategory(category)) {
      refuse(iframe, `data-candour-category="${category}" is not functional, analytics or marketing`);
    } else if (!source) {
      refuse(iframe, 'its data-src is not an http(s) address');
    } else if (granted.has(category)) {
      iframe.src = source.href;
      iframe.removeAttribute('data-src');
      iframe.setAttribute('data-candour-loaded', '');
      if (iframe.hasAttribute('data-candour-blocked')) {
        iframe.removeAttribute('data-candour-blocked');
        hooks?.allowed(iframe);
      }
    } else if (!iframe.hasAttribute('data-candour-blocked')) {
      iframe.setAttribute('data-candour-blocked', '');
      hooks?.blocked(iframe, category);
    }
  }
}
