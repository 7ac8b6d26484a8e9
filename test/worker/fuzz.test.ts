import fc from 'fast-check';
import * as v from 'valibot';
import { ReceiptRequestSchema, type ReceiptRequest } from '../../contract/api.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  layOutNoticeHistory,
  postReceipt,
  receiptCount,
  receiptRequest,
} from './helpers.js';

const SITE = 'fuzz-clinic';
/** v1 60 days ago, v2 20 days ago, v3 (current) 3 days ago, v4 scheduled for 2 days from now. */
const HISTORY = 'fuzz-history';
const SECOND_ORIGIN = 'https://www.clinic.test';
const MINUTE = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** A receipt already recorded on SITE, whose idempotency key the replays reuse. */
let recorded: ReceiptRequest;

beforeAll(async () => {
  await createSite(SITE, [CLINIC_ORIGIN, SECOND_ORIGIN]);
  await layOutNoticeHistory(SITE, HISTORY, [ago(60 * DAY), ago(20 * DAY), ago(3 * DAY), ago(-2 * DAY)]);
  recorded = receiptRequest({ decidedAt: ago(MINUTE) });
  expect((await postReceipt(SITE, recorded)).status).toBe(201);
});

/** Bodies that are wrong in one way or many: bad JSON, wrong types, unknown keys, bad values. */
const malformed = fc.oneof(
  fc.string().filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
  fc
    .jsonValue()
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((value) => JSON.stringify(value)),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map((value) => JSON.stringify(value)),
  fc
    .record({
      field: fc.constantFrom(
        'consentId',
        'idempotencyKey',
        'noticeVersion',
        'choices',
        'method',
        'gpc',
        'language',
        'pageUrl',
        'decidedAt',
      ),
      value: fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 3 }),
      ),
    })
    .map(({ field, value }) => JSON.stringify({ ...receiptRequest(), [field]: value }))
    // A replacement the schema happens to accept (e.g. gpc: true) is not malformed.
    .filter((body) => !v.safeParse(ReceiptRequestSchema, JSON.parse(body)).success),
  fc
    .record({
      extra: fc.string({ minLength: 1, maxLength: 10 }).filter((key) => !(key in receiptRequest())),
      value: fc.jsonValue({ maxDepth: 1 }),
    })
    .map(({ extra, value }) => JSON.stringify({ ...receiptRequest(), [extra]: value })),
  fc
    .constantFrom('analytics', 'marketing', 'functional', 'necessary', 'ads')
    .chain((category) => fc.constant(JSON.stringify({ ...receiptRequest(), choices: { [category]: 'yes' } }))),
);

