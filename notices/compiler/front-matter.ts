import * as v from 'valibot';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { CATEGORIES } from '../../contract/categories.js';
import {
  ARTICLE_6_IDS,
  ARTICLE_9_IDS,
  basisWording,
  NEEDS_SCHEDULE_1,
  NOT_STATED,
  SCHEDULE_1_IDS,
} from '../../contract/lawful-basis.js';
import type { NoticePurpose } from '../../contract/notice.js';
import { isSafeUrl, SAFE_URL_MESSAGE } from '../../contract/safe-url.js';
import { SITE_ID_PATTERN } from '../../contract/site.js';
import { expandCatalogueReferences } from './catalogue.js';
import { containsRawHtml, RAW_HTML_MESSAGE, type Diagnostics } from './diagnostics.js';
import { linkProblem } from './inline.js';
import { ANCHOR_PATTERN } from './markdown.js';

const NOT_TEXT = 'expected text (put it in quotes if it looks like a number, date or yes/no)';

const text = v.pipe(v.string(NOT_TEXT), v.trim(), v.minLength(1, 'must not be empty'));
/** Multi-line YAML text folded to single spaces: front-matter strings are plain paragraphs. */
const paragraph = v.pipe(
  text,
  v.transform((value) => value.replace(/\s+/g, ' ')),
);
/** A link the widget renders from the front matter (a service's privacy page, a contact's site). */
const webAddress = v.pipe(
  text,
  v.check((value) => linkProblem(value) === null && isSafeUrl(value), SAFE_URL_MESSAGE),
);
const email = v.pipe(text, v.regex(/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/, 'must be an email address'));
const anchor = v.pipe(text, v.regex(ANCHOR_PATTERN, 'must be lowercase letters, digits and hyphens'));
const list = <T extends v.GenericSchema>(item: T) => v.array(item, 'expected a list (lines starting with "- ")');

const ContactPointSchema = v.strictObject({
  name: paragraph,
  role: v.optional(paragraph),
  address: v.optional(paragraph),
  email: v.optional(email),
  phone: v.optional(text),
  url: v.optional(webAddress),
});

/**
 * Where a cookie or service fact comes from, when not the organisation's own policy (leave
 * `source` out for that). An outside source is named, so visitors can tell it from the policy.
 */
const SourceSchema = v.pipe(
  v.strictObject({
    kind: v.picklist(['policy', 'provider', 'author'], 'must be policy, provider or author'),
    name: v.optional(paragraph),
    url: v.optional(
      v.pipe(
        text,
        v.check(
          (value) => /^https:\/\//i.test(value) && linkProblem(value) === null,
          'must be a full https:// address',
        ),
      ),
    ),
  }),
  v.check(
    (source) => source.kind !== 'provider' || source.name !== undefined,
    'name the outside source, e.g. name: Google’s documentation',
  ),
);

const CookieSchema = v.strictObject({
  name: text,
  provider: paragraph,
  purpose: paragraph,
  duration: paragraph,
  transfer: v.optional(paragraph),
  source: v.optional(SourceSchema),
});

const ServiceSchema = v.strictObject({
  id: anchor,
  name: paragraph,
  category: v.picklist(
    CATEGORIES,
    (issue) => `unknown category ${issue.received}: use one of ${CATEGORIES.join(', ')}`,
  ),
  provider: paragraph,
  purpose: paragraph,
  privacyUrl: v.optional(webAddress),
  source: v.optional(SourceSchema),
  cookies: list(CookieSchema),
});

const choice = <const T extends readonly string[]>(ids: T, what: string) =>
  v.picklist(ids, (issue) => `unknown ${what} ${issue.received}: use one of ${ids.join(', ')}`);

/**
 * A purpose with its lawful basis: the wording (`legalBasis`, as the policy puts it), the choices
 * (`basis`, and for health and care data `condition` and `schedule1`), or both. With choices and
 * no wording, visitors read the choices' names.
 */
const PurposeSchema = v.pipe(
  v.strictObject({
    purpose: paragraph,
    legalBasis: v.optional(paragraph),
    basis: v.optional(choice([...ARTICLE_6_IDS, NOT_STATED], 'lawful basis')),
    condition: v.optional(choice(ARTICLE_9_IDS, 'Article 9 condition')),
    schedule1: v.optional(choice(SCHEDULE_1_IDS, 'Schedule 1 condition')),
    interests: v.optional(paragraph),
  }),
  v.check(
    (item) => item.legalBasis !== undefined || item.basis !== undefined,
    'give the lawful basis: basis: consent (or another basis), or legalBasis: the policy’s words',
  ),
  v.check(
    (item) => item.basis !== NOT_STATED || item.condition === undefined,
    'an Article 9 condition needs an Article 6 basis beside it, not basis: not-stated',
  ),
  v.check(
    (item) =>
      item.schedule1 === undefined || (item.condition !== undefined && NEEDS_SCHEDULE_1.includes(item.condition)),
    'a Schedule 1 condition goes with Article 9(2)(b), (g), (h), (i) or (j): choose the condition too',
  ),
  v.transform((item): NoticePurpose => ({
    ...item,
    legalBasis: item.legalBasis ?? basisWording(item.basis!, item.condition, item.schedule1),
  })),
);

