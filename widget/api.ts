import type { Category, Choices } from '../contract/categories.js';
import type { ConsentRecord } from '../contract/consent.js';

/** `window.candour`, as the CONTRACT names it. */
export interface CandourApi {
  ready: Promise<void>;
  get(): ConsentRecord | null;
  granted(category: Category): boolean;
  acceptAll(): Promise<void>;
  rejectAll(): Promise<void>;
  update(choices: Partial<Choices>): Promise<void>;
  withdraw(): Promise<void>;
  showPreferences(): Promise<void>;
  showNotice(section?: string): Promise<void>;
}

declare global {
  interface Window {
    candour?: CandourApi;
  }
}
