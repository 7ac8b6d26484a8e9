import type { Category } from '../../contract/categories.js';
import { isCategory } from '../../contract/categories.js';

const GATED_SCRIPT = 'script[type="text/plain"][data-candour-category]';
const GATED_IFRAME = 'iframe[data-candour-category][data-src]';
/** Attributes that belong to the gate, not to the script that runs. */
const GATE_ATTRIBUTES = new Set(['type', 'data-candour-category', 'data-candour-type']);

/** How held-back iframes are shown to the visitor (the placeholder lives outside the core). */
export interface IframeHooks {
  blocked(iframe: HTMLIFrameElement, category: Category): void;
  allowed(iframe: HTMLIFrameElement): void;
}

function categoryOf(element: Element): Category | null {
  const category = element.getAttribute('data-candour-category');
  return isCategory(category) ? category : null;
}

/**
 * Holds back `<script type="text/plain" data-candour-category>` and
 * `<iframe data-candour-category data-src>` until their category is granted, including those
 * added to the page later. Granted scripts run in document order: a script without `async`
 * waits for the ordered ones before it, as it would have in the HTML.
 */
export class Gate {
  #granted = new Set<Category>(['necessary']);
  #observer: MutationObserver | null = null;
  #chain: Promise<void> = Promise.resolve();
  #iframeHooks: IframeHooks | null = null;

  constructor(private readonly root: Document = document) {}

  /** Starts watching for gated elements added later; call as early as possible. */
  watch(iframeHooks?: IframeHooks): void {
    this.#iframeHooks = iframeHooks ?? null;
    this.#observer ??= new MutationObserver((mutations) => {
      if (mutations.some((mutation) => mutation.addedNodes.length > 0)) this.#activate();
    });
    this.#observer.observe(this.root.documentElement, { childList: true, subtree: true });
    this.#activate();
  }

  stop(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** Grants exactly these categories from now on. Scripts already run cannot be un-run. */
  apply(granted: Iterable<Category>): Promise<void> {
    this.#granted = new Set<Category>(['necessary', ...granted]);
    this.#activate();
    return this.#chain;
  }

  get granted(): ReadonlySet<Category> {
    return this.#granted;
  }

  #activate(): void {
    const scripts = [...this.root.querySelectorAll<HTMLScriptElement>(GATED_SCRIPT)];
    for (const script of scripts) {
      const category = categoryOf(script);
      if (!category || !this.#granted.has(category) || script.hasAttribute('data-candour-queued')) continue;
      script.setAttribute('data-candour-queued', '');
      const ordered = !script.hasAttribute('async');
      const run = () => this.#runScript(script, ordered);
      if (ordered) this.#chain = this.#chain.then(run);
      else void run();
    }
    for (const iframe of this.root.querySelectorAll<HTMLIFrameElement>(GATED_IFRAME)) {
      const category = categoryOf(iframe);
      if (!category) continue;
      if (this.#granted.has(category)) {
        iframe.src = iframe.getAttribute('data-src')!;
        iframe.removeAttribute('data-src');
        iframe.setAttribute('data-candour-loaded', '');
        if (iframe.hasAttribute('data-candour-blocked')) {
          iframe.removeAttribute('data-candour-blocked');
          this.#iframeHooks?.allowed(iframe);
        }
      } else if (!iframe.hasAttribute('data-candour-blocked')) {
        iframe.setAttribute('data-candour-blocked', '');
        this.#iframeHooks?.blocked(iframe, category);
      }
    }
  }

  /** Replaces the inert element with a live copy; resolves when an ordered src script has loaded. */
  #runScript(inert: HTMLScriptElement, ordered: boolean): Promise<void> {
    if (!inert.isConnected) return Promise.resolve();
    const live = this.root.createElement('script');
    for (const { name, value } of inert.attributes) {
      if (!GATE_ATTRIBUTES.has(name) && name !== 'data-candour-queued') live.setAttribute(name, value);
    }
    const type = inert.getAttribute('data-candour-type');
    if (type) live.type = type;
    // The nonce attribute is hidden from the DOM once parsed; the property still has it.
    if (inert.nonce) live.nonce = inert.nonce;
    live.setAttribute('data-candour-category', inert.getAttribute('data-candour-category') ?? '');
    live.setAttribute('data-candour-activated', '');
    if (!inert.src) {
      live.text = inert.text;
      inert.replaceWith(live);
      return Promise.resolve();
    }
    live.async = !ordered;
    const loaded = new Promise<void>((resolve) => {
      live.addEventListener('load', () => resolve(), { once: true });
      live.addEventListener('error', () => resolve(), { once: true });
    });
    inert.replaceWith(live);
    return ordered ? loaded : Promise.resolve();
  }
}
