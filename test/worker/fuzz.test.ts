import fc from 'fast-check';
import * as v from 'valibot';
import { ReceiptRequestSchema } from '../../contract/api.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSite, expectErrorShape, postReceipt, receiptCount, receiptRequest } from './helpers.js';

const SITE = 'fuzz-clinic';

beforeAll(async () => {
  await createSite(SITE);
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
