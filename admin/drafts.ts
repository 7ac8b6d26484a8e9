/**
 * An unpublished draft survives a reload: it is kept in this browser (localStorage), per site,
 * with the version it was started from so that a publish by someone else in between is caught.
 */
export interface Draft {
  startedFrom: number;
  source: string;
}

const key = (site: string) => `candour-admin-draft:${site}`;

export function loadDraft(site: string): Draft | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(site)) ?? 'null') as Draft | null;
    return value && typeof value.source === 'string' && typeof value.startedFrom === 'number' ? value : null;
  } catch {
    return null;
  }
}

export function saveDraft(site: string, draft: Draft): void {
  try {
    localStorage.setItem(key(site), JSON.stringify(draft));
  } catch {
    // Storage full or off: the draft lives only as long as the page.
  }
}

export function discardDraft(site: string): void {
  try {
    localStorage.removeItem(key(site));
  } catch {
    // nothing to remove
  }
}
