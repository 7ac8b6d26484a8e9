import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { findCurrentNotice } from '../storage/notices.js';

/**
 * `GET /v1/sites/:site/notices/current/sections/:section`: the current notice cut down to what a
 * compact `<candour-notice section=… compact>` shows (layer 1 and the one section), so a contact
 * form's two lines never cost the whole document (about 8 KB gzip) while the banner loads.
 * Still shaped as a notice version, with its version and hash, so the element renders it as it
 * is; services, facts and every other section are left out, which the body says (`partial`).
 */
export async function noticeSection(c: Context<AppEnv>, id: string): Promise<Response> {
  const site = c.get('site');
  const notice = await findCurrentNotice(c.env.DB, site.id, new Date().toISOString());
  if (!notice) fail(404, 'notice_not_found', `The site "${site.id}" has no published notice yet.`);
  const section = notice.document.sections.find((candidate) => candidate.id === id);
  if (!section) fail(404, 'section_not_found', `The current notice of "${site.id}" has no section "${id}".`);
  // Short-lived like /notices/current: it follows a moving pointer.
  c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
  c.header('Content-Location', `/v1/sites/${site.id}/notices/${notice.version}`);
  return c.json({
    ...notice,
    partial: true,
    document: { ...notice.document, services: [], audiences: [], sections: [section] },
  });
}