const FactsSchema = v.strictObject({
  controller: ContactPointSchema,
  dpo: v.optional(ContactPointSchema),
  complaints: list(ContactPointSchema),
  purposes: v.pipe(list(PurposeSchema), v.minLength(1, 'list at least one purpose')),
  recipients: list(paragraph),
  retention: list(v.strictObject({ what: paragraph, period: paragraph })),
  transfers: list(paragraph),
  rights: v.pipe(list(paragraph), v.minLength(1, 'list the rights people have')),
  requirement: v.optional(paragraph),
  automatedDecisions: v.optional(paragraph),
  dataSources: v.optional(list(paragraph)),
});

export const FrontMatterSchema = v.strictObject({
  site: v.pipe(text, v.regex(SITE_ID_PATTERN, 'must be lowercase letters, digits and hyphens, 2 to 63 characters')),
  title: paragraph,
  organisation: paragraph,
  language: v.optional(
    v.pipe(text, v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, e.g. en-GB')),
    'en-GB',
  ),
  lastUpdated: v.optional(
    v.pipe(
      text,
      v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
      v.check(
        (value) =>
          !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
          new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
        'is not a real date',
      ),
    ),
  ),
  summary: v.pipe(list(paragraph), v.minLength(1, 'write at least one short paragraph')),
  audiences: v.optional(list(v.strictObject({ id: anchor, label: paragraph })), []),
  facts: FactsSchema,
  services: list(ServiceSchema),
});

export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;

type PathKey = string | number;

/** Line of the YAML node at `path`, or of its nearest existing parent. */
function lineFinder(doc: Document, lineCounter: LineCounter, firstLine: number) {
  return (path: readonly PathKey[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) return firstLine + lineCounter.linePos(offset).line - 1;
    }
    return firstLine;
  };
}

function issueMessage(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => String(item.key));
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  if (issue.expected === 'never') return `${where}is not a known key`;
  if (issue.received === 'undefined' && (issue.type === 'strict_object' || issue.type === 'object')) {
    return `${where}is required`;
  }
  return `${where}${issue.message}`;
}

export interface ParsedFrontMatter {
  /** The validated front matter, or undefined when it has errors (they are reported). */
  front?: FrontMatter;
  /** Declared audience ids, even when other keys are wrong, so the body is still checked against them. */
  audienceIds?: ReadonlySet<string>;
}

function declaredAudienceIds(data: unknown): ReadonlySet<string> | undefined {
  const audiences = (data as { audiences?: unknown } | null)?.audiences;
  if (audiences === undefined) return new Set();
  if (!Array.isArray(audiences)) return undefined;
  const ids = audiences.map((audience) => (audience as { id?: unknown } | null)?.id);
  return ids.every((id) => typeof id === 'string') ? new Set(ids as string[]) : undefined;
}

/** Parses and validates the YAML front matter. `firstLine` is the source line of its first line. */
export function parseFrontMatter(source: string, firstLine: number, diagnostics: Diagnostics): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  for (const error of doc.errors)
    diagnostics.error(lineAt(error.pos[0]), `front matter: ${error.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return {};

  const before = diagnostics.errors.length;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && containsRawHtml(node.value)) {
        diagnostics.error(node.range ? lineAt(node.range[0]) : firstLine, RAW_HTML_MESSAGE);
      }
    },
  });
  const lineOf = lineFinder(doc, lineCounter, firstLine);
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data) || isScalar(doc.contents)) {
    diagnostics.error(firstLine, 'front matter must be keys and values, e.g. "site: my-clinic"');
    return {};
  }
  const audienceIds = declaredAudienceIds(data);
  expandCatalogueReferences(data, lineOf, diagnostics);
  const result = v.safeParse(FrontMatterSchema, data);
  if (!result.success) {
    for (const issue of result.issues) {
      diagnostics.error(lineOf((issue.path ?? []).map((item) => item.key as PathKey)), issueMessage(issue));
    }
    return { audienceIds };
  }
  const front = result.output;
  reportDuplicates(
    front.audiences.map((audience) => audience.id),
    ['audiences'],
    'audience id',
    lineOf,
    diagnostics,
  );
  reportDuplicates(
    front.services.map((service) => service.id),
    ['services'],
    'service id',
    lineOf,
    diagnostics,
  );
  front.services.forEach((service, index) =>
    reportDuplicates(
      service.cookies.map((cookie) => cookie.name),
      ['services', index, 'cookies'],
      `cookie name in service "${service.id}":`,
      lineOf,
      diagnostics,
    ),
  );
  return diagnostics.errors.length === before ? { front, audienceIds } : { audienceIds };
}

function reportDuplicates(
  values: readonly string[],
  path: readonly PathKey[],
  what: string,
  lineOf: (path: readonly PathKey[]) => number,
  diagnostics: Diagnostics,
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) diagnostics.error(lineOf([...path, index]), `duplicate ${what} "${value}"`);
    seen.add(value);
  });
}
