import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, NoticeDocument } from '../../contract/notice.js';
import { compileNotice, plainText, wordCount } from '../../notices/compiler/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const SITES = ['le-petit-saint', 'harmony-minds', 'dp-customers', 'osjct', 'serene-self'] as const;
type Site = (typeof SITES)[number];

function source(site: Site): string {
  return readFileSync(path.join(root, 'notices', `${site}.md`), 'utf8');
}

async function compiled(site: Site): Promise<NoticeDocument> {
  const result = await compileNotice(source(site), `notices/${site}.md`);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.document;
}

function fullText(document: NoticeDocument): string {
  return [
    ...document.summary,
    ...document.sections.map((section) => `${section.title}\n${section.summary}\n${plainText(section.blocks)}`),
  ].join('\n');
}

/** Seed headings, extracted by hand from ../shared/seeds, numbering and letters dropped. */
const SEED_SECTIONS: Record<Site, string[]> = {
  'le-petit-saint': [
    'Introduction',
    'Information We Collect',
    'How We Collect Your Data',
    'Purpose of Data Collection',
    'Data Sharing and Disclosure',
    'Data Retention',
    'Data Security',
    'Your Rights',
    'Cookies and Website Tracking',
    'Policy Updates',
    'International Transfers',
    'CCTV Policy',
    'Contact Information',
  ],
  'harmony-minds': [
    'Privacy Policy',
    'Data Controller',
    'Information We Collect About You',
    'How We Use the Information We Collect About You',
    'Where We Keep the Information',
    'How Can I See All the Information You Have About Me?',
    'What Happens in the Event of a Data Breach?',
    'Right to Withdraw Your Consent',
    'Complaints or Queries',
    'Cookies',
    'Harmony Minds – Terms and Conditions',
    'Our Liability',
    'Site Content',
    'Harmony Minds Services',
    'Applicable Law',
  ],
  'dp-customers': [
    'Introduction',
    'Definitions',
    'Data Protection Principles',
    'Types of Data Held',
    'Service User Rights',
    'Responsibilities',
    'Lawful Bases of Processing',
    'Access to Data',
    'Data Disclosures',
    'Data Security',
    'Third Party Processing',
    'International Data Transfers',
    'Requirement to Notify Breaches',
    'Training',
    'Records',
    'National Data Opt-Out',
    'Data Protection Compliance',
  ],
  osjct: [
    'Introduction',
    'For Residents & Extra Care Housing (ECH) Clients',
    'For Employees & Contractors (Including Applicants)',
    'For Volunteers (Including Work Experience)',
    'For Guardians, Relatives, and Friends',
    'For Suppliers',
    'For Enquiries & Complaints',
    'Information Collected by Our Website',
    'Marketing, Market Research, & Events',
    'Legal and Regulatory Obligations',
    'Security',
    'Your rights',
    'Changes to our Privacy Policy',
  ],
  'serene-self': [
    'Serene self Therapy will',
    'Brief introduction to Data Protection Act',
    'Definitions',
    'Responsibilities',
    'Confidentiality',
    'Security',
    'Access to data',
    'Transparency',
    'Consent',
    'Direct marketing',
    'Privacy statement',
    'What we collect',
    'What we do with the information we gather',
    'How we use cookies',
    'Links to other websites',
    'Controlling your personal information',
  ],
};

