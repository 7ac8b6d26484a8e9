import { fetchNoticeDiff } from '../core/notices.js';
import { CHANGES_STRINGS, type ChangesKey } from './changes-strings.js';
import { h } from './dom.js';
import { format, type Language } from './strings.js';

/**
 * "What changed since you last chose", from the Worker's diff of the two notice versions.
 * Loaded only when a notice change asks a returning visitor again.
 */
export async function changesSince(
  base: string,
  site: string,
  from: number,
  to: number,
  language: Language,
): Promise<HTMLElement | null> {
  const t = (key: ChangesKey, values?: Record<string, string>) => format(CHANGES_STRINGS[language][key], values);
  const diff = await fetchNoticeDiff(base, site, from, to);
  const items = [
    ...diff.cookies.added.map((name) => t('cookieAdded', { name })),
    ...diff.cookies.removed.map((name) => t('cookieRemoved', { name })),
    ...diff.cookies.changed.map((name) => t('cookieChanged', { name })),
    ...diff.sections.map((section) => t('changedSection', { title: section.title, change: t(section.change) })),
  ];
  if (items.length === 0) return null;
  return h(
    'details',
    { class: 'changes', part: 'changes', open: '' },
    h('summary', {}, t('whatChanged')),
    h('ul', {}, ...items.map((item) => h('li', {}, item))),
  );
}
