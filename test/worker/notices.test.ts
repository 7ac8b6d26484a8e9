import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDiff, NoticeVersion, NoticeVersionSummary, SectionChange } from '../../contract/notice.js';
import { plainText } from '../../notices/compiler/index.js';
import dpCustomers from '../../notices/dp-customers.md?raw';
import harmonyMinds from '../../notices/harmony-minds.md?raw';
import lePetitSaint from '../../notices/le-petit-saint.md?raw';
import osjct from '../../notices/osjct.md?raw';
import sereneSelf from '../../notices/serene-self.md?raw';
import { admin, api, CLINIC_ORIGIN, createSite, expectErrorShape, noticeSource } from './helpers.js';

const SITE = 'notice-clinic';

/** Version 2: "about" removed, "rights" added, the cookies section reworded and a cookie added. */
function secondVersion(): string {
  return noticeSource(SITE, { extraCookie: true })
    .replace(/## About us \{#about\}[\s\S]*?(?=## Cookies)/, '')
    .replace(
      'We use analytics cookies only if you allow them.',
      'We use analytics cookies only when you allow them, and never for adverts.\n\n' +
        '## Your rights {#rights}\nSummary: What you can ask us to do.\n\nYou can ask for a copy of your records.\n',
    );
}

/** Version 3: the same cookies and purposes as version 2, only reworded. */
function thirdVersion(): string {
  return secondVersion().replace('a copy of your records.', 'a free copy of your records within one month.');
}

async function json<T>(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await api(path, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

async function publish(site: string, source: string): Promise<Response> {
  return admin(`/v1/admin/sites/${site}/notices`, 'POST', { source });
}

let first: NoticeVersion;

beforeAll(async () => {
  await createSite(SITE);
  first = (await json<NoticeVersion>(`/v1/sites/${SITE}/notices/1`)).body;
  expect((await publish(SITE, secondVersion())).status).toBe(201);
  expect((await publish(SITE, thirdVersion())).status).toBe(201);
});

describe('the version list', () => {
  it('lists every published version, newest first, marking the one in force', async () => {
    const { status, headers, body } = await json<{ site: string; versions: NoticeVersionSummary[] }>(
      `/v1/sites/${SITE}/notices`,
    );
    expect(status).toBe(200);
    expect(headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(body.site).toBe(SITE);
    expect(body.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(body.versions.map((version) => version.current)).toEqual([true, false, false]);
    expect(body.versions.map((version) => version.material)).toEqual([false, true, true]);
    for (const version of body.versions) {
      expect(version.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(version.effectiveAt)).not.toBeNaN();
    }
    expect(body.versions[2]!.hash).toBe(first.hash);
  });

  it('does not call a version current before it takes effect', async () => {
    const site = 'notice-scheduled';
    await createSite(site);
    const effectiveAt = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await admin(`/v1/admin/sites/${site}/notices`, 'POST', {
      source: noticeSource(site, { wording: 'From tomorrow.' }),
      effectiveAt,
    });
    expect(scheduled.status).toBe(201);
    const { body } = await json<{ versions: NoticeVersionSummary[] }>(`/v1/sites/${site}/notices`);
    // Not public until it takes effect (test/worker/notice-schedule.test.ts).
    expect(body.versions.map((version) => [version.version, version.current])).toEqual([[1, true]]);
    const current = await json<NoticeVersion>(`/v1/sites/${site}/notices/current`);
    expect(current.body.version).toBe(1);
  });
});

describe('the current version', () => {
  it('is the newest in force, with a short cache and a pointer to its pinned address', async () => {
    const { status, headers, body } = await json<NoticeVersion>(`/v1/sites/${SITE}/notices/current`);
    expect(status).toBe(200);
    expect(body.version).toBe(3);
    expect(body.site).toBe(SITE);
    expect(body.document.language).toBe('en-GB');
    expect(headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(headers.get('Content-Location')).toBe(`/v1/sites/${SITE}/notices/3`);
    // "current" moves, so it must not claim the pinned version's validator, but it has its own.
    const pinned = await api(`/v1/sites/${SITE}/notices/3`);
    expect(headers.get('ETag')).toMatch(/^"[0-9a-f]{64}\.current"$/);
    expect(headers.get('ETag')).not.toBe(pinned.headers.get('ETag'));
  });

  it('answers 404 with the error shape for a site with no notice and for an unknown site', async () => {
    const created = await admin('/v1/admin/sites/notice-empty', 'PUT', {
      organisation: { name: 'Empty Clinic' },
      allowedOrigins: [CLINIC_ORIGIN],
    });
    expect(created.status).toBe(201);
    for (const [path, code] of [
      ['/v1/sites/notice-empty/notices/current', 'notice_not_found'],
      ['/v1/sites/no-such-clinic/notices/current', 'site_not_found'],
      ['/v1/sites/no-such-clinic/notices', 'site_not_found'],
    ] as const) {
      const { status, body } = await json<unknown>(path);
      expect(status, path).toBe(404);
      expectErrorShape(body);
      expect(body.error.code).toBe(code);
    }
    expect((await json<{ versions: unknown[] }>('/v1/sites/notice-empty/notices')).body.versions).toEqual([]);
  });
});

describe('a pinned version', () => {
  it('is immutable: cached for a year, with its content hash as a strong ETag', async () => {
    const response = await api(`/v1/sites/${SITE}/notices/2`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as NoticeVersion;
    expect(body.version).toBe(2);
    expect(response.headers.get('ETag')).toBe(`"${body.hash}"`);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('Vary')).toMatch(/Origin/);
  });

  it('does not change when later versions are published', async () => {
    const { body, headers } = await json<NoticeVersion>(`/v1/sites/${SITE}/notices/1`);
    expect(body).toEqual(first);
    expect(headers.get('ETag')).toBe(`"${first.hash}"`);
    expect(body.document.sections.map((section) => section.id)).toEqual(['about', 'cookies']);
  });

  it('answers 304 with no body to If-None-Match with its ETag, weak or in a list', async () => {
    const etag = `"${first.hash}"`;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"0000", ${etag}`, '*']) {
      const response = await api(`/v1/sites/${SITE}/notices/1`, { headers: { 'If-None-Match': ifNoneMatch } });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('ETag')).toBe(etag);
      expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('answers 200 to If-None-Match with another version’s ETag', async () => {
    const response = await api(`/v1/sites/${SITE}/notices/2`, { headers: { 'If-None-Match': `"${first.hash}"` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as NoticeVersion).version).toBe(2);
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    for (const path of ['/notices/4', '/notices/999999999', '/notices/1/diff/4', '/notices/4/diff/1']) {
      const { status, body } = await json<unknown>(`/v1/sites/${SITE}${path}`);
      expect(status, path).toBe(404);
      expectErrorShape(body);
      expect(body.error.code).toBe('notice_not_found');
    }
    for (const path of [
      '/notices/0',
      '/notices/01',
      '/notices/1.5',
      '/notices/-1',
      '/notices/one',
      '/notices/1/diff/x',
    ]) {
      const { status, body } = await json<unknown>(`/v1/sites/${SITE}${path}`);
      expect(status, path).toBe(400);
      expectErrorShape(body);
      expect(body.error.code).toBe('invalid_version');
    }
  });
});

describe('the diff between two versions', () => {
  function byId(diff: NoticeDiff): Record<string, SectionChange> {
    return Object.fromEntries(diff.sections.map((section) => [section.id, section]));
  }

  it('names added, removed and changed sections, with the changed words marked', async () => {
    const { status, headers, body } = await json<NoticeDiff>(`/v1/sites/${SITE}/notices/1/diff/2`);
    expect(status).toBe(200);
    expect(headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(body).toMatchObject({ site: SITE, from: 1, to: 2 });
    const sections = byId(body);
    expect(sections.rights).toEqual({ change: 'added', id: 'rights', title: 'Your rights' });
    expect(sections.about).toEqual({ change: 'removed', id: 'about', title: 'About us' });
    const cookies = sections.cookies;
    expect(cookies?.change).toBe('changed');
    if (cookies?.change !== 'changed') return;
    expect(cookies.marks.filter((mark) => mark.op === 'del').map((mark) => mark.text)).toEqual(['if', 'them.']);
    expect(cookies.marks.filter((mark) => mark.op === 'ins').map((mark) => mark.text)).toEqual([
      'when',
      'them, and never for adverts.',
    ]);
    expect(
      cookies.marks.some((mark) => mark.op === 'same' && mark.text.includes('We use analytics cookies only')),
    ).toBe(true);
    // The marks put back together are the new text, and without insertions the old one.
    const words = (ops: string[]) =>
      cookies.marks
        .filter((mark) => ops.includes(mark.op))
        .map((mark) => mark.text)
        .join(' ');
    const section = (notice: NoticeVersion) => notice.document.sections.find((item) => item.id === 'cookies')!;
    const second = (await json<NoticeVersion>(`/v1/sites/${SITE}/notices/2`)).body;
    const text = (notice: NoticeVersion) =>
      `${section(notice).title} ${section(notice).summary} ${plainText(section(notice).blocks)}`.split(/\s+/).join(' ');
    expect(words(['same', 'ins'])).toBe(text(second));
    expect(words(['same', 'del'])).toBe(text(first));
  });

  it('is material when the cookies change, and lists the cookie that was added', async () => {
    const { body } = await json<NoticeDiff>(`/v1/sites/${SITE}/notices/1/diff/2`);
    expect(body.material).toBe(true);
    expect(body.cookies).toEqual({ added: ['Site analytics: _ga_*'], removed: [], changed: [] });
    const backwards = (await json<NoticeDiff>(`/v1/sites/${SITE}/notices/2/diff/1`)).body;
    expect(backwards.cookies).toEqual({ added: [], removed: ['Site analytics: _ga_*'], changed: [] });
    expect(byId(backwards).about?.change).toBe('added');
    expect(byId(backwards).rights?.change).toBe('removed');
  });

  it('is not material when only the wording changed', async () => {
    const { body } = await json<NoticeDiff>(`/v1/sites/${SITE}/notices/2/diff/3`);
    expect(body.material).toBe(false);
    expect(body.cookies).toEqual({ added: [], removed: [], changed: [] });
    expect(body.sections.map((section) => [section.id, section.change])).toEqual([['rights', 'changed']]);
    const rights = body.sections[0]!;
    if (rights.change !== 'changed') throw new Error('expected a changed section');
    expect(rights.marks.filter((mark) => mark.op === 'ins').map((mark) => mark.text)).toEqual([
      'free',
      'records within one month.',
    ]);
    expect(rights.marks.filter((mark) => mark.op === 'del').map((mark) => mark.text)).toEqual(['records.']);
  });

  it('is empty between a version and itself', async () => {
    const { body } = await json<NoticeDiff>(`/v1/sites/${SITE}/notices/2/diff/2`);
    expect(body).toMatchObject({ material: false, sections: [], cookies: { added: [], removed: [], changed: [] } });
  });
});

describe('CORS on the notice endpoints', () => {
  const paths = ['/notices', '/notices/current', '/notices/1', '/notices/1/diff/2'];

  it('grants a registered origin, exposing the ETag', async () => {
    for (const path of paths) {
      const response = await api(`/v1/sites/${SITE}${path}`, { headers: { Origin: CLINIC_ORIGIN } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
      expect(response.headers.get('Access-Control-Expose-Headers')).toMatch(/ETag/);
      expect(response.headers.get('Vary')).toMatch(/Origin/);
    }
  });

  it('lets a registered origin revalidate with If-None-Match after a preflight', async () => {
    const preflight = await api(`/v1/sites/${SITE}/notices/1`, {
      method: 'OPTIONS',
      headers: {
        Origin: CLINIC_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/If-None-Match/i);
    const revalidated = await api(`/v1/sites/${SITE}/notices/1`, {
      headers: { Origin: CLINIC_ORIGIN, 'If-None-Match': `"${first.hash}"` },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('Access-Control-Allow-Origin')).toBe(CLINIC_ORIGIN);
  });

  it('refuses any other origin with 403 and no CORS grant', async () => {
    for (const path of paths) {
      const response = await api(`/v1/sites/${SITE}${path}`, { headers: { Origin: 'https://stranger.example' } });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('origin_not_allowed');
    }
    const preflight = await api(`/v1/sites/${SITE}/notices/1`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://stranger.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('unsafe sources', () => {
  const SAFE_SITE = 'notice-unsafe';

  beforeAll(async () => {
    await createSite(SAFE_SITE);
  });

  const attacks: { name: string; source: () => string; lines: number[] }[] = [
    {
      name: 'a <script> element in the body',
      source: () =>
        noticeSource(SAFE_SITE).replace(
          'We are a test clinic.',
          'We are a test clinic.\n\n<script>alert(document.cookie)</script>',
        ),
      lines: [41],
    },
    {
      name: 'an onerror attribute on an image',
      source: () =>
        noticeSource(SAFE_SITE).replace(
          'We use analytics cookies',
          '<img src=x onerror="alert(1)"> We use analytics cookies',
        ),
      lines: [44],
    },
    {
      name: 'a javascript: link in the body and a data: link in a table',
      source: () =>
        noticeSource(SAFE_SITE).replace(
          'We are a test clinic.',
          'We are a [test clinic](javascript:alert(1)).\n\n| Where | Link |\n| --- | --- |\n| Here | [open](data:text/html,hi) |',
        ),
      lines: [39, 43],
    },
    {
      name: 'markup in the front matter',
      source: () =>
        noticeSource(SAFE_SITE).replace('Test Clinic looks after', '<svg onload=alert(1)> Test Clinic looks after'),
      lines: [7],
    },
  ];

  for (const attack of attacks) {
    it(`refuses ${attack.name} with 422, the line numbers, and publishes nothing`, async () => {
      const before = (await json<{ versions: unknown[] }>(`/v1/sites/${SAFE_SITE}/notices`)).body.versions;
      const response = await publish(SAFE_SITE, attack.source());
      expect(response.status).toBe(422);
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('invalid_notice');
      expect(body.error.issues?.map((issue) => issue.path)).toEqual(
        attack.lines.map((line) => `${SAFE_SITE}.md:${line}`),
      );
      expect((await json<{ versions: unknown[] }>(`/v1/sites/${SAFE_SITE}/notices`)).body.versions).toEqual(before);
      const current = (await json<NoticeVersion>(`/v1/sites/${SAFE_SITE}/notices/current`)).body;
      expect(current.version).toBe(1);
    });
  }

  it('keeps angle brackets that are not markup as plain text', async () => {
    const response = await publish(
      SAFE_SITE,
      noticeSource(SAFE_SITE).replace(
        'We are a test clinic.',
        'Children < 13 need a parent; 3 > 2 &amp; &lt;3 stay text.',
      ),
    );
    expect(response.status).toBe(201);
    const current = (await json<NoticeVersion>(`/v1/sites/${SAFE_SITE}/notices/current`)).body;
    const about = current.document.sections.find((section) => section.id === 'about')!;
    expect(about.blocks[0]).toEqual({
      type: 'paragraph',
      // Character references decode to the characters they name, which are then only text.
      content: [{ type: 'text', text: 'Children < 13 need a parent; 3 > 2 & <3 stay text.' }],
    });
  });
});

describe('the five organisations’ notices, as served', () => {
  const organisations = [
    { site: 'harmony-minds', source: harmonyMinds, facts: ['seven years'] },
    { site: 'osjct', source: osjct, facts: ['8 years after discharge or last use of record'] },
    {
      site: 'le-petit-saint',
      source: lePetitSaint,
      facts: ['CCTV recordings will be retained for a maximum of 30 days'],
    },
    { site: 'dp-customers', source: dpCustomers, facts: ['to the Information Commissioner within 72 hours'] },
    { site: 'serene-self', source: sereneSelf, facts: ['20 working days', 'administration charge of £20.00'] },
  ];

  for (const organisation of organisations) {
    it(`${organisation.site}: publishes and serves its key facts`, async () => {
      const created = await admin(`/v1/admin/sites/${organisation.site}`, 'PUT', {
        organisation: { name: organisation.site },
        allowedOrigins: [CLINIC_ORIGIN],
      });
      expect(created.status).toBe(201);
      // The seeds are the policies as they stand, gaps and all: publishing them takes a reason.
      const published = await admin(`/v1/admin/sites/${organisation.site}/notices`, 'POST', {
        source: organisation.source,
        reason: 'The organisation’s policy as published, with its gaps.',
      });
      expect(published.status, await published.clone().text()).toBe(201);

      const current = await json<NoticeVersion>(`/v1/sites/${organisation.site}/notices/current`, {
        headers: { Origin: CLINIC_ORIGIN },
      });
      expect(current.status).toBe(200);
      expect(current.body.document.language).toBe('en-GB');
      const text = current.body.document.sections
        .map((section) => `${section.title}\n${section.summary}\n${plainText(section.blocks)}`)
        .join('\n');
      for (const fact of organisation.facts) expect(text).toContain(fact);
      expect(current.body.document.sections.some((section) => section.id === 'cookies')).toBe(true);
      const pinned = await api(`/v1/sites/${organisation.site}/notices/1`);
      expect(pinned.headers.get('ETag')).toBe(`"${current.body.hash}"`);
    });
  }
});
