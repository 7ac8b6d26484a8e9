import { describe, expect, it } from 'vitest';
import { compileNotice } from '../../notices/compiler/index.js';
import { noticeSource } from '../fixtures/notice-source.js';

/**
 * Every CommonMark construct an admin might write in a notice: either it becomes a block the
 * widget renders, or the notice is refused with the construct's line and what to write instead.
 */
const SITE = 'markdown-clinic';
const ANCHOR = 'We use analytics cookies only if you allow them.';

/** The fixture notice with `body` in place of the cookies section's paragraph. */
function withBody(body: string): string {
  return noticeSource(SITE).replace(ANCHOR, body);
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`fixture has no ${needle}`);
  return text.slice(0, index).split('\n').length;
}

async function blocksOf(body: string) {
  const result = await compileNotice(withBody(body), `${SITE}.md`);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.document.sections.find((section) => section.id === 'cookies')!.blocks;
}

async function errorsOf(source: string) {
  const result = await compileNotice(source, `${SITE}.md`);
  return result.ok ? [] : result.errors;
}

describe('Markdown a notice may use', () => {
  it('emphasis with _ and *, strong, code, hard breaks and autolinks', async () => {
    const blocks = await blocksOf(
      [
        '_Underscored_ and *starred* emphasis, **strong**, and the cookie `_ga`.',
        'Two spaces end this line  ',
        'and a backslash this one\\',
        'then <https://example.org/privacy> and <dpo@clinic.test>.',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'em', text: 'Underscored' },
          { type: 'text', text: ' and ' },
          { type: 'em', text: 'starred' },
          { type: 'text', text: ' emphasis, ' },
          { type: 'strong', text: 'strong' },
          { type: 'text', text: ', and the cookie ' },
          { type: 'code', text: '_ga' },
          { type: 'text', text: '. Two spaces end this line' },
          { type: 'break' },
          { type: 'text', text: 'and a backslash this one' },
          { type: 'break' },
          { type: 'text', text: 'then ' },
          { type: 'link', href: 'https://example.org/privacy', text: 'https://example.org/privacy' },
          { type: 'text', text: ' and ' },
          { type: 'link', href: 'mailto:dpo@clinic.test', text: 'dpo@clinic.test' },
          { type: 'text', text: '.' },
        ],
      },
    ]);
  });

  it('links to https, mailto, tel and a section or sub-heading of the same notice', async () => {
    const blocks = await blocksOf(
      '### Your choices\n\n[Web](https://clinic.test) [Mail](mailto:dpo@clinic.test) [Call](tel:+441234567890) ' +
        '[About](#about) [Choices](#cookies-your-choices)',
    );
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'link', href: 'https://clinic.test', text: 'Web' },
        { type: 'text', text: ' ' },
        { type: 'link', href: 'mailto:dpo@clinic.test', text: 'Mail' },
        { type: 'text', text: ' ' },
        { type: 'link', href: 'tel:+441234567890', text: 'Call' },
        { type: 'text', text: ' ' },
        { type: 'link', href: '#about', text: 'About' },
        { type: 'text', text: ' ' },
        { type: 'link', href: '#cookies-your-choices', text: 'Choices' },
      ],
    });
  });

  it('quotes, thematic breaks, +, - and * bullets, and ordered lists that keep their start', async () => {
    const blocks = await blocksOf(
      [
        '> The ICO says: keep it short.',
        '>',
        '> - one quoted point',
        '',
        '---',
        '',
        '* * * *',
        '',
        '+ plus',
        '+ bullets',
        '',
        '* star bullets',
        '',
        '- dash bullets',
        '',
        '3. starts',
        '4. at three',
        '',
        '1) and one',
      ].join('\n'),
    );
    const item = (text: string) => [{ type: 'text', text }];
    expect(blocks).toEqual([
      {
        type: 'quote',
        blocks: [
          { type: 'paragraph', content: item('The ICO says: keep it short.') },
          { type: 'list', ordered: false, items: [item('one quoted point')] },
        ],
      },
      { type: 'rule' },
      { type: 'rule' },
      { type: 'list', ordered: false, items: [item('plus'), item('bullets')] },
      { type: 'list', ordered: false, items: [item('star bullets')] },
      { type: 'list', ordered: false, items: [item('dash bullets')] },
      { type: 'list', ordered: true, start: 3, items: [item('starts'), item('at three')] },
      { type: 'list', ordered: true, items: [item('and one')] },
    ]);
  });

  it('tables with a caption and aligned columns', async () => {
    const blocks = await blocksOf(
      [
        'Table: Cookies we set',
        '| Name | Purpose | Lasts | Notes |',
        '| :--- | :---: | ---: | --- |',
        '| `_ga` | Counts **visits** | 2 years | a \\| b |',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      {
        type: 'table',
        caption: 'Cookies we set',
        head: ['Name', 'Purpose', 'Lasts', 'Notes'],
        align: ['left', 'center', 'right', null],
        rows: [
          [
            [{ type: 'code', text: '_ga' }],
            [
              { type: 'text', text: 'Counts ' },
              { type: 'strong', text: 'visits' },
            ],
            [{ type: 'text', text: '2 years' }],
            [{ type: 'text', text: 'a | b' }],
          ],
        ],
      },
    ]);
  });
});

