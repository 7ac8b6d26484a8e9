import type { ReceiptResponse } from '../../contract/api.js';
import type { Category, Choices } from '../../contract/categories.js';
import { grantUsed, refuseAll } from '../../contract/categories.js';
import type { ConsentMethod, ConsentRecord } from '../../contract/consent.js';
import type { SiteConfig } from '../../contract/site.js';
import { fetchSiteConfig } from './config.js';
import { pushConsentUpdate } from './consent-mode.js';
import { deleteCookiesOf } from './cookie-cleanup.js';
import {
  consentExpiry,
  grantedCategories,
  lapsed,
  normaliseChoices,
  promptReason,
  sameChoices,
  type PromptReason,
} from './decision.js';
import loadDiscovery from 'virtual:candour-discovery';
import {
  CandourConsentEvent,
  CandourErrorEvent,
  CandourReadyEvent,
  CandourReceiptEvent,
  type ConsentEventDetail,
} from './events.js';
import type { Gate, IframeHooks } from './gating.js';
import { ReceiptClient } from './receipts.js';
import { writeRecord } from './write-record.js';

export interface ControllerOptions {
  site: string;
  /** The Worker's origin, e.g. https://consent.example. */
  base: string;
  /** Where the CONTRACT's events are dispatched (the `<candour-consent>` element). */
  eventTarget: () => Promise<EventTarget>;
  gpc?: boolean;
  language?: string;
  /** Reload the page after a withdrawal, so scripts already running stop at once. */
  reloadOnWithdraw?: boolean;
  iframeHooks?: IframeHooks;
  /** The nonce of Candour's own script tag: then only held-back scripts carrying it run. */
  nonce?: string;
  /** The site's config when the caller has already asked for it (the script tag's prelude). */
  config?: Promise<SiteConfig>;
  /**
   * The page's gate and the stored decision, read by whoever started Candour (the script tag's
   * first script, or startCandour): passed in, so the module a first visit loads carries neither
   * the gate nor the cookie parser a second time.
   */
  gate: Gate;
  record: ConsentRecord | null;
  /** The caller has already released the stored decision (gate and Consent Mode update). */
  released?: boolean;
}

export type ControllerState = 'loading' | 'prompt' | 'decided' | 'unavailable';

/**
 * The headless heart of the widget: loads the site's config, decides whether to ask, applies a
 * decision (cookie, gate, Consent Mode, cookie clean-up) and records it. The UI only reads its
 * state and calls its methods.
 */
export class ConsentController extends EventTarget {
  config: SiteConfig | null = null;
  record: ConsentRecord | null;
  prompt: PromptReason | null = null;
  state: ControllerState = 'loading';
  /** The record the visitor had before a notice change asked them again. */
  previous: ConsentRecord | null = null;
  /** Read from localStorage only when asked (the preferences dialog): never on the banner's path. */
  #lastReceipt: { receiptId: string; url: string } | null | undefined;
  /** True when this page load honoured a Global Privacy Control signal on the visitor's behalf. */
  gpcApplied = false;
  readonly gate: Gate;
  readonly receipts: ReceiptClient;
  readonly ready: Promise<void>;
  /** Discovery watches the page's cookies from the first grant on (a chunk of its own, loaded then). */
  // eslint-disable-next-line no-unused-private-class-members -- read by `??=` in #tidy, which the rule does not count
  #discovery: Promise<unknown> | undefined;

  constructor(readonly options: ControllerOptions) {
    super();
    this.record = options.record;
    this.gate = options.gate;
    this.receipts = new ReceiptClient(
      options.base,
      (response) => this.#onReceipt(response),
      (code, message) => void this.#emit(new CandourErrorEvent({ code, message })),
    );
    this.ready = this.#init();
  }

