import { LitElement } from 'lit';
import { CandourNotice } from '../widget/ui/candour-notice.js';

/**
 * `<candour-notice-preview>`: the visitors' own `<candour-notice>` element (its template, styles
 * and three layers) showing a version the admin page hands it in `notice`: a draft, or a
 * published version from the history. It is never given a `site`, and it skips the element's
 * own connecting step, so it fetches nothing and follows no page hash.
 */
export class CandourNoticePreview extends CandourNotice {
  override connectedCallback(): void {
    LitElement.prototype.connectedCallback.call(this);
  }

  override disconnectedCallback(): void {
    LitElement.prototype.disconnectedCallback.call(this);
  }
}

if (!customElements.get('candour-notice-preview'))
  customElements.define('candour-notice-preview', CandourNoticePreview);

declare global {
  interface HTMLElementTagNameMap {
    'candour-notice-preview': CandourNoticePreview;
  }
}
