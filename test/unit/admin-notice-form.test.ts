import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toFormModel, toSource, withFront, type NoticeFormModel } from '../../admin/notice-form.js';
import { compileNotice } from '../../notices/compiler/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const SITES = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'];
const sourceOf = (site: string) => readFileSync(path.join(root, 'notices', `${site}.md`), 'utf8');

function model(source: string): NoticeFormModel {
  const result = toFormModel(source);
  if (!result.ok) throw new Error(`line ${result.line}: ${result.message}`);
  return result.model;
}

async function compiled(source: string) {
  const result = await compileNotice(source, 'notice.md');
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result;
}

describe('the notice forms and the source are one document', () => {
  it.each(SITES)(
    '%s: source → forms → source compiles to the same notice, and is stable after one round trip',
    async (site) => {
      const source = sourceOf(site);
      const once = toSource(model(source));
      const [original, roundTripped] = await Promise.all([compiled(source), compiled(once)]);
      expect(roundTripped.document).toEqual(original.document);
      expect(roundTripped.hash).toBe(original.hash);
      expect(roundTripped.cookieRevision).toBe(original.cookieRevision);
      expect(toSource(model(once))).toBe(once);
    },
  );

  it.each(SITES)('%s: every section is a form with its heading, summary and Markdown', async (site) => {
    const source = sourceOf(site);
    const { document } = await compiled(source);
    const { sections } = model(source);
    expect(sections.map((section) => section.id)).toEqual(document.sections.map((section) => section.id));
    expect(sections.map((section) => section.summary)).toEqual(document.sections.map((section) => section.summary));
  });

  it('keeps the comments and layout of front-matter keys the forms did not touch', () => {
    const source = [
      '---',
      '# kept',
      'site: a-clinic # the id',
      'title: Privacy',
      '---',
      '',
      '## Cookies {#cookies}',
      'Summary: S.',
      '',
      'Text.',
      '',
    ].join('\n');
    const changed = toSource(withFront(model(source), ['title'], 'Our privacy notice'));
    expect(changed).toContain('# kept');
    expect(changed).toContain('site: a-clinic # the id');
    expect(changed).toContain('title: Our privacy notice');
    expect(changed.split('---\n')[2]).toBe('\n## Cookies {#cookies}\nSummary: S.\n\nText.\n');
  });

  it('a changed retention period and a new cookie made in the forms are what the compiled notice says', async () => {
    const source = sourceOf('harmony-minds');
    let edited = model(source);
    edited = withFront(edited, ['facts', 'retention', 0, 'period'], 'Eight years after your last appointment');
    const services = edited.front.services as { cookies: object[] }[];
    edited = withFront(edited, ['services', 0, 'cookies', services[0]!.cookies.length], {
      name: '_gid',
      provider: 'Google',
      purpose: 'Tells visitors apart for a day.',
      duration: '24 hours',
      source: { kind: 'author' },
    });
    edited = {
      ...edited,
      sections: edited.sections.map((s, i) => (i === 0 ? { ...s, summary: 'A new line two.' } : s)),
    };
    const { document } = await compiled(toSource(edited));
    expect(document.facts.retention[0]!.period).toBe('Eight years after your last appointment');
    expect(document.services[0]!.cookies.map((cookie) => cookie.name)).toContain('_gid');
    expect(document.sections[0]!.summary).toBe('A new line two.');
  });

  it('an empty optional field is left out rather than written blank', async () => {
    const source = sourceOf('osjct');
    const edited = withFront(model(source), ['facts', 'controller', 'url'], '');
    const { document } = await compiled(toSource(edited));
    expect(document.facts.controller).not.toHaveProperty('url');
  });

  it('a source the forms cannot read says where to fix it, instead of guessing', () => {
    expect(toFormModel('site: x')).toMatchObject({ ok: false, line: 1 });
    expect(toFormModel('---\nsite: [x\n---\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('front matter'),
    });
    expect(toFormModel('---\n- a list\n---\n')).toMatchObject({ ok: false });
  });
});
