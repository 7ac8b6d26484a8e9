import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTICLE_6_BASES, ARTICLE_9_CONDITIONS, SCHEDULE_1_CONDITIONS } from '../../contract/lawful-basis.js';
import { missingItems, noticeChecklist } from '../../contract/notice-checklist.js';
import type { NoticeDocument } from '../../contract/notice.js';
import { compileNotice } from '../../notices/compiler/index.js';

const root = path.resolve(import.meta.dirname, '../..');

async function compiled(site: string): Promise<NoticeDocument> {
  const result = await compileNotice(readFileSync(path.join(root, 'notices', `${site}.md`), 'utf8'), site);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.document;
}

async function statuses(site: string): Promise<Record<string, string>> {
  return Object.fromEntries(noticeChecklist(await compiled(site)).map((item) => [item.id, item.status]));
}

/**
 * What each seed policy lacks, read from the policies themselves (../shared/seeds) and so from
 * the faithful notices made from them.
 */
describe('the ICO checklist on the five notices', () => {
  it('Serene self Therapy: no complaint route, no retention periods, no word on transfers', async () => {
    expect(await statuses('serene-self')).toEqual({
      controller: 'flagged', // named, no address, email or phone
      dpo: 'flagged', // "the policy names no person or contact details"
      purposes: 'present',
      'lawful-bases': 'flagged', // 5 of 9 purposes "Not stated in the policy"
      'health-condition': 'missing',
      'legitimate-interests': 'present', // none relied on
      recipients: 'present',
      transfers: 'missing', // "does not say whether personal data is transferred outside the UK"
      retention: 'missing', // "destroyed confidentially when no longer needed": no period
      'right-access': 'present',
      'right-rectification': 'present',
      'right-erasure': 'missing',
      'right-restriction': 'missing',
      'right-portability': 'missing',
      'right-object': 'flagged', // only "opt out of direct marketing"
      'automated-decisions': 'missing',
      'withdraw-consent': 'present', // "can be withdrawn, but not retrospectively"
      complaint: 'missing', // the policy never mentions the ICO or any complaint route
      requirement: 'missing',
      'data-sources': 'flagged',
    });
  });

  it('the unnamed care company names no controller, no retention period and no complaint route', async () => {
    const result = await statuses('dp-customers');
    expect(result).toMatchObject({
      controller: 'missing',
      dpo: 'present', // Paul Battershall, with a phone number
      'lawful-bases': 'missing', // "not listed in this policy"; "Not stated in the policy"
      retention: 'missing', // periods "kept in the Company's Customer Data Record (not published)"
      transfers: 'present', // software providers outside the EU, GDPR requirements met
      complaint: 'missing',
      'right-restriction': 'present',
      'automated-decisions': 'flagged', // the right is listed, not whether it happens
    });
  });

  it('Harmony Minds: no basis for health data, nothing on transfers, every period given', async () => {
    expect(await statuses('harmony-minds')).toMatchObject({
      controller: 'flagged',
      dpo: 'flagged', // "Data Protection lead", no contact details
      'lawful-bases': 'flagged', // analytics and online accounts: not stated
      'health-condition': 'missing',
      transfers: 'missing',
      retention: 'present', // seven years; 7 years for HMRC
      complaint: 'present',
      'right-restriction': 'missing',
    });
  });

  it('Le Petit Saint: most bases not stated, some periods open, legitimate interests not described', async () => {
    expect(await statuses('le-petit-saint')).toMatchObject({
      dpo: 'present',
      'lawful-bases': 'flagged',
      'health-condition': 'missing',
      'legitimate-interests': 'flagged', // CCTV relies on them
      retention: 'flagged', // "as long as necessary", "in accordance with the Clinic Minds policy"; CCTV 30 days
      transfers: 'present', // none outside the EEA
      complaint: 'present',
    });
  });

  it('OSJCT states every basis, Article 9 conditions and every period', async () => {
    const result = await statuses('osjct');
    expect(result).toMatchObject({
      controller: 'present',
      dpo: 'present',
      'lawful-bases': 'present',
      'health-condition': 'present',
      retention: 'present',
      complaint: 'present',
    });
    expect(
      Object.entries(result)
        .filter(([, status]) => status === 'missing')
        .map(([id]) => id),
    ).toEqual(['requirement']);
  });

  it('every item names the field that fixes it', async () => {
    for (const item of noticeChecklist(await compiled('serene-self'))) expect(item.field).toMatch(/^facts\.[a-zA-Z]+$/);
  });
});