describe('fuzzing the receipt endpoint', () => {
  it('answers 1,000 generated malformed bodies with 4xx and the error shape, storing nothing', async () => {
    const before = await receiptCount();
    // Generated up front and sent 25 at a time: the same property, without 1,000 serial round trips.
    const bodies = fc.sample(malformed, { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) });
    const failures: string[] = [];
    for (let i = 0; i < bodies.length; i += 25) {
      await Promise.all(
        bodies.slice(i, i + 25).map(async (body) => {
          const response = await postReceipt(SITE, body);
          const answer = (await response.json().catch(() => null)) as unknown;
          try {
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(response.status).toBeLessThan(500);
            expectErrorShape(answer);
          } catch (error) {
            failures.push(`${response.status} for ${body.slice(0, 300)}: ${String(error)}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    expect(bodies).toHaveLength(1000);
    expect(await receiptCount()).toBe(before);
  }, 120_000);
});

/** A body the schema accepts, sent in a way one of the receipt rules refuses. */
interface RuleBreaker {
  rule: string;
  site: string;
  body: Record<string, unknown>;
  origin: string | null;
}

const valid = (overrides: Partial<ReceiptRequest> = {}) => receiptRequest(overrides) as Record<string, unknown>;
/** Milliseconds in [min, max], so generated times keep a margin from every bound. */
const span = (min: number, max: number) => fc.integer({ min, max });

const ruleBreakers: fc.Arbitrary<RuleBreaker> = fc.oneof(
  fc.constant(null).map(() => ({ rule: 'no Origin', site: SITE, body: valid(), origin: null })),
  fc
    .record({
      origin: fc
        .record({
          scheme: fc.constantFrom('http', 'https'),
          host: fc.oneof(fc.domain(), fc.constant('clinic.test')),
          port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        })
        .map(({ scheme, host, port }) => new URL(`${scheme}://${host}${port ? `:${port}` : ''}`).origin),
      path: fc.webPath(),
    })
    .filter(({ origin }) => origin !== CLINIC_ORIGIN)
    .map(({ origin, path }) => ({
      rule: 'page on another origin',
      site: SITE,
      body: valid({ pageUrl: `${origin}${path}` }),
      origin: CLINIC_ORIGIN,
    })),
  fc.webPath().map((path) => ({
    rule: 'page on the other registered origin',
    site: SITE,
    body: valid({ pageUrl: `${CLINIC_ORIGIN}${path}` }),
    origin: SECOND_ORIGIN,
  })),
  span(31 * DAY, 20 * 365 * DAY).map((ms) => ({
    rule: 'decided before the offline window',
    site: SITE,
    body: valid({ decidedAt: ago(ms) }),
    origin: CLINIC_ORIGIN,
  })),
  span(10 * MINUTE, 5 * 365 * DAY).map((ms) => ({
    rule: 'decided in the future',
    site: SITE,
    body: valid({ decidedAt: ago(-ms) }),
    origin: CLINIC_ORIGIN,
  })),
  fc.integer({ min: 4, max: 1_000_000 }).map((noticeVersion) => ({
    rule: 'scheduled or unknown version',
    site: HISTORY,
    body: valid({ noticeVersion }),
    origin: CLINIC_ORIGIN,
  })),
  span(0, 12 * DAY).map((ms) => ({
    rule: 'version superseded long before the decision',
    site: HISTORY,
    body: valid({ noticeVersion: 1, decidedAt: ago(ms) }),
    origin: CLINIC_ORIGIN,
  })),
  span(3 * DAY + 10 * MINUTE, 29 * DAY).map((ms) => ({
    rule: 'decided before the version took effect',
    site: HISTORY,
    body: valid({ noticeVersion: 3, decidedAt: ago(ms) }),
    origin: CLINIC_ORIGIN,
  })),
  fc
    .record({
      consentId: fc.option(fc.uuid(), { nil: undefined }),
      choices: fc.option(fc.record({ analytics: fc.boolean() }), { nil: undefined }),
      method: fc.option(fc.constantFrom('reject-all', 'preferences', 'gpc', 'api'), { nil: undefined }),
      gpc: fc.option(fc.constant(true), { nil: undefined }),
      language: fc.option(fc.constantFrom('cy', 'en', 'fr-FR'), { nil: undefined }),
      path: fc.option(fc.webPath(), { nil: undefined }),
      decidedAgo: fc.option(span(2 * MINUTE, 29 * DAY), { nil: undefined }),
    })
    .map((change) => {
      const body: Record<string, unknown> = { ...recorded };
      if (change.consentId) body.consentId = change.consentId;
      if (change.choices) body.choices = change.choices;
      if (change.method) body.method = change.method;
      if (change.gpc) body.gpc = true;
      if (change.language) body.language = change.language;
      if (change.path !== undefined) body.pageUrl = `${CLINIC_ORIGIN}${change.path}`;
      if (change.decidedAgo) body.decidedAt = ago(change.decidedAgo);
      return { rule: 'replayed key, changed body', site: SITE, body, origin: CLINIC_ORIGIN };
    })
    // A change the receipt would not show (the same choices, path or method) is a faithful retry.
    .filter(({ body }) => {
      const pathOf = (url: unknown) => new URL(String(url)).pathname;
      return (
        body.consentId !== recorded.consentId ||
        JSON.stringify({ analytics: false, ...(body.choices as object) }) !==
          JSON.stringify({ analytics: false, ...recorded.choices }) ||
        body.method !== recorded.method ||
        body.gpc !== recorded.gpc ||
        body.language !== recorded.language ||
        pathOf(body.pageUrl) !== pathOf(recorded.pageUrl) ||
        body.decidedAt !== recorded.decidedAt
      );
    }),
);

describe('fuzzing the receipt rules', () => {
  it('answers 500 well-formed bodies that break a receipt rule with 4xx and the error shape, storing nothing', async () => {
    const before = await receiptCount();
    const attempts = fc.sample(ruleBreakers, {
      numRuns: 500,
      seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
    });
    const failures: string[] = [];
    const rules = new Set<string>();
    for (let i = 0; i < attempts.length; i += 25) {
      await Promise.all(
        attempts.slice(i, i + 25).map(async ({ rule, site, body, origin }) => {
          rules.add(rule);
          expect(v.safeParse(ReceiptRequestSchema, body).success, JSON.stringify(body)).toBe(true);
          const response = await postReceipt(site, body, origin);
          const answer = (await response.json().catch(() => null)) as unknown;
          try {
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(response.status).toBeLessThan(500);
            expectErrorShape(answer);
          } catch (error) {
            failures.push(`${rule}: ${response.status} for ${JSON.stringify(body).slice(0, 300)}: ${String(error)}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    expect(rules.size).toBe(9);
    expect(await receiptCount()).toBe(before);
  }, 120_000);
});
