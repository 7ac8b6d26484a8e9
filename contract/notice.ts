import type { Article6Basis, Article9Condition, NOT_STATED, Schedule1Condition } from './lawful-basis.js';
import type { ServiceDeclaration } from './site.js';

/**
 * A notice is structured data, never HTML: the compiler in notices/ produces it from an
 * author's Markdown, and every renderer (widget, admin preview, receipt page) turns it into
 * elements itself. Links carry only https, mailto and tel URLs, or `#id` of a section or
 * sub-heading in the same notice (versions published before that rule may also carry http).
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; text: string }
  | { type: 'em'; text: string }
  /** A short literal, e.g. a cookie name: shown in a monospace face, never run. */
  | { type: 'code'; text: string }
  /** A hard line break inside a paragraph (two trailing spaces or a backslash in the source). */
  | { type: 'break' }
  | { type: 'link'; href: string; text: string };

export type TableAlign = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: 3 | 4; text: string; id: string }
  | { type: 'paragraph'; content: Inline[] }
  /** `start` is present only when an ordered list does not start at 1. */
  | { type: 'list'; ordered: boolean; start?: number; items: Inline[][] }
  /** `align` is present only when some column is aligned; one entry per column. */
  | { type: 'table'; caption?: string; head: string[]; align?: TableAlign[]; rows: Inline[][][] }
  /** A quotation: paragraphs and flat lists only. */
  | { type: 'quote'; blocks: Block[] }
  /** A thematic break (`---`) between parts of a section. */
  | { type: 'rule' };

export interface NoticeSection {
  /** Anchor for deep links, e.g. `cookies`. */
  id: string;
  title: string;
  /** Layer 2: one line that says what the section is about. */
  summary: string;
  /** Audience ids this section is for; empty means everyone. */
  audiences: string[];
  blocks: Block[];
}

export interface Audience {
  id: string;
  label: string;
}

export interface ContactPoint {
  name: string;
  role?: string;
  address?: string;
  email?: string;
  phone?: string;
  url?: string;
}

/** The facts a reader (or a receipt) needs without reading the whole text. */
export interface NoticeFacts {
  controller: ContactPoint;
  dpo?: ContactPoint;
  complaints: ContactPoint[];
  purposes: NoticePurpose[];
  recipients: string[];
  retention: { what: string; period: string }[];
  transfers: string[];
  rights: string[];
  /** Whether people must give the data (by law or for a contract) and what happens if they do not. */
  requirement?: string;
  /** Any automated decision-making or profiling, and its logic and effects; or that there is none. */
  automatedDecisions?: string;
  /** Where data comes from when not from the person themselves (a referrer, the NHS Spine…). */
  dataSources?: string[];
}

/**
 * A purpose and its lawful basis. `legalBasis` is the wording visitors read (the policy's own, or
 * made from the chosen bases); `basis`, `condition` and `schedule1` are the structured choices
 * from contract/lawful-basis.ts, present when the author chose them.
 */
export interface NoticePurpose {
  purpose: string;
  legalBasis: string;
  basis?: Article6Basis | typeof NOT_STATED;
  /** For health and care data: the UK GDPR Article 9(2) condition. */
  condition?: Article9Condition;
  /** The DPA 2018 Schedule 1 condition that 9(2)(b), (g), (h), (i) or (j) relies on. */
  schedule1?: Schedule1Condition;
  /** When the basis is legitimate interests: what those interests are. */
  interests?: string;
}

export interface NoticeDocument {
  site: string;
  /** BCP 47 language tag of the text, e.g. `en-GB`. */
  language: string;
  title: string;
  organisation: string;
  /** Date the source says it was last updated, if it says. */
  lastUpdated?: string;
  /** Layer 1: short plain-English paragraphs (about 120 words in all). */
  summary: string[];
  audiences: Audience[];
  facts: NoticeFacts;
  services: ServiceDeclaration[];
  sections: NoticeSection[];
}

/** A published, immutable version of a site's notice. */
export interface NoticeVersion {
  site: string;
  version: number;
  /** SHA-256 of the canonical document: the ETag. */
  hash: string;
  cookieRevision: string;
  effectiveAt: string;
  publishedAt: string;
  material: boolean;
  document: NoticeDocument;
}

/** A version in a list: its facts without the document, and whether it is the one in force. */
export interface NoticeVersionSummary extends Omit<NoticeVersion, 'site' | 'document'> {
  current: boolean;
}

export type SectionChange =
  | { change: 'added'; id: string; title: string }
  | { change: 'removed'; id: string; title: string }
  | {
      change: 'changed';
      id: string;
      title: string;
      /** Words of the section's text, marked as kept, inserted or deleted. */
      marks: { op: 'same' | 'ins' | 'del'; text: string }[];
    };

export interface NoticeDiff {
  site: string;
  from: number;
  to: number;
  /** True when categories, services or purposes changed: visitors are asked again. */
  material: boolean;
  sections: SectionChange[];
  cookies: { added: string[]; removed: string[]; changed: string[] };
}
