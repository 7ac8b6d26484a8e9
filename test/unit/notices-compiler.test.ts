import { describe, expect, it } from 'vitest';
import { compileNotice, plainText, wordCount, type CompileResult } from '../../notices/compiler/index.js';

/** A small valid notice; tests change one thing and look for the error on the right line. */
const MINIMAL = `---
site: test-clinic
title: Privacy notice
organisation: Test Clinic
summary:
  - We are Test Clinic. We keep your records for 8 years.
audiences:
  - id: patients
    label: Patients
facts:
  controller:
    name: Test Clinic
    email: dpo@test.example
  complaints:
    - name: Information Commissioner's Office (ICO)
  purposes:
    - purpose: Care
      legalBasis: Contract
  recipients: []
  retention: []
  transfers: []
  rights:
    - Access
services:
  - id: analytics-tool
    name: Analytics tool
    category: analytics
    provider: Example Ltd
    purpose: Counts visits
    cookies:
      - name: _ex
        provider: Example Ltd
        purpose: Counts visits
        duration: 1 year
---

## About us {#about}
Summary: Who we are.
Audience: patients

We are a clinic for children under < 5 and adults. See [our site](https://test.example) or **call** *us*.

Table: Retention
| What | How long |
| --- | --- |
| Records | 8 years |

## Cookies {#cookies}
Summary: The cookies we use.

- One analytics cookie
- Nothing else
`;

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`fixture has no ${needle}`);
  return text.slice(0, index).split('\n').length;
}

async function errorsOf(text: string) {
  const result: CompileResult = await compileNotice(text, 'test.md');
  return result.ok ? [] : result.errors;
}

