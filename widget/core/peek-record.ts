import type { ConsentRecord } from '../../contract/consent.js';

export type RecordPeek = Pick<ConsentRecord, 'site' | 'decidedAt' | 'expiresAt' | 'cookieRevision' | 'noticeVersion'>;

/**
 * The few fields of the stored decision that the first script needs to choose whether to show
 * the banner at once, read without checking the rest: the core reads the whole record with every
 * check (storage.ts) moments later, so a forged cookie only delays the banner, never hides it.
 * Kept apart from storage.ts to keep the first script small (automatic blocking shares it).
 */
export function peekRecord(site: string): RecordPeek | null {
  try {
    const { s, t, e, r, v } = JSON.parse(
      decodeURIComponent(/(^|; )candour_consent=([^;]*)/.exec(document.cookie)![2]!),
    ) as { s: string; t: string; e: number; r: string; v: number };
    return s === site
      ? { site: s, decidedAt: t, expiresAt: new Date(e).toISOString(), cookieRevision: r, noticeVersion: v }
      : null;
  } catch {
    return null;
  }
}