const notice = (facts: string) =>
  [
    '---',
    'site: basis-clinic',
    'title: Privacy',
    'organisation: Basis Clinic',
    'summary: [We look after your records.]',
    'facts:',
    '  controller: { name: Basis Clinic, email: dpo@basis.example }',
    '  complaints: []',
    facts,
    '  recipients: []',
    '  retention: []',
    '  transfers: []',
    '  rights: [Access]',
    'services: []',
    '---',
    '## Cookies {#cookies}',
    'Summary: None.',
    '',
    'We use none.',
    '',
  ].join('\n');

describe('lawful bases are choices the compiler checks', () => {
  it('every choice has a plain-English line', () => {
    for (const choice of [...ARTICLE_6_BASES, ...ARTICLE_9_CONDITIONS, ...SCHEDULE_1_CONDITIONS]) {
      expect(choice.explanation.length).toBeGreaterThan(10);
      expect(choice.explanation.length).toBeLessThan(120);
    }
    expect(ARTICLE_6_BASES).toHaveLength(6);
    expect(ARTICLE_9_CONDITIONS).toHaveLength(10);
  });

  it('a chosen basis with no wording reads as the basis’s name, and the checklist counts it', async () => {
    const result = await compileNotice(
      notice(
        [
          '  purposes:',
          '    - { purpose: Treatment, basis: contract, condition: 9-2-h, schedule1: health-or-social-care }',
        ].join('\n'),
      ),
      'n.md',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [purpose] = result.document.facts.purposes;
    expect(purpose).toMatchObject({ basis: 'contract', condition: '9-2-h', schedule1: 'health-or-social-care' });
    expect(purpose!.legalBasis).toMatch(
      /^Contract \(UK GDPR Article 6\(1\)\(b\)\); for health or care data: Health or social care/,
    );
    const items = noticeChecklist(result.document);
    expect(items.find((item) => item.id === 'lawful-bases')?.status).toBe('present');
    expect(items.find((item) => item.id === 'health-condition')?.status).toBe('present');
  });

  it('"not stated" is allowed and flagged', async () => {
    const result = await compileNotice(
      notice(
        [
          '  purposes:',
          '    - { purpose: Treatment, basis: not-stated }',
          '    - { purpose: Bills, basis: contract }',
        ].join('\n'),
      ),
      'n.md',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.document.facts.purposes[0]!.legalBasis).toBe('Not stated');
    expect(noticeChecklist(result.document).find((item) => item.id === 'lawful-bases')).toMatchObject({
      status: 'flagged',
      detail: '1 of 2 purposes have no lawful basis stated.',
    });
  });

  it.each([
    ['basis: because-we-can', /unknown lawful basis "because-we-can": use one of consent, contract/],
    ['basis: consent, condition: 9-2-z', /unknown Article 9 condition "9-2-z"/],
    ['basis: consent, schedule1: safeguarding', /Schedule 1 condition goes with Article 9\(2\)\(b\), \(g\)/],
    ['basis: consent, condition: 9-2-a, schedule1: safeguarding', /Schedule 1 condition goes with/],
    ['basis: not-stated, condition: 9-2-h', /needs an Article 6 basis beside it/],
    ['legalBasis: ""', /must not be empty/],
    ['interests: Safety', /give the lawful basis/],
  ])('refuses %s with its line', async (fields, message) => {
    const result = await compileNotice(
      notice(['  purposes:', `    - { purpose: Treatment, ${fields} }`].join('\n')),
      'n.md',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(
      expect.objectContaining({ line: 10, message: expect.stringMatching(message) }),
    );
  });

  it('missing items are what a publish must give a reason for', async () => {
    expect(missingItems(await compiled('osjct')).map((item) => item.id)).toEqual(['requirement']);
  });
});
