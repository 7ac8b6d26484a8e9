import { LitElement } from 'lit';

/**
 * The admin page's elements render into the light DOM: one stylesheet file styles them all
 * (the page's CSP allows no inline styles), and forms and labels work across them as usual.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    // Whatever the server put inside (a loading message) makes way for the element's own content.
    this.replaceChildren();
    return this;
  }
}
