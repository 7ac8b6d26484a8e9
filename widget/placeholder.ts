import type { Category } from '../contract/categories.js';

const WORDS = {
  en: {
    blocked: (provider: string, category: string) =>
      `This content is provided by ${provider}. It needs ${category} cookies, which are off.`,
    allow: (category: string) => `Allow ${category} cookies`,
  },
  cy: {
    blocked: (provider: string, category: string) =>
      `Mae’r cynnwys hwn yn cael ei ddarparu gan ${provider}. Mae angen cwcis ${category} arno, sydd i ffwrdd.`,
    allow: (category: string) => `Caniatáu cwcis ${category}`,
  },
};

/**
 * A held-back `<iframe data-candour-category data-src>` is hidden behind a plain placeholder that
 * says what it is, who provides it and offers a one-click allow for its category. Plain DOM, so
 * it costs no Lit for returning visitors; styled through `[data-candour-placeholder]` and
 * `--candour-*` tokens, with a class the page can also target.
 */
export function placeIframePlaceholder(
  iframe: HTMLIFrameElement,
  category: Category,
  allow: (category: Category) => void,
): void {
  const language = document.documentElement.lang.toLowerCase().startsWith('cy') ? 'cy' : 'en';
  const words = WORDS[language];
  const source = iframe.getAttribute('data-src') ?? '';
  let provider = iframe.getAttribute('data-candour-provider') ?? '';
  if (!provider) {
    try {
      provider = new URL(source, location.href).hostname;
    } catch {
      provider = 'another website';
    }
  }
  const box = document.createElement('div');
  box.setAttribute('data-candour-placeholder', category);
  box.className = 'candour-placeholder';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', iframe.title || provider);
  const text = document.createElement('p');
  text.textContent = words.blocked(provider, category);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = words.allow(category);
  button.addEventListener('click', () => allow(category));
  box.append(text, button);
  const width = iframe.getAttribute('width');
  const height = iframe.getAttribute('height');
  // CSSOM, not a style attribute, so a strict style-src CSP allows it.
  box.style.cssText = '';
  box.style.boxSizing = 'border-box';
  box.style.maxWidth = '100%';
  if (width) box.style.width = /^\d+$/.test(width) ? `${width}px` : width;
  if (height) box.style.minHeight = /^\d+$/.test(height) ? `${height}px` : height;
  box.style.padding = '1rem';
  box.style.border = '2px dashed var(--candour-border, #6f777b)';
  box.style.background = 'var(--candour-subtle, #f3f2f1)';
  box.style.color = 'var(--candour-text, #0b0c0c)';
  button.style.font = 'inherit';
  button.style.fontWeight = '600';
  button.style.minHeight = '44px';
  button.style.padding = '0.5rem 1rem';
  button.style.cursor = 'pointer';
  iframe.hidden = true;
  iframe.before(box);
}

/** Removes the placeholder once the iframe's category is granted. */
export function removeIframePlaceholder(iframe: HTMLIFrameElement): void {
  const box = iframe.previousElementSibling;
  if (box?.hasAttribute('data-candour-placeholder')) box.remove();
  iframe.hidden = false;
}
