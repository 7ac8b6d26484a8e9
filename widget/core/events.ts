import type { Choices } from '../../contract/categories.js';
import type { ConsentMethod } from '../../contract/consent.js';

export interface ConsentEventDetail {
  choices: Choices;
  method: ConsentMethod;
  noticeVersion: number;
  firstTime: boolean;
  changed: boolean;
}

/** The CONTRACT's events: bubbling and composed, so `document` hears them. */
export class CandourEvent<T> extends CustomEvent<T> {
  constructor(type: 'candour-ready' | 'candour-consent' | 'candour-receipt' | 'candour-error', detail: T) {
    super(type, { detail, bubbles: true, composed: true });
  }
}
