import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../contract/api.js';

type Issue = NonNullable<ApiError['error']['issues']>[number];

/** An error that becomes the CONTRACT's JSON error shape in `onError`. */
export class ApiException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(status, { message });
  }
}

export function fail(status: ContentfulStatusCode, code: string, message: string, issues?: Issue[]): never {
  throw new ApiException(status, code, message, issues);
}

export function errorBody(code: string, message: string, issues?: Issue[]): ApiError {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/**
 * An error answer in the CONTRACT's shape. An error is about one moment, so no cache may keep it
 * (whatever the route had set before it failed): a shared cache keeps a 404 without
 * `Cache-Control` by heuristic, and would go on refusing a site after it is registered.
 */
export function errorResponse(c: Context, status: ContentfulStatusCode, body: ApiError): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body, status);
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiException) {
    return errorResponse(c, err.status, errorBody(err.code, err.message, err.issues));
  }
  if (err instanceof HTTPException) {
    // Hono's own (e.g. body limit): keep its status, give it our shape.
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : 'http_error';
    const message = status === 413 ? 'The request body is too large.' : err.message || 'Request failed.';
    return errorResponse(c, status, errorBody(code, message));
  }
  console.error('unhandled', err);
  return errorResponse(c, 500, errorBody('internal_error', 'Something went wrong on our side. Nothing was stored.'));
}