describe('Markdown a notice refuses, with the line and what to write instead', () => {
  const refusals: { name: string; body: string; at: string; message: RegExp }[] = [
    {
      name: 'an image',
      body: 'Our logo: ![logo](https://clinic.test/logo.png)',
      at: 'Our logo',
      message: /images are not allowed/,
    },
    { name: 'inline raw HTML', body: 'Call <b>now</b>.', at: 'Call <b>', message: /raw HTML is not allowed/ },
    {
      name: 'a raw HTML block',
      body: '<div class="x">\nhidden\n</div>',
      at: '<div',
      message: /raw HTML is not allowed/,
    },
    { name: 'an HTML comment', body: '<!-- note to self -->', at: '<!--', message: /raw HTML is not allowed/ },
    {
      name: 'markup spelt as character references',
      body: 'Text &lt;script&gt;alert(1)&lt;/script&gt; here.',
      at: 'Text &lt;',
      message: /raw HTML is not allowed/,
    },
    { name: 'markup in a code span', body: 'Use `<script>` here.', at: 'Use `', message: /raw HTML is not allowed/ },
    {
      name: 'a javascript: link',
      body: 'See [this](javascript:alert(1)).',
      at: 'See [this]',
      message: /link scheme not allowed: "javascript:"/,
    },
    {
      name: 'a javascript: link spelt with a character reference',
      body: 'See [this](java&#115;cript:alert(1)).',
      at: 'See [this]',
      message: /link scheme not allowed: "javascript:"/,
    },
    {
      name: 'a data: autolink',
      body: 'See <data:text/html,hi>.',
      at: 'See <data',
      message: /link scheme not allowed: "data:"/,
    },
    {
      name: 'an http link',
      body: 'See [site](http://clinic.test).',
      at: 'See [site]',
      message: /not encrypted: write https:\/\//,
    },
    {
      name: 'a relative link',
      body: 'See [privacy](/privacy).',
      at: 'See [privacy]',
      message: /must be a full address/,
    },
    {
      name: 'a link to an id the notice lacks',
      body: 'See [below](#nowhere).',
      at: 'See [below]',
      message: /"#nowhere" names no section or heading/,
    },
    {
      name: 'a level-1 heading',
      body: '# Big',
      at: '# Big',
      message: /level-1 heading is not allowed: use ## for sections/,
    },
    { name: 'a level-5 heading', body: '##### Small', at: '##### Small', message: /level-5 heading is not allowed/ },
    {
      name: 'an underlined (setext) heading',
      body: 'Underlined\n----------',
      at: 'Underlined',
      message: /underlined headings .* are not allowed: write ## Title \{#id\}/,
    },
    { name: 'a fenced code block', body: '```\nrm -rf /\n```', at: '```', message: /code blocks are not allowed/ },
    {
      name: 'an indented code block',
      body: 'Text.\n\n    indented by four',
      at: '    indented',
      message: /indented by four spaces is a code block: remove the indentation/,
    },
    {
      name: 'a reference link',
      body: 'See [our site][site].\n\n[site]: https://clinic.test',
      at: 'See [our',
      message: /reference links .* write the address in the link/,
    },
    {
      name: 'a link definition',
      body: 'Text.\n\n[site]: https://clinic.test',
      at: '[site]:',
      message: /reference links .* write the address in the link/,
    },
    {
      name: 'a footnote',
      body: 'We keep records[^1].\n\n[^1]: Eight years.',
      at: 'We keep records',
      message: /footnotes are not supported: put the note in the sentence/,
    },
    { name: 'a nested list', body: '- outer\n  - inner', at: '  - inner', message: /nested lists are not supported/ },
    {
      name: 'a nested quote',
      body: '> outer\n>\n> > inner',
      at: '> > inner',
      message: /a quote holds paragraphs and flat lists only/,
    },
    {
      name: 'a table without a separator row',
      body: '| A | B |\n| a | b |',
      at: '| A | B |',
      message: /a table needs a header row followed by a separator row/,
    },
    {
      name: 'a table row with too many cells',
      body: '| A |\n| --- |\n| a | b |',
      at: '| a | b |',
      message: /table row has 2 cells; the header has 1/,
    },
    {
      name: 'a caption with no table after it',
      body: 'Table: Lonely\n\nText.',
      at: 'Table: Lonely',
      message: /must be directly followed by a table/,
    },
    { name: 'quotes and lists nested four deep', body: '> > - > deep', at: '> > - >', message: /nest here four deep/ },
    {
      name: 'a table 40 columns wide',
      body: `${'| A '.repeat(40)}|\n${'| - '.repeat(40)}|`,
      at: '| A | A',
      message: /at most 32 columns/,
    },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name}`, async () => {
      const source = withBody(refusal.body);
      const errors = await errorsOf(source);
      expect(errors).toContainEqual({
        file: `${SITE}.md`,
        line: lineOf(source, refusal.at),
        message: expect.stringMatching(refusal.message),
      });
    });
  }

  it('counts lines from the top of the file, front matter included', async () => {
    const source = withBody('![x](https://clinic.test/x.png)');
    const [error] = await errorsOf(source);
    expect(error?.line).toBe(source.split('\n').findIndex((line) => line.startsWith('![x]')) + 1);
    expect(error?.line).toBeGreaterThan(source.split('\n').lastIndexOf('---') + 1);
  });
});
