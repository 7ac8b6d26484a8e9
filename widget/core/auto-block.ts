import { sourceMatches, type BlockList } from '../../contract/catalogue-match.js';
import type { OptionalCategory } from '../../contract/categories.js';

/**
 * Marks a script or iframe whose address page code set and Candour held back. Markup cannot set
 * a symbol-keyed property, so only code already running on the page can make an element look
 * held; the gate releases such an element itself (keeping the listeners its maker set) without
 * the nonce check that markup must pass.
 */
export const HELD = Symbol.for('candour-held');

const LOADS = /^(script|iframe)$/;

/**
 * Automatic blocking, without markup. A script or iframe whose address belongs to a service in
 * `list` is given the markup-gated form (`type="text/plain" data-candour-category`, or an
 * iframe's `data-src`) before it loads, so the gate (gating.ts) releases it, in document order,
 * once its category is granted. It catches elements the HTML parser inserts after this runs (a
 * MutationObserver runs before the parser prepares a script), and addresses page code sets
 * through `src` or `setAttribute` (a tag manager adding Google Analytics), before the element is
 * inserted, so nothing is fetched. It must run first, synchronously: it is part of the first
 * script, so it is kept small. An element that has `data-candour-category` already is the
 * webmaster's markup, which wins.
 */
export function autoBlock(list: BlockList): void {
  const setAttribute = Element.prototype.setAttribute;
  /** Gives the element its gated form when `value` is a listed address; true when it did. */
  const hold = (element: Element & { [HELD]?: boolean }, value: string | null, code?: boolean) => {
    const set = (name: string, to: string) => setAttribute.call(element, name, to);
    try {
      const url = new URL(value!, document.baseURI);
      const host = url.hostname.replace(/\.$/, ''); // `host.` is the same host to a browser
      // Only http(s) addresses have a host to match (javascript:, data: and blob: have none).
      const category =
        !element.hasAttribute('data-candour-category') &&
        (Object.keys(list) as OptionalCategory[]).find((key) =>
          list[key]!.some((source) => sourceMatches(source, host, url.pathname)),
        );
      if (!category) return false;
      set('data-candour-category', category);
    } catch {
      return false;
    }
    element[HELD] = code;
    if (element.localName == 'iframe') {
      set('data-src', value!);
      // A parsed frame has started loading: send it nowhere instead.
      if (element.hasAttribute('src')) set('src', 'about:blank');
    } else {
      // Released as a classic script (catalogued services ship no modules).
      set('type', 'text/plain');
      set('src', value!);
    }
    return true;
  };

  new MutationObserver((records) => {
    for (const { addedNodes } of records)
      for (const node of addedNodes as NodeListOf<Element>)
        if (LOADS.test(node.localName)) hold(node, node.getAttribute('src'));
  }).observe(document.documentElement, { childList: true, subtree: true });

  for (const { prototype } of [HTMLScriptElement, HTMLIFrameElement]) {
    const { get, set } = Object.getOwnPropertyDescriptor(prototype, 'src')!;
    Object.defineProperty(prototype, 'src', {
      get,
      set(this: Element, value: string) {
        if (!hold(this, value, true)) set!.call(this, value);
      },
    });
  }
  Element.prototype.setAttribute = function (name: string, value: string) {
    if (!(/^src$/i.test(name) && LOADS.test(this.localName) && hold(this, value, true)))
      setAttribute.call(this, name, value);
  };
}
