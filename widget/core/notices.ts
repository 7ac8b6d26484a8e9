import type { NoticeDiff, NoticeVersion } from '../../contract/notice.js';

/** A published notice version (or the current one) from the Worker. */
export async function fetchNotice(
  base: string,
  site: string,
  version: number | 'current' = 'current',
): Promise<NoticeVersion> {
  const response = await fetch(`${base}/v1/sites/${encodeURIComponent(site)}/notices/${version}`, {
    credentials: 'omit',
  });
  if (!response.ok) throw new Error(`The privacy notice could not be loaded (status ${response.status}).`);
  return (await response.json()) as NoticeVersion;
}

/** What changed between the version the visitor answered and the one in force. */
export async function fetchNoticeDiff(base: string, site: string, from: number, to: number): Promise<NoticeDiff> {
  const response = await fetch(`${base}/v1/sites/${encodeURIComponent(site)}/notices/${from}/diff/${to}`, {
    credentials: 'omit',
  });
  if (!response.ok) throw new Error(`The notice changes could not be loaded (status ${response.status}).`);
  return (await response.json()) as NoticeDiff;
}

/**
 * The current notice cut down to layer 1 and one section (what a compact notice shows), so a
 * contact form does not download the whole document.
 */
export async function fetchNoticeSection(base: string, site: string, section: string): Promise<NoticeVersion> {
  const response = await fetch(
    `${base}/v1/sites/${encodeURIComponent(site)}/notices/current/sections/${encodeURIComponent(section)}`,
    { credentials: 'omit' },
  );
  if (!response.ok) throw new Error(`The privacy notice could not be loaded (status ${response.status}).`);
  return (await response.json()) as NoticeVersion;
}