  get lastReceipt(): { receiptId: string; url: string } | null {
    return (this.#lastReceipt ??= this.receipts.latest(this.options.site));
  }

  get site(): string {
    return this.options.site;
  }

  get gpc(): boolean {
    return this.options.gpc === true;
  }

  /** Categories the site uses, `necessary` first. */
  get categories(): Category[] {
    return this.config?.categories ?? ['necessary'];
  }

  get(): ConsentRecord | null {
    return this.prompt ? null : this.record;
  }

  granted(category: Category): boolean {
    return this.gate.granted.has(category);
  }

  acceptAll(method: ConsentMethod = 'accept-all'): Promise<void> {
    return this.decide(grantUsed(this.categories), method);
  }

  rejectAll(method: ConsentMethod = 'reject-all'): Promise<void> {
    return this.decide(refuseAll(), method);
  }

  update(choices: Partial<Choices>, method: ConsentMethod = 'api'): Promise<void> {
    const base = this.record && !this.prompt ? this.record.choices : refuseAll();
    return this.decide({ ...base, ...choices }, method);
  }

  withdraw(): Promise<void> {
    return this.decide(refuseAll(), 'api');
  }

  /**
   * Applies a decision at once, then records it; a failed post waits in the queue. Settles once
   * the decision is announced (state, `candour-consent`), a task after the gate released it.
   */
  async decide(choices: Partial<Choices>, method: ConsentMethod): Promise<void> {
    await this.ready;
    await this.#decideNow(choices, method);
  }

  async #decideNow(choices: Partial<Choices>, method: ConsentMethod): Promise<void> {
    const config = this.config;
    if (!config) {
      void this.#emit(
        new CandourErrorEvent({ code: 'config_unavailable', message: 'Cookie settings could not be loaded.' }),
      );
      return;
    }
    const normalised = normaliseChoices(choices, config.categories);
    const firstTime = this.record === null;
    const withdrew =
      this.record !== null &&
      [...grantedCategories(this.record.choices)].some((category) => !grantedCategories(normalised).has(category));
    const changed = !this.record || this.prompt !== null || !sameChoices(this.record.choices, normalised);
    const decidedAt = new Date().toISOString();
    const record: ConsentRecord = {
      consentId: this.record?.consentId ?? crypto.randomUUID(),
      site: config.site,
      noticeVersion: config.notice.version,
      cookieRevision: config.notice.cookieRevision,
      choices: normalised,
      method,
      decidedAt,
      expiresAt: consentExpiry(decidedAt, config.consentExpiryMonths).toISOString(),
      gpc: this.gpc,
    };
    // In the click's own task, the gate first: the scripts it releases start loading before
    // anything else is done, then what must hold even if the page goes away at once (the Consent
    // Mode update before any released script can run, the cookie, the receipt in its queue).
    const released = this.#release(normalised);
    // The gate puts ordered scripts live from a promise reaction, queued just now: it goes first.
    await null;
    writeRecord(record);
    this.record = record;
    this.prompt = null;
    this.state = 'decided';
    const receipt = this.receipts.keep(config.site, {
      consentId: record.consentId,
      idempotencyKey: crypto.randomUUID(),
      noticeVersion: record.noticeVersion,
      choices: normalised,
      method,
      gpc: this.gpc,
      language: this.options.language ?? config.notice.language,
      // The Worker keeps origin and path only, so the query (which may name the visitor) stays here.
      pageUrl: `${location.origin}${location.pathname}`,
      decidedAt: record.decidedAt,
    });
    // Everything else waits until the released scripts have run, so that none of it stands
    // between a script that has arrived and its running: the confirmation, the event and the
    // clean-up a quarter of a second at most (a slow script never holds back what the visitor
    // sees), the receipt's post until they have (its queue entry holds it: a script that never
    // loads leaves it to the pagehide beacon and the next page's flush).
    await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 250))]);
    this.#tidy(normalised, released);
    this.#changed();
    const detail: ConsentEventDetail = {
      choices: normalised,
      method,
      noticeVersion: record.noticeVersion,
      firstTime,
      changed,
    };
    void this.#emit(new CandourConsentEvent(detail));
    void released.then(() => this.receipts.deliver(receipt));
    if (withdrew && this.options.reloadOnWithdraw) location.reload();
  }

  async #init(): Promise<void> {
    // Watching again only hands the gate this controller's iframe hooks; its observer is one.
    this.gate.watch(this.options.iframeHooks);
    // The receipts' page-wide listeners (online, pagehide) are not the banner's: a task later.
    setTimeout(() => this.receipts.listen());
    try {
      this.config = await (this.options.config ?? fetchSiteConfig(this.options.base, this.options.site));
    } catch (error) {
      // The Worker is unreachable: a decision already made holds until the expiry it recorded;
      // nothing new is granted.
      this.state = 'unavailable';
      if (this.record && !lapsed(this.record, new Date()))
        this.#tidy(this.record.choices, this.#release(this.record.choices));
      this.#changed();
      void this.#emit(new CandourErrorEvent({ code: 'config_unavailable', message: String(error) }));
      return;
    }
    this.prompt = promptReason(this.record, this.config, new Date());
    if (this.prompt === 'notice-changed') this.previous = this.record;
    // The browser already said no to tracking: on a first visit that is the visitor's decision.
    this.gpcApplied = this.prompt === 'first-visit' && this.gpc;
    if (this.prompt && !this.gpcApplied) {
      this.state = 'prompt';
    } else if (this.record && !this.prompt) {
      this.state = 'decided';
      // Unless the first script already released this decision (gate and Consent Mode).
      const { choices } = this.record;
      this.#tidy(choices, this.options.released ? Promise.resolve() : this.#release(choices));
    }
    this.#changed();
    // Receipts left unsent by an earlier page wait a task: the banner is drawn first.
    setTimeout(() => void this.receipts.flush());
    void this.#emit(new CandourReadyEvent({ site: this.site, prompt: this.prompt }));
    if (this.gpcApplied) await this.#decideNow(refuseAll(), 'gpc');
  }

  /** Puts the granted scripts live and pushes the Consent Mode update; settles once they have run. */
  #release(choices: Choices): Promise<void> {
    const released = this.gate.apply(grantedCategories(choices));
    if (this.config) pushConsentUpdate(choices, this.config.consentMode);
    return released;
  }

  /** Deletes the refused categories' cookies; starts discovery once released scripts have run. */
  #tidy(choices: Choices, released: Promise<void>): void {
    const config = this.config;
    if (!config) return;
    const granted = grantedCategories(choices);
    const refused = new Set(this.categories.filter((category) => !granted.has(category)));
    // Declared cookies, those of catalogue services held back without being declared, and
    // undeclared ones discovery found that the catalogue or an admin attributed to a category.
    deleteCookiesOf(refused, (config.autoCookies ?? []).concat(config.discovered ?? [], config.services));
    // Discovery (a chunk of its own, never part of the first paint) starts once the granted
    // scripts have run.
    if (granted.size > 1)
      this.#discovery ??= released.then(loadDiscovery).then((module) => module.startDiscovery(this));
  }

  #onReceipt(response: ReceiptResponse): void {
    this.#lastReceipt = {
      receiptId: response.receiptId,
      url: `${this.options.base}/v1/receipts/${response.receiptId}`,
    };
    this.#changed();
    void this.#emit(new CandourReceiptEvent({ receiptId: response.receiptId }));
  }

  #changed(): void {
    this.dispatchEvent(new Event('change'));
  }

  /** Dispatches one of the CONTRACT's events on `<candour-consent>` (once it is in the page). */
  async #emit(event: CandourReadyEvent | CandourConsentEvent | CandourReceiptEvent | CandourErrorEvent) {
    (await this.options.eventTarget()).dispatchEvent(event);
  }
}
