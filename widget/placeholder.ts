import type { OptionalCategory } from '../contract/categories.js';

/** The placeholder's words; `{provider}` and `{category}` are filled from the iframe. */
export const PLACEHOLDER_STRINGS = {
  en: {
    blocked: 'This content is provided by {provider}. It needs {category} cookies, which are off.',
    allow: 'Allow {category} cookies',
    anotherWebsite: 'another website',
    functional: 'functional',
    analytics: 'analytics',
    marketing: 'marketing',
  },
  cy: {
    blocked: 'Mae’r cynnwys hwn yn cael ei ddarparu gan {provider}. Mae angen cwcis {category} arno, sydd i ffwrdd.',
    allow: 'Caniatáu cwcis {category}',
    anotherWebsite: 'wefan arall', // after "gan", soft mutation
    functional: 'swyddogaethol',
    analytics: 'dadansoddi',
    marketing: 'marchnata',
  },
};

/** The placeholder's sentence and button in the page's language, the category named in it too. */
export function placeholderWords(
  language: keyof typeof PLACEHOLDER_STRINGS,
  provider: string | null,
  category: OptionalCategory,
): { text: string; allow: string } {
  const words = PLACEHOLDER_STRINGS[language];
  const fill = (template: string) =>
    // Replacers as functions, so a `$&` in a provider's name is text, not a pattern.
    template.replace('{provider}', () => provider ?? words.anotherWebsite).replace('{category}', () => words[category]);
  return { text: fill(words.blocked), allow: fill(words.allow) };
}

/**
 * A held-back `<iframe data-candour-category data-src>` is hidden behind a plain placeholder that
 * says what it is, who provides it and offers a one-click allow for its category. Plain DOM, so
 * it costs no Lit for returning visitors; styled through `[data-candour-placeholder]` and
 * `--candour-*` tokens, with a class the page can also target.
 */
export function placeIframePlaceholder(
  iframe: HTMLIFrameElement,
  category: OptionalCategory,
  allow: (category: OptionalCategory) => void,
): void {
  const language = document.documentElement.lang.toLowerCase().startsWith('cy') ? 'cy' : 'en';
  const source = iframe.getAttribute('data-src') ?? '';
  let provider = iframe.getAttribute('data-candour-provider') || null;
  if (!provider) {
    try {
      provider = new URL(source, location.href).hostname || null;
    } catch {
      // Left to the words' own "another website".
    }
  }
  const words = placeholderWords(language, provider, category);
  const box = document.createElement('div');
  box.setAttribute('data-candour-placeholder', category);
  box.className = 'candour-placeholder';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', iframe.title || provider || words.text);
  const text = document.createElement('p');
  text.textContent = words.text;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = words.allow;
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
