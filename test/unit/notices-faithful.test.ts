import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoticeDocument } from '../../contract/notice.js';
import { compileNotice } from '../../notices/compiler/index.js';

/**
 * Each notice says what its organisation's policy says, no more: a hedge in the policy stays a
 * hedge, an exception stays an exception, and a fact from elsewhere says where it is from. The
 * quoted words are the policies' own (../shared/seeds), copied here so the test reads nothing
 * outside the repository.
 */
const root = path.resolve(import.meta.dirname, '../..');

async function compiled(site: string): Promise<NoticeDocument> {
  const result = await compileNotice(readFileSync(path.join(root, 'notices', `${site}.md`), 'utf8'), site);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.document;
}

const summary = (document: NoticeDocument) => document.summary.join(' ');
const sectionSummary = (document: NoticeDocument, id: string) =>
  document.sections.find((section) => section.id === id)?.summary ?? '';

describe('Serene self Therapy keeps the policy’s exceptions to sharing', () => {
  // "We will not sell, distribute or lease your personal information to third parties unless we
  // have your permission or are required by law to do so."
  // "Verbal or written agreement will always be sought from the client before data is shared."
  // "...or where an official disclosure request is received, this will only be done after
  // discussions with a manager or the Data Protection Officer."
  it('says agreement is sought, not that data is shared only with it, and never that it is never sold', async () => {
    const document = await compiled('serene-self');
    expect(summary(document)).not.toMatch(/never sell/i);
    expect(summary(document)).not.toMatch(/only with (your|the client's) agreement/i);
    expect(summary(document)).toContain('unless we have your permission or are required by law');
    expect(summary(document)).toMatch(/seek your verbal or written agreement/);
    expect(summary(document)).toMatch(/Official disclosure requests/);
    expect(sectionSummary(document, 'confidentiality')).not.toMatch(/only with/);
    expect(sectionSummary(document, 'confidentiality')).toMatch(/seek the client's agreement/);
  });

  it('keeps "should" where the policy says should', async () => {
    // "There should be a written contract with the data processor"; "Consent should be given in writing."
    const { facts } = await compiled('serene-self');
    expect(facts.recipients.find((item) => item.startsWith('Data processors'))).toMatch(/should be a written contract/);
    const publishing = facts.purposes.find((item) =>
      item.purpose.startsWith('Making information about clients public'),
    );
    expect(publishing?.legalBasis).toMatch(/should be given in writing/);
  });
});

describe('dp-customers claims nothing about a website its policy never mentions', () => {
  it('does not say which cookies the site uses, and marks the cookies section as not from the policy', async () => {
    const document = await compiled('dp-customers');
    const cookies = document.sections.find((section) => section.id === 'cookies')!;
    const text = JSON.stringify(cookies);
    expect(text).not.toMatch(/strictly necessary cookies/i);
    expect(text).toMatch(/not in the Company's policy/);
    expect(document.services).toEqual([]);
  });

  it('gives the disclosure circumstances as examples, as the policy does ("include")', async () => {
    // "The circumstances leading to such disclosures include: a) In relation to a safeguarding
    // concern b) On a social workers request c) Upon inspection by a governing body (for example, CQC)"
    const document = await compiled('dp-customers');
    expect(summary(document)).toMatch(
      /including for a safeguarding concern, on a social worker's request or on inspection by a governing body such as the CQC/,
    );
    expect(summary(document)).not.toMatch(/disclose data for a safeguarding concern/);
  });

  it('reports breaches within 72 hours "where legally required", as the policy does', async () => {
    // "Where legally required, we will report a breach to the Information Commissioner within 72 hours of discovery."
    const document = await compiled('dp-customers');
    expect(summary(document)).toMatch(
      /Where legally required, breaches are reported to the Information Commissioner within 72 hours/,
    );
  });

  it('keeps the time-limit extension, the charge exceptions and "may seek to rely on" consent', async () => {
    // "within one month unless, in accordance with legislation, we decide that an extension is required"
    // "Where no other lawful basis applies, we may seek to rely on the service users consent"
    const document = await compiled('dp-customers');
    expect(summary(document)).toMatch(/within one month unless extended/);
    expect(summary(document)).toMatch(/erased in certain circumstances/);
    expect(sectionSummary(document, 'lawful-bases')).not.toMatch(/only where/);
    expect(sectionSummary(document, 'lawful-bases')).toMatch(/may seek to rely on your consent/);
    expect(document.facts.purposes.map((item) => item.legalBasis).join(' ')).not.toMatch(/consent only/);
  });
});

describe('Le Petit Saint names every recipient and keeps "generally"', () => {
  it('does not say data goes "only" to three kinds of recipient, and names CCTV recipients and Clinic Minds', async () => {
    // "CCTV footage may be disclosed to: ... Legal representatives in relation to legal proceedings."
    // "Data is also collected by the Clinic Minds online portal and patient management system."
    const document = await compiled('le-petit-saint');
    expect(summary(document)).not.toMatch(/\bonly with\b|share it only|never sell/i);
    expect(summary(document)).toMatch(/legal representatives/);
    expect(summary(document)).toMatch(/Clinic Minds/);
    expect(summary(document)).toMatch(/We do not sell or rent your data/);
    expect(sectionSummary(document, 'data-sharing-and-disclosure')).not.toMatch(/\bonly\b|never/);
  });

  it('says consent is generally not relied on, other than in some circumstances for marketing', async () => {
    // "Generally, we do not rely on consent as a legal basis for processing data other than in some
    // circumstances in relation to sending direct marketing communications"
    const document = await compiled('le-petit-saint');
    const collect = sectionSummary(document, 'how-we-collect-your-data');
    expect(collect).not.toMatch(/consent is used only/);
    expect(collect).toMatch(/generally do not rely on consent, other than in some circumstances/);
    const marketing = document.facts.purposes.find((item) => item.purpose === 'Direct marketing by text or email');
    expect(marketing?.legalBasis).toMatch(/in some circumstances/);
  });

  it('keeps "may" on what is collected and on cookies, and the CCTV retention exceptions', async () => {
    // "We may collect and process"; "Our website may use cookies"; "retained for a maximum of 30 days
    // unless required for an ongoing investigation, legal proceeding, or regulatory compliance"
    const document = await compiled('le-petit-saint');
    expect(summary(document)).toMatch(/We may collect/);
    expect(summary(document)).toMatch(
      /30 days unless needed for investigations, legal proceedings or regulatory compliance/,
    );
    expect(sectionSummary(document, 'cookies')).toMatch(/may use cookies/);
    expect(sectionSummary(document, 'cctv-policy')).toMatch(/30 days unless needed for an investigation/);
  });
});

describe('OSJCT states its own retention periods and legal conditions', () => {
  it('keeps employee financial records six years after the close of each financial year', async () => {
    // Employees' table: "Financial information ... 6 years after the close of each financial year"
    const { facts } = await compiled('osjct');
    const employees = facts.retention.find((item) => item.what === 'Employee information')!;
    expect(employees.period).toMatch(/financial information, 6 years after the close of each financial year/);
    expect(employees.period).not.toMatch(/financial records 6 years/);
  });

  it('cites Article 9(2)(a) for volunteers’ ethnicity, as the volunteers’ table does', async () => {
    // Volunteers' table: "Ethnicity, racial, and language | Consent | GDPR Article 6(1)(a) | ... | GDPR Article 9(2)(a)"
    const { facts } = await compiled('osjct');
    const ethnicity = facts.purposes.find((item) => item.purpose.startsWith('Monitoring equality of treatment'))!;
    expect(ethnicity.legalBasis).toMatch(/Volunteers: consent, GDPR Article 6\(1\)\(a\) and Article 9\(2\)\(a\)/);
    expect(ethnicity.legalBasis).toMatch(/Employees: .*9\(2\)\(c\)\(h\)\(g\)/);
  });

  it('keeps care records "at least" 8 years in layer 1, as the policy says', async () => {
    // "Information in care records is kept for at least 8 years after we last provide care to you."
    const document = await compiled('osjct');
    expect(summary(document)).toMatch(/Care records are kept at least 8 years after discharge or last use of record/);
  });

  it('says in layer 1 that website information is kept indefinitely', async () => {
    // "The Trust keeps your personal information indefinitely, except cookie data which we will
    // retain only for so long as we have your consent."
    const document = await compiled('osjct');
    expect(summary(document)).toMatch(/Website information is kept indefinitely, except cookie data/);
    expect(summary(document)).toMatch(/some rights apply only in certain circumstances/);
    expect(summary(document)).not.toMatch(/share only what is needed/);
    expect(sectionSummary(document, 'cookies')).toMatch(/kept indefinitely, except cookie data/);
    expect(sectionSummary(document, 'your-rights')).toMatch(/some only in certain circumstances/);
  });
});

describe('Harmony Minds keeps the policy’s conditions', () => {
  it('asks consent for sharing, does not promise "never", and says invoices are kept indefinitely', async () => {
    // "We will ask for your consent to do this." "We will not share your personal information with
    // third parties for marketing purposes." "the electronic accounts package we use keeps financial
    // data/invoices indefinitely. We will manually delete the records after the period of 7 years"
    const document = await compiled('harmony-minds');
    expect(summary(document)).not.toMatch(/never/i);
    expect(summary(document)).toMatch(/will not share it with third parties for marketing/);
    expect(summary(document)).toMatch(/invoices indefinitely/);
    expect(summary(document)).toMatch(/additional staff are controllers/);
  });

  it('keeps "aim", "may be unable to erase" and "any risk" in facts and section summaries', async () => {
    // "We will aim to provide the relevant data within 30 days"; "we may be unable to erase certain
    // information"; "Breaches that carry any risk to data subjects must be reported to the ICO within 72 hours"
    const document = await compiled('harmony-minds');
    expect(document.facts.rights.join(' ')).toMatch(/we aim to provide it within 30 days/);
    expect(document.facts.rights.join(' ')).toMatch(/may not be erasable/);
    expect(sectionSummary(document, 'data-breach')).toMatch(/breaches that carry any risk to you/);
    expect(sectionSummary(document, 'withdraw-consent')).toMatch(/Where we rely on your consent/);
  });
});

describe('where each cookie fact comes from', () => {
  for (const site of ['harmony-minds', 'osjct']) {
    it(`${site}: the Google Analytics cookies, which its policy does not name, are marked as from Google’s documentation`, async () => {
      const [analytics] = (await compiled(site)).services;
      expect(analytics?.cookies.map((cookie) => [cookie.name, cookie.source])).toEqual([
        [
          '_ga',
          {
            kind: 'provider',
            name: "Google's documentation",
            url: 'https://support.google.com/analytics/answer/11397207',
          },
        ],
        [
          '_ga_*',
          {
            kind: 'provider',
            name: "Google's documentation",
            url: 'https://support.google.com/analytics/answer/11397207',
          },
        ],
      ]);
    });
  }

  it('leaves facts from the policy itself unmarked', async () => {
    for (const site of ['le-petit-saint', 'serene-self']) {
      const cookies = (await compiled(site)).services.flatMap((service) => service.cookies);
      expect(cookies.length, site).toBeGreaterThan(0);
      expect(cookies.every((cookie) => cookie.source === undefined)).toBe(true);
    }
  });
});