/** Seed headings that sit under a section, as `section id → sub-headings`. */
const SEED_SUBHEADINGS: Record<Site, Record<string, string[]>> = {
  'le-petit-saint': {
    'cctv-policy': [
      'Purpose',
      'How will we introduce CCTV monitoring equipment?',
      'Scope',
      'Legal Basis for Processing',
      'CCTV Signage',
      'Data Retention and Storage',
      'Access and Disclosure',
      'Complaints and Queries',
      'Policy Review',
    ],
  },
  'harmony-minds': {
    cookies: [
      'What is a Cookie?',
      'What Sort of Cookies Do We Use on Our Website?',
      'Can I Browse Your Website Without Receiving Any Cookies?',
    ],
    'harmony-minds-services': [
      'Personal Information We Collect and How We Use It',
      'How We Use Your Personal Information',
      'Sources of Personal Information',
      'Information That You Provide to Us',
      'The Business Purpose for Our Processing Your Personal Information',
    ],
  },
  'dp-customers': {},
  osjct: {
    ...Object.fromEntries(
      ['residents', 'employees', 'volunteers', 'relatives', 'suppliers', 'enquiries', 'cookies', 'marketing'].map(
        (id) => [
          id,
          [
            'What information do you collect and use?',
            'Do you share my information?',
            'How do you use the information you collect?',
            'How long do you keep my information for?',
            'How do you comply with the law?',
            'I want to know the legal fine print',
          ],
        ],
      ),
    ),
    'your-rights': [
      'Access to personal information',
      'Right to rectification (correction)',
      'Right to withdraw consent',
      'Right of erasure (right to be forgotten)',
      'Right to data portability',
      'Right to restrict processing of personal information',
      'Right to object to processing of personal information',
      'Rights relating to automated decision making and profiling',
    ],
  },
  'serene-self': { security: ['Data Recording and storage'] },
};

const ORGANISATIONS: Record<Site, string> = {
  'le-petit-saint': 'Saint Clinic Group – Le Petit Saint',
  'harmony-minds': 'Harmony Minds',
  'dp-customers': 'The Company',
  osjct: 'The Orders of St John Care Trust',
  'serene-self': 'Serene self Therapy',
};

