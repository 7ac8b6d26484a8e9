import { html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { RegisteredSite } from '../contract/admin.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { SiteSettings } from '../contract/site.js';
import { buildSiteConfig } from '../contract/site-config.js';
import { adminApi, messageOf } from './api.js';
import type { VisitorFrameDraft } from './banner-frame.js';
import { LightElement } from './light-element.js';

type Language = 'en' | 'cy';

const LANGUAGES: Record<Language, string> = { en: 'English', cy: 'Cymraeg (Welsh)' };

/** The two screens, at their real CSS widths; each frame is drawn scaled to fit the column. */
const SCREENS = [
  { id: 'phone', label: 'Phone, 360 px wide', width: 360, height: 640 },
  { id: 'desktop', label: 'Desktop, 1024 px wide', width: 1024, height: 768 },
] as const;

const GAP_PX = 16;
/** Below this scale the two screens no longer sit side by side: each gets the column's width. */
const SIDE_BY_SIDE_SCALE = 0.55;
const FRAME_SCRIPT = '/admin/assets/banner-frame.js';

/**
 * `<candour-admin-visitor-preview>`: a draft as a first-time visitor meets it, at a phone's width
 * and a desktop's side by side: the real banner over the real notice, each in a frame of its own
 * (see banner-frame.ts), in English or in Welsh. Every site's banner and notice speak Welsh on a
 * page in Welsh, so both languages are offered, the site's default first.
 */
export class CandourAdminVisitorPreview extends LightElement {
  static override properties = {
    site: { type: String },
    notice: { attribute: false },
    settings: { state: true },
    language: { state: true },
    problem: { state: true },
    near: { state: true },
  };

  site = '';
  notice: NoticeVersion | null = null;
  settings: SiteSettings | null = null;
  language: Language = 'en';
  problem = '';
  /** Whether the section has come near the screen: the frames (two more pages) load only then. */
  near = false;
  #nearby = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.near = true;
      this.#nearby.disconnect();
    },
    { rootMargin: '200px' },
  );
  #loaded = new WeakSet<HTMLIFrameElement>();
  #prepared = new WeakSet<HTMLIFrameElement>();
  #resize = new ResizeObserver((entries) => entries.forEach((entry) => this.#fit(entry.target as HTMLElement)));
  #observed: HTMLElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.near) this.#nearby.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#nearby.disconnect();
    this.#resize.disconnect();
    this.#observed = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) void this.#loadSettings();
  }

  protected override updated(): void {
    const row = this.querySelector<HTMLElement>('.visitor-frames');
    if (row !== this.#observed) {
      this.#resize.disconnect();
      if (row) this.#resize.observe(row);
      this.#observed = row;
    }
    for (const frame of this.querySelectorAll<HTMLIFrameElement>('.visitor-frame iframe')) {
      this.#prepare(frame);
      this.#post(frame);
    }
  }

  async #loadSettings(): Promise<void> {
    try {
      const { site } = await adminApi<{ site: RegisteredSite }>(`/sites/${this.site}`);
      this.settings = site.settings;
      this.language = site.settings.defaultLanguage === 'cy' ? 'cy' : 'en';
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  /** Side by side at one scale when the column is wide enough, else one above the other. */
  #fit(row: HTMLElement): void {
    const width = row.clientWidth - 4; // the frames' borders
    const together = (width - GAP_PX) / SCREENS.reduce((sum, screen) => sum + screen.width, 0);
    for (const screen of SCREENS) {
      const scale = together >= SIDE_BY_SIDE_SCALE ? Math.min(1, together) : Math.min(1, width / screen.width);
      row.style.setProperty(`--${screen.id}-scale`, scale.toFixed(3));
    }
  }

  /** Writes the empty frame's page: its language, its title, and the script that draws it. */
  #prepare(frame: HTMLIFrameElement): void {
    const page = frame.contentDocument;
    if (this.#prepared.has(frame) || !page) return;
    this.#prepared.add(frame);
    page.documentElement.lang = frame.dataset.lang ?? 'en';
    page.title = frame.title;
    const script = page.createElement('script');
    script.type = 'module';
    script.src = new URL(FRAME_SCRIPT, location.href).href;
    script.addEventListener('load', () => {
      this.#loaded.add(frame);
      this.#post(frame);
    });
    page.head.append(script);
  }

  #post(frame: HTMLIFrameElement): void {
    if (!this.#loaded.has(frame) || !this.notice || !this.settings) return;
    const draft: VisitorFrameDraft = {
      // What a visitor would be given for this draft, by the Worker's own builder.
      config: buildSiteConfig({ id: this.site, settings: this.settings }, this.notice, location.origin),
      notice: this.notice,
    };
    frame.contentWindow?.postMessage(draft, location.origin);
  }

  override render() {
    const order: Language[] = this.settings?.defaultLanguage === 'cy' ? ['cy', 'en'] : ['en', 'cy'];
    return html`<section aria-labelledby="visitor-preview-heading" class="visitor-preview">
      <h3 id="visitor-preview-heading">As visitors see it: the banner and the notice</h3>
      <p class="admin-hint">
        A first visit to the privacy page, drawn by the visitors' own banner and notice at a phone's width and a
        desktop's (each scaled to fit here). Its buttons answer as on the site but record nothing.
      </p>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <div class="view-switch" role="group" aria-label="Preview language">
        ${order.map(
          (language) =>
            html`<button
              type="button"
              class="secondary small"
              lang=${language}
              aria-pressed=${this.language === language ? 'true' : 'false'}
              @click=${() => (this.language = language)}
            >
              ${LANGUAGES[language]}
            </button>`,
        )}
      </div>
      ${
        this.notice && this.settings && this.near
          ? html`<div class="visitor-frames">
              ${SCREENS.map(
                (screen) =>
                  html`<figure class=${`visitor-frame ${screen.id}`}>
                    <div class="visitor-frame-box">
                      ${keyed(
                        this.language,
                        html`<iframe
                          title=${`${screen.label}, ${LANGUAGES[this.language]}: the banner over the privacy notice`}
                          data-lang=${this.language}
                          width=${screen.width}
                          height=${screen.height}
                        ></iframe>`,
                      )}
                    </div>
                    <figcaption>${screen.label}</figcaption>
                  </figure>`,
              )}
            </div>`
          : html`<p class="admin-hint">The preview appears when the notice has no problems.</p>`
      }
    </section>`;
  }
}

if (!customElements.get('candour-admin-visitor-preview'))
  customElements.define('candour-admin-visitor-preview', CandourAdminVisitorPreview);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-visitor-preview': CandourAdminVisitorPreview;
  }
}
