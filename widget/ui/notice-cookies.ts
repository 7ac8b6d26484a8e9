import type { Block, Inline } from '../../contract/notice.js';
import type { FactSource, ServiceDeclaration } from '../../contract/site.js';
import { noticeText, type NoticeLanguage } from './notice-strings.js';

/**
 * The cookies a notice declares, as one table block for its cookies section, with where each
 * declaration comes from: the organisation's policy, or a named outside source with its address.
 */
export function declaredCookies(services: readonly ServiceDeclaration[], language: NoticeLanguage): Block {
  const text = (value: string): Inline[] => [{ type: 'text', text: value }];
  const source = (from: FactSource | undefined): Inline[] => {
    if (!from || from.kind === 'policy') return text(noticeText(language, 'sourcePolicy'));
    const name = from.name ?? noticeText(language, 'sourceAuthor');
    return from.url ? [{ type: 'link', href: from.url, text: name }] : text(name);
  };
  return {
    type: 'table',
    caption: noticeText(language, 'cookieTable'),
    head: noticeText(language, 'cookieHead').split('|'),
    rows: services.flatMap((service) =>
      service.cookies.map((cookie) => [
        text(`${cookie.name} (${cookie.provider})`),
        text(cookie.purpose),
        text(cookie.duration),
        source(cookie.source ?? service.source),
      ]),
    ),
  };
}