describe('the five organisations’ notices', () => {
  // A notice added to notices/ is checked here too: the list below must name it.
  it('are every notice in notices/', () => {
    const files = readdirSync(path.resolve(import.meta.dirname, '../../notices')).filter((name) =>
      name.endsWith('.md'),
    );
    expect(files.map((name) => name.slice(0, -'.md'.length)).sort()).toEqual([...SITES].sort());
  });

  for (const site of SITES) {
    describe(site, () => {
      it('compiles with no errors and no warnings', async () => {
        const result = await compileNotice(source(site), `notices/${site}.md`);
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(result.ok && result.warnings).toEqual([]);
      });

      it('is for the right site and organisation', async () => {
        const document = await compiled(site);
        expect(document.site).toBe(site);
        expect(document.organisation).toBe(ORGANISATIONS[site]);
        expect(document.language).toBe('en-GB');
      });

      it('keeps layer 1 to at most 130 words and names the ICO or says it does not', async () => {
        const document = await compiled(site);
        expect(wordCount(document.summary)).toBeLessThanOrEqual(130);
        expect(document.summary.join(' ')).toMatch(/ICO|Information Commissioner/);
      });

      it('has every seed heading as a section title, in seed order', async () => {
        const titles = (await compiled(site)).sections.map((section) => section.title);
        const seedTitles = titles.filter((title) => SEED_SECTIONS[site].includes(title));
        expect(seedTitles).toEqual(SEED_SECTIONS[site]);
      });

      it('has the seed’s sub-headings inside their sections, in order', async () => {
        const document = await compiled(site);
        for (const [id, headings] of Object.entries(SEED_SUBHEADINGS[site])) {
          const section = document.sections.find((candidate) => candidate.id === id);
          expect(section, id).toBeDefined();
          const found = section!.blocks.flatMap((block) => (block.type === 'heading' ? [block.text] : []));
          expect(found, id).toEqual(headings);
        }
      });

      it('has a one-line summary for every section and a #cookies section', async () => {
        const document = await compiled(site);
        for (const section of document.sections) expect(section.summary, section.id).toMatch(/\S/);
        expect(document.sections.map((section) => section.id)).toContain('cookies');
      });

      it('carries no markup in any string of the document', async () => {
        const json = JSON.stringify(await compiled(site));
        expect(json).not.toMatch(/<[A-Za-z/!?]/);
      });
    });
  }

  it('states the key facts of each seed', async () => {
    const text = Object.fromEntries(
      await Promise.all(SITES.map(async (site) => [site, fullText(await compiled(site))] as const)),
    ) as Record<Site, string>;
    expect(text['harmony-minds']).toMatch(/retained for a period of seven years/);
    expect(text.osjct).toContain('8 years after discharge or last use of record');
    expect(text['le-petit-saint']).toMatch(/CCTV recordings will be retained for a maximum of 30 days/);
    expect(text['dp-customers']).toMatch(/Information Commissioner within 72 hours/);
    expect(text['serene-self']).toContain('£20');
    expect(text['serene-self']).toContain('20 working days');
  });

  it('declares the cookies each seed describes', async () => {
    const services = async (site: Site) => (await compiled(site)).services;
    const categories = async (site: Site) =>
      [...new Set((await services(site)).map((service) => service.category))].sort();
    expect(await categories('harmony-minds')).toEqual(['analytics']);
    expect(await categories('osjct')).toEqual(['analytics']);
    expect(await categories('le-petit-saint')).toEqual(['functional', 'marketing']);
    expect(await categories('serene-self')).toEqual(['analytics']);
    expect(await services('dp-customers')).toEqual([]);

    const [osjctGa] = await services('osjct');
    expect(osjctGa?.name).toBe('Google Analytics');
    expect(osjctGa?.cookies.map((cookie) => cookie.transfer)).toEqual(['United States', 'United States']);
    const [harmonyGa] = await services('harmony-minds');
    expect(harmonyGa?.cookies.map((cookie) => cookie.name)).toEqual(['_ga', '_ga_*']);
    // Harmony Minds' policy says nothing about where Google keeps the data.
    expect(harmonyGa?.cookies.every((cookie) => cookie.transfer === undefined)).toBe(true);
  });

  it('gives the facts a reader needs without the full text', async () => {
    const osjct = await compiled('osjct');
    expect(osjct.facts.dpo?.email).toBe('informationgovernance@osjct.co.uk');
    expect(osjct.facts.complaints.map((contact) => contact.email)).toContain('casework@ico.org.uk');
    expect(osjct.facts.transfers.join(' ')).toMatch(/United States/);
    expect(osjct.audiences.map((audience) => audience.id)).toEqual([
      'residents',
      'employees',
      'volunteers',
      'relatives',
      'suppliers',
      'enquirers',
      'website',
      'marketing',
    ]);
    const harmony = await compiled('harmony-minds');
    expect(harmony.lastUpdated).toBe('2024-05-30');
    expect(harmony.facts.complaints[0]?.address).toMatch(/Wycliffe House/);
    const lps = await compiled('le-petit-saint');
    expect(lps.facts.dpo).toMatchObject({
      name: 'Dr Raul Cetto',
      email: 'DrRaul@saintclinicgroup.com',
      phone: '02030266244',
    });
    expect(lps.facts.retention.find((item) => item.what === 'CCTV recordings')?.period).toMatch(/30 days/);
  });

  it('rebuilds OSJCT’s legal fine print as six-column tables', async () => {
    const document = await compiled('osjct');
    const tables = document.sections.flatMap((section) =>
      section.blocks.filter((block): block is Extract<Block, { type: 'table' }> => block.type === 'table'),
    );
    expect(tables).toHaveLength(8);
    for (const table of tables) {
      expect(table.head).toEqual([
        'Information used',
        'Legal condition for using information',
        'Legislative references',
        'Second legal condition for using information (where required)',
        'Legislative references',
        'Retention period',
      ]);
      expect(table.caption).toMatch(/^Legal conditions and retention periods for /);
      for (const row of table.rows) expect(row).toHaveLength(6);
    }
    const residents = document.sections.find((section) => section.id === 'residents')!;
    expect(residents.audiences).toEqual(['residents']);
    const table = residents.blocks.find((block) => block.type === 'table');
    const cellText = (row: number, column: number) =>
      table?.type === 'table'
        ? (table.rows[row]?.[column] ?? []).map((part) => (part.type === 'break' ? ' ' : part.text)).join('')
        : '';
    expect(table?.type === 'table' && table.rows).toHaveLength(10);
    expect(cellText(1, 0)).toBe('Medical & healthcare information');
    expect(cellText(1, 4)).toBe('GDPR Article 9(2)(h); DPA Schedule 1, paragraph 2');
    expect(cellText(1, 5)).toBe('8 years after discharge or last use of record');
  });
});
