import type { ApiError } from '../contract/api.js';

/** An API answer that was not a success, in the CONTRACT's error shape. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The page's CSRF token, which the Worker put in a meta element of the signed-in shell. */
function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="candour-csrf"]')?.content ?? '';
}

/**
 * Calls the admin API with the page's session (same-origin cookie) and, on anything that
 * changes state, the CSRF token. A 401 means the session ended: back to the sign-in page.
 */
export async function adminApi<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/v1/admin${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new AdminApiError(
      0,
      'network_error',
      'The Worker could not be reached. Check your connection and try again.',
    );
  }
  if (response.status === 401) {
    location.assign('/admin');
    throw new AdminApiError(401, 'unauthorised', 'Your sign-in has ended. Please sign in again.');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: handled below
  }
  if (!response.ok) {
    const error = (body as ApiError | null)?.error;
    throw new AdminApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The request failed (${response.status}).`,
      error?.issues,
    );
  }
  return body as T;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** "3 July 2026, 14:05" in UK time: how the admin page shows instants. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}
