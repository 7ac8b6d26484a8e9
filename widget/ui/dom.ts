type Child = Node | string | null | undefined | false;

/**
 * One element, built directly: attributes (an `on…` function becomes a listener) and children,
 * where a string becomes a text node, so nothing given here is ever parsed as markup. The banner
 * and its "What changed" list are built with it instead of a template library: lit-html costs
 * about 3 KB gzip of the 12 KB a first visit may fetch before the first click.
 */
export function h(
  tag: string,
  attributes: Record<string, string | ((event: Event) => unknown) | null | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value != null) element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}
