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
  if (!response.ok) throw await errorOf(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** The CONTRACT's error shape from a failed answer; a 401 also sends the page back to sign-in. */
async function errorOf(response: Response): Promise<AdminApiError> {
  if (response.status === 401) {
    location.assign('/admin');
    return new AdminApiError(401, 'unauthorised', 'Your sign-in has ended. Please sign in again.');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: handled below
  }
  const error = (body as ApiError | null)?.error;
  return new AdminApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `The request failed (${response.status}).`,
    error?.issues,
  );
}

/**
 * Fetches a file with a POST (an export is logged, and a GET must change nothing, or a link on
 * another site could write to the audit log) and hands it to the browser as a download.
 */
export async function adminDownload(path: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/v1/admin${path}`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken() },
      credentials: 'same-origin',
    });
  } catch {
    throw new AdminApiError(
      0,
      'network_error',
      'The Worker could not be reached. Check your connection and try again.',
    );
  }
  if (!response.ok) throw await errorOf(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'candour-export';
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
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
