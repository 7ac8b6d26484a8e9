import type { Choices } from '../../contract/categories.js';
import type { ConsentMethod } from '../../contract/consent.js';
import type { PromptReason } from './decision.js';

/**
 * The CONTRACT's events, one class each. Dispatched on `<candour-consent>`, bubbling and
 * composed, so `document` and `window` hear them; only for a decision, a receipt, an error or
 * the end of loading, never because code set a property.
 */
abstract class CandourContractEvent<T> extends CustomEvent<T> {
  constructor(type: keyof CandourEventMap, detail: T) {
    super(type, { detail, bubbles: true, composed: true });
  }
}

export interface ReadyEventDetail {
  site: string;
  /** Why the visitor is being asked, or null when their stored decision stands. */
  prompt: PromptReason | null;
}

export interface ConsentEventDetail {
  choices: Choices;
  method: ConsentMethod;
  noticeVersion: number;
  firstTime: boolean;
  changed: boolean;
}

export interface ReceiptEventDetail {
  receiptId: string;
}

export interface ErrorEventDetail {
  code: string;
  message: string;
}

/** `candour-ready`: the config has loaded (or failed to) and the stored decision is applied. */
export class CandourReadyEvent extends CandourContractEvent<ReadyEventDetail> {
  constructor(detail: ReadyEventDetail) {
    super('candour-ready', detail);
  }
}

/** `candour-consent`: a decision was made and applied (banner, preferences, API or GPC). */
export class CandourConsentEvent extends CandourContractEvent<ConsentEventDetail> {
  constructor(detail: ConsentEventDetail) {
    super('candour-consent', detail);
  }
}

/** `candour-receipt`: the Worker recorded a decision and returned its receipt. */
export class CandourReceiptEvent extends CandourContractEvent<ReceiptEventDetail> {
  constructor(detail: ReceiptEventDetail) {
    super('candour-receipt', detail);
  }
}

/** `candour-error`: something the site may want to log (an unreachable Worker, a refused receipt). */
export class CandourErrorEvent extends CandourContractEvent<ErrorEventDetail> {
  constructor(detail: ErrorEventDetail) {
    super('candour-error', detail);
  }
}

/** Every CONTRACT event by name, for the event maps below. */
export interface CandourEventMap {
  'candour-ready': CandourReadyEvent;
  'candour-consent': CandourConsentEvent;
  'candour-receipt': CandourReceiptEvent;
  'candour-error': CandourErrorEvent;
}

// A site's TypeScript gets `document.addEventListener('candour-consent', (e) => e.detail.choices)`
// typed: the events bubble from the element through the document to the window.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CandourEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends CandourEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface WindowEventMap extends CandourEventMap {}
}
