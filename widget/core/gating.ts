import type { Category, OptionalCategory } from '../../contract/categories.js';
import { isOptionalCategory } from '../../contract/categories.js';
import { HELD } from './auto-block.js';
import type { activateFrames } from './frames.js';

/** Held-back scripts the gate has not yet queued or refused. */
const GATED_SCRIPT =
  'script[type="text/plain"][data-candour-category]:not([data-candour-queued],[data-candour-refused])';
export const GATED_IFRAME = 'iframe[data-candour-category][data-src]';
/** Attributes a live copy does not take over: the gate's own, and `src`, which is given last. */
const NOT_COPIED = /^(type|src|data-candour-(category|type|queued))$/;

/** How held-back iframes are shown to the visitor (the placeholder lives outside the core). */
export interface IframeHooks {
  blocked(iframe: HTMLIFrameElement, category: OptionalCategory): void;
  allowed(iframe: HTMLIFrameElement): void;
}

/** Marks an element Candour will never release, and says so once, naming it. */
export function refuse(element: Element, why: string): void {
  element.setAttribute('data-candour-refused', '');
  // The element itself: the console shows it, and selects it in the page, better than its markup.
  console.warn(`Candour leaves this element inert: ${why}.`, element);
}

/**
 * Holds back `<script type="text/plain" data-candour-category>` and
 * `<iframe data-candour-category data-src>` until their category is granted, including those
 * added to the page later. Granted scripts run in document order: a script without `async`
 * waits for the ordered ones before it, as it would have in the HTML.
 *
 * Markup on a clinic's page is not all the clinic's (a comment form that allows HTML), and a
 * script Candour inserts passes a `strict-dynamic` policy, so the gate releases only what a
 * visitor can grant: functional, analytics and marketing, never `necessary` or a category it
 * does not know (necessary code should not be held back at all); iframes only from http(s)
 * addresses; and, where Candour's own script tag has a nonce, only scripts with that nonce,
 * which injected markup cannot know.
 *
 * Frames are the gate's other half (frames.ts), fetched through `loadFrames` the first time the
 * page has one: most pages have none, and the script tag's first script carries only this half
 * (it fetches frames.ts within page-parts.ts).
 */
export class Gate {
  #granted = new Set<Category>(['necessary']);
  #observer: MutationObserver | null = null;
  #chain: Promise<void> = Promise.resolve();
  #iframeHooks: IframeHooks | null = null;
  #frames: Promise<{ activateFrames: typeof activateFrames }> | null = null;

  /**
   * `nonce`: that of Candour's own script tag, or empty where it has none. `loadFrames`: how this
   * build fetches frames.ts (no default, which would put it inside the script tag's file).
   */
  constructor(
    private readonly root: Document,
    private readonly nonce: string | undefined,
    private readonly loadFrames: () => Promise<{ activateFrames: typeof activateFrames }>,
  ) {}

  /** Starts watching for gated elements added later; call as early as possible. */
  watch(iframeHooks?: IframeHooks): void {
    this.#iframeHooks = iframeHooks ?? null;
    this.#observer ??= new MutationObserver((mutations) => {
      if (mutations.some((mutation) => mutation.addedNodes.length > 0)) this.#activate();
    });
    this.#observer.observe(this.root.documentElement, { childList: true, subtree: true });
    this.#activate();
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
    for (const script of this.root.querySelectorAll<HTMLScriptElement>(GATED_SCRIPT)) {
      const category = script.getAttribute('data-candour-category');
      if (!isOptionalCategory(category)) {
        refuse(script, `data-candour-category="${category}" is not functional, analytics or marketing`);
        continue;
      }
      // The nonce attribute is hidden from the DOM once parsed; the property still has it. A script
      // that page code made and automatic blocking held back is no markup: it needs none.
      if (this.nonce && script.nonce !== this.nonce && !(script as { [HELD]?: true })[HELD]) {
        refuse(script, 'it does not carry the nonce of Candour’s script tag');
        continue;
      }
      if (!this.#granted.has(category)) continue;
      script.setAttribute('data-candour-queued', '');
      const ordered = !script.hasAttribute('async');
      const run = () => this.#runScript(script, ordered);
      if (ordered) this.#chain = this.#chain.then(run);
      else void run();
    }
    if (this.root.querySelector(GATED_IFRAME))
      (this.#frames ??= this.loadFrames()).then(
        ({ activateFrames }) => activateFrames(this.root, this.#granted, this.#iframeHooks),
        () => (this.#frames = null), // not fetched (offline a moment): the page's next change tries again
      );
  }

  /**
   * Runs a held script; resolves when an ordered src script has loaded. Markup is replaced with a
   * live copy. A script page code made (automatic blocking held it) runs as the same element, so
   * the listeners its maker set still fire: a script that has not run runs when it gains a `src`.
   */
  #runScript(inert: HTMLScriptElement & { [HELD]?: true }, ordered: boolean): Promise<void> {
    if (!inert.isConnected) return Promise.resolve();
    const held = inert[HELD];
    const live = held ? inert : this.root.createElement('script');
    const source = inert.getAttribute('src');
    const type = inert.getAttribute('data-candour-type');
    if (!held) {
      // The category first: automatic blocking leaves an element that has one to the gate.
      live.setAttribute('data-candour-category', inert.getAttribute('data-candour-category') ?? '');
      for (const { name, value } of inert.attributes) {
        if (!NOT_COPIED.test(name)) live.setAttribute(name, value);
      }
      if (inert.nonce) live.nonce = inert.nonce;
    }
    live.removeAttribute('type');
    if (type) live.type = type;
    live.setAttribute('data-candour-activated', '');
    if (!source) {
      live.text = inert.text;
      inert.replaceWith(live);
      return Promise.resolve();
    }
    live.async = !ordered;
    // Listeners, not `onload`: a held script's maker may have set its own.
    const loaded = new Promise<void>((resolve) => {
      for (const type of ['load', 'error']) live.addEventListener(type, () => resolve(), { once: true });
    });
    live.removeAttribute('src');
    live.setAttribute('src', source);
    if (!held) inert.replaceWith(live);
    return ordered ? loaded : Promise.resolve();
  }
}
