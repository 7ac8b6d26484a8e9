/**
 * widget/notice-markup.ts as the Worker sees it (wrangler.toml's alias): its signature only, so
 * that the Worker's type check, which has no DOM, does not take in the widget's element code.
 * Root tsconfig checks the module itself; test/worker/notice-markup.test.ts checks it runs here.
 */
declare module 'candour:notice-markup' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- an ambient module cannot import a relative path
  type NoticeVersion = import('../contract/notice.js').NoticeVersion;
  export function noticeMarkup(
    notice: NoticeVersion,
    options?: { lang?: string; headingLevel?: number },
  ): Promise<string>;
}
