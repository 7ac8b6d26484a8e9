import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../errors.js';
import { cachedRepresentation, CURRENT, currentNotice, digested, respond, siteKey } from '../public-cache.js';

/**
 * `GET /v1/sites/:site/notices/current/sections/:section`: the current notice cut down to what a
 * compact `<candour-notice section=… compact>` shows (layer 1 and the one section), so a contact
 * form's two lines never cost the whole document (about 8 KB gzip) while the banner loads.
 * Still shaped as a notice version, with its version and hash, so the element renders it as it
 * is; services, facts and every other section are left out, which the body says (`partial`).
 */
export async function noticeSection(c: Context<AppEnv>, id: string): Promise<Response> {
  const state = c.get('siteState');
  const { site } = state;
  const cut = await cachedRepresentation(siteKey('section', state, id), async () => {
    const notice = await currentNotice(c.env.DB, state);
    const section = notice.document.sections.find((candidate) => candidate.id === id);
    if (!section) fail(404, 'section_not_found', `The current notice of "${site.id}" has no section "${id}".`);
    const partial = {
      ...notice,
      partial: true,
      document: { ...notice.document, services: [], audiences: [], sections: [section] },
    };
    return digested(JSON.stringify(partial), 'application/json');
  });
  c.header('Content-Location', `/v1/sites/${site.id}/notices/${state.current!.version}`);
  // Short-lived like /notices/current: it follows a moving pointer.
  return respond(c, cut, CURRENT);
}
