import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptResponse } from '../../contract/api.js';
import type { SiteConfig } from '../../contract/site.js';
import {
  api,
  CLINIC_ORIGIN,
  createSite,
  expectErrorShape,
  postReceipt,
  receiptCount,
  receiptRequest,
} from './helpers.js';

const SITE = 'test-clinic';

beforeAll(async () => {
  await createSite(SITE);
});

describe('site config', () => {
  it('gives the banner the categories, services and current notice', async () => {
    const response = await api(`/v1/sites/${SITE}/config`, { headers: { Origin: CLINIC_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
    const config = (await response.json()) as SiteConfig;
    expect(config.site).toBe(SITE);
    expect(config.organisation.name).toBe('Test Clinic');
    expect(config.categories).toEqual(['necessary', 'analytics']);
    expect(config.services.map((service) => service.id)).toEqual(['analytics']);
    expect(config.notice.version).toBe(1);
    expect(config.notice.cookieRevision).toMatch(/^[0-9a-f]{64}$/);
    expect(config.consentExpiryMonths).toBe(6);
  });

  it('answers 404 with the error shape for an unknown site', async () => {
    for (const site of ['no-such-clinic', 'Bad_Id']) {
      const response = await api(`/v1/sites/${site}/config`);
      expect(response.status).toBe(404);
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('site_not_found');
    }
  });

  it('refuses a foreign origin with 403 and no CORS grant', async () => {
    const response = await api(`/v1/sites/${SITE}/config`, { headers: { Origin: 'https://stranger.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('origin_not_allowed');
  });

  it('answers a CORS preflight only for registered origins', async () => {
    const allowed = await api(`/v1/sites/${SITE}/receipts`, {
      method: 'OPTIONS',
      headers: { Origin: CLINIC_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
    expect(allowed.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    const refused = await api(`/v1/sites/${SITE}/receipts`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://stranger.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('receipts', () => {
  it('stores a decision as a receipt that can be read back', async () => {
    const before = await receiptCount(SITE);
    const request = receiptRequest();
    const response = await postReceipt(SITE, request);
    expect(response.status).toBe(201);
    const body = (await response.json()) as ReceiptResponse;
    expect(body.receipt).toMatchObject({
      consentId: request.consentId,
      site: SITE,
      event: 'given',
      method: 'accept-all',
      choices: { functional: false, analytics: true, marketing: false },
      noticeVersion: 1,
      page: `${CLINIC_ORIGIN}/contact`,
    });
    expect(body.jws.split('.')).toHaveLength(3);
    expect(await receiptCount(SITE)).toBe(before + 1);

    const row = await env.DB.prepare('SELECT consent_id, choices FROM receipts WHERE id = ?')
      .bind(body.receiptId)
      .first();
    expect(row).toEqual({ consent_id: request.consentId, choices: JSON.stringify(body.receipt.choices) });

    const read = await api(`/v1/receipts/${body.receiptId}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
  });

  it('keeps neither the IP address nor the full user agent', async () => {
    const address = '203.0.113.77';
    const userAgent =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36';
    const response = await api(`/v1/sites/${SITE}/receipts`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: CLINIC_ORIGIN,
        'CF-Connecting-IP': address,
        'X-Forwarded-For': address,
        'User-Agent': userAgent,
      },
      body: JSON.stringify(receiptRequest()),
      // What Cloudflare's edge attaches to a real request from the UK.
      cf: { country: 'GB' },
    } as RequestInit);
    expect(response.status).toBe(201);
    const { receiptId } = (await response.json()) as ReceiptResponse;
    const row = await env.DB.prepare('SELECT * FROM receipts WHERE id = ?')
      .bind(receiptId)
      .first<Record<string, unknown>>();
    // The request's facts did reach the Worker: the coarse ones are kept.
    expect(row).toMatchObject({ browser: 'chromium-desktop', country: 'GB' });
    const payload = new TextDecoder().decode(
      Uint8Array.from(atob(String(row!.jws).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')), (char) =>
        char.charCodeAt(0),
      ),
    );
    expect(JSON.parse(payload)).toMatchObject({ receiptId, browser: 'chromium-desktop' });
    const kept = [...Object.values(row!).map((value) => String(value)), payload];
    for (const text of kept) {
      expect(text).not.toContain(address);
      expect(text).not.toContain(userAgent);
      // Nor any recognisable piece of it: the version numbers and platform would narrow a visitor down.
      expect(text).not.toMatch(/Mozilla|Windows NT|131\.0\.6778|AppleWebKit/);
    }
  });

  it('rejects bad bodies with the error shape and stores nothing', async () => {
    const before = await receiptCount();
    const bad: [unknown, string][] = [
      ['not json', 'invalid_json'],
      [{}, 'invalid_body'],
      [receiptRequest({ consentId: 'jane@example.com' }), 'invalid_body'],
      [{ ...receiptRequest(), choices: { cookies: true } }, 'invalid_body'],
      [{ ...receiptRequest(), extra: 1 }, 'invalid_body'],
      [receiptRequest({ noticeVersion: 99 }), 'unknown_notice_version'],
      [receiptRequest({ choices: { marketing: true } }), 'unknown_category'],
    ];
    for (const [body, code] of bad) {
      const response = await postReceipt(SITE, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await response.json();
      expectErrorShape(error);
      expect(error.error.code).toBe(code);
    }
    expect(await receiptCount()).toBe(before);
  });

  it('refuses a receipt from a foreign origin and stores nothing', async () => {
    const before = await receiptCount();
    const response = await postReceipt(SITE, receiptRequest(), 'https://stranger.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expectErrorShape(await response.json());
    expect(await receiptCount()).toBe(before);
  });

  it('answers 404 for a receipt to an unknown site and for an unknown receipt', async () => {
    const before = await receiptCount();
    const response = await postReceipt('no-such-clinic', receiptRequest());
    expect(response.status).toBe(404);
    expectErrorShape(await response.json());
    expect(await receiptCount()).toBe(before);
    const missing = await api(`/v1/receipts/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expectErrorShape(await missing.json());
  });

  it('refuses UPDATE and DELETE on stored receipts', async () => {
    await postReceipt(SITE, receiptRequest());
    await expect(env.DB.prepare("UPDATE receipts SET choices = '{}'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM receipts').run()).rejects.toThrow(/append-only/);
  });
});

describe('widget files', () => {
  it('serves embed.js for any origin with a short cache', async () => {
    const response = await api('/v1/embed.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('javascript');
    expect(response.headers.get('Cache-Control')).toContain('max-age=300');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(await response.text()).toContain('candour');
  });

  it('answers an unknown path with the JSON error shape', async () => {
    const response = await api('/v1/nothing-here.js');
    expect(response.status).toBe(404);
    expectErrorShape(await response.json());
  });
});

describe('error answers', () => {
  // An error is about one moment: a cache that kept it (a shared proxy by heuristic, or Workers
  // Cache, which keeps a 404 without Cache-Control for three minutes) would go on refusing a site
  // after it is registered, or a file after it is deployed.
  it('tell every cache not to keep them, whichever part of the Worker refused', async () => {
    const answers: [string, Response][] = [
      ['unknown site', await api('/v1/sites/no-such-clinic/config')],
      ['unknown notice version', await api(`/v1/sites/${SITE}/notices/999`)],
      ['no such widget file', await api('/v1/chunks/no-such-chunk.js')],
      ['nothing at this address', await api('/no/such/page')],
      ['foreign origin', await api(`/v1/sites/${SITE}/config`, { headers: { Origin: 'https://stranger.example' } })],
      ['malformed receipt', await postReceipt(SITE, { consentId: 'not-a-uuid' })],
      ['receipt too large', await postReceipt(SITE, { padding: 'x'.repeat(64 * 1024) })],
      ['no admin token', await api('/v1/admin/sites')],
    ];
    for (const [what, response] of answers) {
      expect(response.status, what).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('Cache-Control'), what).toBe('no-store');
      expectErrorShape(await response.json());
    }
  });
});

describe('admin API', () => {
  it('answers 401 without a valid token and changes nothing', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', 'Basic abc']) {
      const response = await api('/v1/admin/sites/another-clinic', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ organisation: { name: 'X' }, allowedOrigins: ['https://x.test'] }),
      });
      expect(response.status).toBe(401);
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('unauthorised');
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sites WHERE id = 'another-clinic'").first('n')).toBe(0);
  });
});
