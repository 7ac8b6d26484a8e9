import { expect } from 'vitest';
import { ADMIN_TOKEN, api, WORKER } from './helpers.js';

/** The cookies a response sets, by name, with their attributes as written. */
export function setCookies(response: Response): Map<string, string> {
  return new Map(
    response.headers
      .getAll('Set-Cookie')
      .map((line: string) => [line.slice(0, line.indexOf('=')), line] as [string, string]),
  );
}

export function cookieValue(line: string): string {
  return line.slice(line.indexOf('=') + 1, line.indexOf(';'));
}

export async function signInForm(): Promise<{ csrf: string; cookie: string }> {
  const response = await api('/admin');
  expect(response.status).toBe(200);
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookie = setCookies(response).get('candour_admin_signin')!;
  return { csrf, cookie: `candour_admin_signin=${cookieValue(cookie)}` };
}

/** Posts the sign-in form with a token, as a browser at `client` (CF-Connecting-IP) would. */
export async function postSignIn(token: string, client?: string): Promise<Response> {
  const form = await signInForm();
  return api('/admin/sign-in', {
    method: 'POST',
    headers: {
      Origin: WORKER,
      Cookie: form.cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(client ? { 'CF-Connecting-IP': client } : {}),
    },
    body: new URLSearchParams({ csrf: form.csrf, token }).toString(),
    redirect: 'manual',
  });
}

/** Signs in through the form; the session cookie and the page's CSRF token. */
export async function signIn(token = ADMIN_TOKEN, client?: string): Promise<{ cookie: string; csrf: string }> {
  const response = await postSignIn(token, client);
  expect(response.status).toBe(303);
  const session = setCookies(response).get('__Host-candour_admin')!;
  const cookie = `__Host-candour_admin=${cookieValue(session)}`;
  const shell = await (await api('/admin', { headers: { Cookie: cookie } })).text();
  const csrf = /<meta name="candour-csrf" content="([0-9a-f]{64})"/.exec(shell)![1]!;
  return { cookie, csrf };
}
