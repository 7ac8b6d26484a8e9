import { vValidator } from '@hono/valibot-validator';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as v from 'valibot';
import { fail } from '../errors.js';

export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => fail(413, 'payload_too_large', `The request body is over ${maxSize} bytes.`),
  });
}

export function issuesOf(issues: readonly v.BaseIssue<unknown>[]) {
  return issues.map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join('.') || '(body)',
    message: issue.message,
  }));
}

/** What a failed check answers: each route keeps the status and code its clients rely on. */
export interface Refusal {
  status: ContentfulStatusCode;
  code: string;
  message: string;
}

const DEFAULT_REFUSALS: Record<'json' | 'query' | 'param', Refusal> = {
  json: { status: 400, code: 'invalid_body', message: 'The request body does not have the expected shape.' },
  query: { status: 400, code: 'invalid_query', message: 'The query parameters are not valid.' },
  param: { status: 400, code: 'invalid_param', message: 'The address names something that cannot exist.' },
};

/**
 * `vValidator` with the one error shape: a failure is `fail(status, code, message, issues)`, so
 * it reaches `onError` like every other refusal. Handlers read `c.req.valid(target)`, typed.
 */
export function valid<T extends v.GenericSchema, Target extends 'json' | 'query' | 'param'>(
  target: Target,
  schema: T,
  refusal: Partial<Refusal> = {},
) {
  const { status, code, message } = { ...DEFAULT_REFUSALS[target], ...refusal };
  return vValidator(target, schema, (result): void => {
    if (!result.success) fail(status, code, message, issuesOf(result.issues));
  });
}

/**
 * Hono's JSON validator reads a body only when it is labelled JSON and answers bad JSON in its
 * own words; this runs first so either gets the CONTRACT's `invalid_json`.
 */
export const jsonText = createMiddleware(async (c, next) => {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) {
    fail(400, 'invalid_json', 'The request body must be JSON, sent as Content-Type: application/json.');
  }
  try {
    await c.req.json();
  } catch {
    fail(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  await next();
});

/** The JSON body against a contract schema: bad JSON is `invalid_json`, a wrong shape `invalid_body`. */
export function validJson<T extends v.GenericSchema>(schema: T) {
  return [jsonText, valid('json', schema)] as const;
}