describe('compileNotice', () => {
  it('compiles the minimal notice into safe blocks', async () => {
    const result = await compileNotice(MINIMAL, 'test.md');
    expect(result.ok && result.warnings).toEqual([]);
    if (!result.ok) throw new Error('expected ok');
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.cookieRevision).toMatch(/^[0-9a-f]{64}$/);
    const [about] = result.document.sections;
    expect(about?.audiences).toEqual(['patients']);
    expect(about?.blocks[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'We are a clinic for children under < 5 and adults. See ' },
        { type: 'link', href: 'https://test.example', text: 'our site' },
        { type: 'text', text: ' or ' },
        { type: 'strong', text: 'call' },
        { type: 'text', text: ' ' },
        { type: 'em', text: 'us' },
        { type: 'text', text: '.' },
      ],
    });
    expect(about?.blocks[1]).toMatchObject({ type: 'table', caption: 'Retention', head: ['What', 'How long'] });
    expect(plainText(result.document.sections[1]!.blocks)).toBe('One analytics cookie\nNothing else');
    expect(result.document.language).toBe('en-GB');
  });

  it.each([
    ['<script> in the body', 'We are a clinic', '<script>alert(1)</script> We are a clinic'],
    ['<img onerror> in the body', 'We are a clinic', '<img src=x onerror=alert(1)> We are a clinic'],
    ['an HTML comment in the body', 'We are a clinic', '<!-- hidden --> We are a clinic'],
    ['<img onerror> in a front-matter string', 'We are Test Clinic.', 'We are Test Clinic. <img src=x onerror=x>'],
    [
      '<script> in a cookie purpose',
      'purpose: Counts visits\n        duration',
      'purpose: <script>x</script>\n        duration',
    ],
  ])('refuses raw HTML: %s', async (_name, find, replace) => {
    const text = MINIMAL.replace(find, replace);
    const errors = await errorsOf(text);
    expect(errors).toContainEqual(
      expect.objectContaining({
        file: 'test.md',
        line: lineOf(text, replace),
        message: expect.stringMatching(/raw HTML is not allowed/),
      }),
    );
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x'])(
    'refuses the link scheme of [x](%s)',
    async (href) => {
      const text = MINIMAL.replace('[our site](https://test.example)', `[x](${href})`);
      const errors = await errorsOf(text);
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(text, '[x]('),
          message: expect.stringMatching(/link scheme not allowed/),
        }),
      ]);
    },
  );

  it('allows https, mailto, tel and in-notice #id links, and refuses http and relative ones', async () => {
    const allowed = MINIMAL.replace(
      '[our site](https://test.example)',
      '[a](https://test.example/x) [b](mailto:dpo@test.example) [c](tel:+441234567890) [d](#cookies)',
    );
    expect(await errorsOf(allowed)).toEqual([]);
    const relative = MINIMAL.replace('[our site](https://test.example)', '[a](/privacy)');
    expect(await errorsOf(relative)).toEqual([expect.objectContaining({ line: lineOf(relative, '[a](') })]);
    const plain = MINIMAL.replace('[our site](https://test.example)', '[a](http://test.example/x)');
    expect(await errorsOf(plain)).toEqual([
      expect.objectContaining({ line: lineOf(plain, '[a]('), message: expect.stringMatching(/write https:\/\//) }),
    ]);
  });

  it('reports a duplicate section id on the second heading’s line', async () => {
    const text = MINIMAL.replace('## Cookies {#cookies}', '## Cookies {#about}');
    expect(await errorsOf(text)).toEqual([
      {
        file: 'test.md',
        line: lineOf(text, '## Cookies {#about}'),
        message: `duplicate section id "about" (first used on line ${lineOf(text, '## About us')})`,
      },
    ]);
    expect(text.split('\n').findIndex((line) => line.startsWith('## About us')) + 1).toBe(lineOf(text, '## About us'));
  });

  it('reports a section without a Summary on its heading’s line', async () => {
    const text = MINIMAL.replace('Summary: The cookies we use.\n', '');
    expect(await errorsOf(text)).toEqual([
      expect.objectContaining({
        line: lineOf(text, '## Cookies'),
        message: expect.stringMatching(/needs a "Summary: one line"/),
      }),
    ]);
  });

  it('reports an unknown audience, an unknown category and a table row with the wrong cells', async () => {
    const text = MINIMAL.replace('Audience: patients', 'Audience: patients, staff')
      .replace('category: analytics', 'category: tracking')
      .replace('| Records | 8 years |', '| Records | 8 years | extra |');
    const errors = await errorsOf(text);
    expect(errors).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'category: tracking'),
        message: expect.stringMatching(/unknown category "tracking"/),
      }),
      expect.objectContaining({
        line: lineOf(text, 'Audience: patients, staff'),
        message: expect.stringMatching(/unknown audience "staff"/),
      }),
      expect.objectContaining({ line: lineOf(text, '| extra |'), message: 'table row has 3 cells; the header has 2' }),
    ]);
  });

  it('reports missing and invalid front matter with the line to fix', async () => {
    const noTitle = MINIMAL.replace('title: Privacy notice\n', '');
    expect(await errorsOf(noTitle)).toEqual([expect.objectContaining({ line: 2, message: 'title: is required' })]);
    const badSite = MINIMAL.replace('site: test-clinic', 'site: Test Clinic');
    expect(await errorsOf(badSite)).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^site: /) }),
    ]);
    const numberPhone = MINIMAL.replace('email: dpo@test.example', 'phone: 01234567890');
    expect(await errorsOf(numberPhone)).toEqual([
      expect.objectContaining({
        line: lineOf(numberPhone, 'phone:'),
        message: expect.stringMatching(/put it in quotes/),
      }),
    ]);
    expect(await errorsOf(MINIMAL.replace(/^---\n/, ''))).toEqual([expect.objectContaining({ line: 1 })]);
  });

  it('keeps the cookie revision when only wording changes, and changes the hash', async () => {
    const before = await compileNotice(MINIMAL, 'test.md');
    const reworded = await compileNotice(
      MINIMAL.replace('We are a clinic', 'We are a friendly clinic').replace(
        'We are Test Clinic.',
        'This is Test Clinic.',
      ),
      'test.md',
    );
    if (!before.ok || !reworded.ok) throw new Error('expected both to compile');
    expect(reworded.cookieRevision).toBe(before.cookieRevision);
    expect(reworded.hash).not.toBe(before.hash);
  });

  it('changes the cookie revision when a cookie, a category or a purpose is added', async () => {
    const before = await compileNotice(MINIMAL, 'test.md');
    const cookie = `      - name: _ex2\n        provider: Example Ltd\n        purpose: Counts visits\n        duration: 1 day\n---`;
    const variants = [
      MINIMAL.replace(/\n---\n\n## About/, `\n${cookie}\n\n## About`),
      MINIMAL.replace('category: analytics', 'category: marketing'),
      MINIMAL.replace('  recipients: []', '    - purpose: Research\n      legalBasis: Consent\n  recipients: []'),
    ];
    if (!before.ok) throw new Error('expected ok');
    for (const variant of variants) {
      const after = await compileNotice(variant, 'test.md');
      if (!after.ok) throw new Error(JSON.stringify(after.errors));
      expect(after.cookieRevision).not.toBe(before.cookieRevision);
    }
  });

  it('warns, without failing, when layer 1 is over 130 words or #cookies is missing', async () => {
    const long = MINIMAL.replace('We are Test Clinic.', 'word '.repeat(140).trim());
    const result = await compileNotice(long.replace('{#cookies}', '{#cookie-use}'), 'test.md');
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/no section has the id "cookies"/),
      expect.stringMatching(/the summary has 147 words/),
    ]);
  });

  it('counts words and flattens blocks to plain text', () => {
    expect(wordCount('  one two\nthree ')).toBe(3);
    expect(wordCount(['one two', 'three'])).toBe(3);
    expect(
      plainText([
        { type: 'heading', level: 3, text: 'Heading', id: 'h' },
        {
          type: 'table',
          caption: 'Cap',
          head: ['A', 'B'],
          rows: [[[{ type: 'text', text: '1' }], [{ type: 'strong', text: '2' }]]],
        },
      ]),
    ).toBe('Heading\nCap\nA | B\n1 | 2');
  });

  it('parses lists, sub-headings, escaped bars and Windows line endings', async () => {
    const body = [
      '### Who we are',
      '',
      '- first item',
      '  continues here',
      '',
      '- second item',
      '',
      '1. one',
      '2. two',
      '',
      '#### Who we are',
      '',
      '| A | B |',
      '| :-- | --: |',
      '| a \\| b | c |',
    ].join('\n');
    const text = MINIMAL.replace('- One analytics cookie\n- Nothing else\n', `${body}\n`).replace(/\n/g, '\r\n');
    const result = await compileNotice(text, 'test.md');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.document.sections[1]?.blocks).toEqual([
      { type: 'heading', level: 3, text: 'Who we are', id: 'cookies-who-we-are' },
      {
        type: 'list',
        ordered: false,
        items: [[{ type: 'text', text: 'first item continues here' }], [{ type: 'text', text: 'second item' }]],
      },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two' }]] },
      { type: 'heading', level: 4, text: 'Who we are', id: 'cookies-who-we-are-2' },
      {
        type: 'table',
        head: ['A', 'B'],
        align: ['left', 'right'],
        rows: [[[{ type: 'text', text: 'a | b' }], [{ type: 'text', text: 'c' }]]],
      },
    ]);
  });

  it('reports text before the first section, nested lists and other heading levels', async () => {
    const text = MINIMAL.replace('## About us', 'Stray text\n\n## About us')
      .replace('- Nothing else', '- Nothing else\n  - nested')
      .replace('Summary: The cookies we use.', 'Summary: The cookies we use.\n\n# Big heading');
    const errors = await errorsOf(text);
    expect(errors.map((error) => [error.line, error.message.split(':')[0]])).toEqual([
      [lineOf(text, 'Stray text'), 'text before the first section'],
      [lineOf(text, '# Big heading'), 'a level-1 heading is not allowed'],
      [lineOf(text, '  - nested'), 'nested lists are not supported'],
    ]);
  });

  it('compiles a large hostile paragraph of unclosed markers, keeping every marker as text', async () => {
    // Unclosed emphasis, links and brackets: each marker stays literal, nothing is dropped or invented.
    const chunks = ['*a ', '**a ', '_a ', '[', '[a](b', '](x', '![a](b', '< '].map((chunk) =>
      chunk.repeat(6_000).trim(),
    );
    const result = await compileNotice(
      MINIMAL.replace('- Nothing else', `- Nothing else\n\n${chunks.join('\n\n')}`),
      'test.md',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    const paragraphs = result.document.sections[1]!.blocks.filter((block) => block.type === 'paragraph');
    expect(paragraphs.map((block) => plainText([block]))).toEqual(chunks);
  }, 120_000);
});
