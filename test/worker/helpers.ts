import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../worker/index.js';
import { noticeSource } from '../fixtures/notice-source.js';

export { noticeSource };
import type { ReceiptRequest } from '../../contract/api.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const WORKER = 'https://consent.test';
export const CLINIC_ORIGIN = 'https://clinic.test';

/**
 * Calls the Worker's own fetch handler inside workerd, with the real bindings (D1, assets, rate
 * limiter). Going through the SELF service binding instead costs a little more on every call
 * (it slows linearly over a test file), which the 1,000-body fuzz test cannot afford.
 */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${WORKER}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export function admin(path: string, method: string, body?: unknown): Promise<Response> {
  return api(path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function createSite(site: string, origins: string[] = [CLINIC_ORIGIN]): Promise<void> {
  const created = await admin(`/v1/admin/sites/${site}`, 'PUT', {
    organisation: { name: 'Test Clinic' },
    allowedOrigins: origins,
  });
  if (created.status !== 201) throw new Error(`site not created: ${created.status} ${await created.text()}`);
  const published = await admin(`/v1/admin/sites/${site}/notices`, 'POST', { source: noticeSource(site) });
  if (published.status !== 201) throw new Error(`notice not published: ${published.status} ${await published.text()}`);
}

export function receiptRequest(overrides: Partial<ReceiptRequest> = {}): ReceiptRequest {
  return {
    consentId: crypto.randomUUID(),
    idempotencyKey: crypto.randomUUID(),
    noticeVersion: 1,
    choices: { analytics: true },
    method: 'accept-all',
    gpc: false,
    language: 'en-GB',
    pageUrl: `${CLINIC_ORIGIN}/contact?name=Jane#form`,
    ...overrides,
  };
}

/** Each post comes from a different visitor (source address) unless a test says otherwise. */
export function postReceipt(
  site: string,
  body: unknown,
  origin: string | null = CLINIC_ORIGIN,
  source: string = crypto.randomUUID(),
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'CF-Connecting-IP': source };
  if (origin) headers.Origin = origin;
  return api(`/v1/sites/${site}/receipts`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function receiptCount(site?: string): Promise<number> {
  const statement = site
    ? env.DB.prepare('SELECT count(*) AS n FROM receipts WHERE site_id = ?').bind(site)
    : env.DB.prepare('SELECT count(*) AS n FROM receipts');
  return (await statement.first<{ n: number }>())!.n;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function expectErrorShape(body: unknown): asserts body is ErrorBody {
  const error = (body as ErrorBody | null)?.error;
  if (
    !error ||
    typeof error.code !== 'string' ||
    !/^[a-z_]+$/.test(error.code) ||
    typeof error.message !== 'string' ||
    !error.message
  ) {
    throw new Error(`not the CONTRACT's error shape: ${JSON.stringify(body)}`);
  }
}

/**
 * Registers `site` with `template`'s settings and one notice version per effective time, as if
 * published over weeks: the admin API only publishes from now on, so the rows are written
 * directly, each a copy of `template`'s first version.
 */
export async function layOutNoticeHistory(template: string, site: string, effective: string[]): Promise<void> {
  const notice = await env.DB.prepare('SELECT * FROM notices WHERE site_id = ? AND version = 1')
    .bind(template)
    .first<Record<string, unknown>>();
  const settings = await env.DB.prepare('SELECT settings FROM sites WHERE id = ?')
    .bind(template)
    .first<string>('settings');
  if (!notice || !settings) throw new Error(`no site ${template} to copy`);
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare('INSERT INTO sites (id, settings, created_at, updated_at) VALUES (?, ?, ?, ?)').bind(
      site,
      settings,
      now,
      now,
    ),
    ...effective.map((at, index) =>
      env.DB.prepare(
        `INSERT INTO notices (site_id, version, hash, cookie_revision, source, document, material,
           effective_at, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, 'test')`,
      ).bind(site, index + 1, notice.hash, notice.cookie_revision, notice.source, notice.document, at, at),
    ),
  ]);
}
