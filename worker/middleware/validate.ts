import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import type { AppEnv } from '../env.js';
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

/** Parses the JSON body against a valibot schema; bad JSON or a wrong shape is a 400 with issues. */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  return createMiddleware<AppEnv & { Variables: { body: v.InferOutput<S> } }>(async (c, next) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      fail(400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const result = v.safeParse(schema, raw);
    if (!result.success) {
      fail(400, 'invalid_body', 'The request body does not have the expected shape.', issuesOf(result.issues));
    }
    c.set('body', result.output);
    await next();
  });
}

/** Parses the query string against a valibot schema; an unknown or bad parameter is a 400 with issues. */
export function queryParams<S extends v.GenericSchema>(schema: S) {
  return createMiddleware<AppEnv & { Variables: { query: v.InferOutput<S> } }>(async (c, next) => {
    const result = v.safeParse(schema, c.req.query());
    if (!result.success) {
      fail(400, 'invalid_query', 'The query string does not have the expected shape.', issuesOf(result.issues));
    }
    c.set('query', result.output);
    await next();
  });
}
