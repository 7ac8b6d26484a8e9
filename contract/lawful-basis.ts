/**
 * The lawful bases a notice may give for a purpose, as choices rather than free text: the six
 * UK GDPR Article 6(1) bases; for health and care (special category) data, the Article 9(2)
 * conditions; and, where Article 9(2)(b), (g), (h), (i) or (j) needs one, the Data Protection
 * Act 2018 Schedule 1 condition. The notice compiler validates them and the admin page offers
 * them, each with a one-line explanation in plain English.
 */
export interface BasisChoice<Id extends string = string> {
  id: Id;
  /** How the notice names it to visitors, e.g. "Consent (UK GDPR Article 6(1)(a))". */
  label: string;
  /** One plain-English line for the person choosing it. */
  explanation: string;
}

/** "The policy does not say": allowed, so a faithful notice can say so, but always flagged. */
export const NOT_STATED = 'not-stated';

export const ARTICLE_6_BASES = [
  {
    id: 'consent',
    label: 'Consent (UK GDPR Article 6(1)(a))',
    explanation: 'The person said yes, freely, and can take it back at any time.',
  },
  {
    id: 'contract',
    label: 'Contract (UK GDPR Article 6(1)(b))',
    explanation: 'We need it to provide the service the person asked us for.',
  },
  {
    id: 'legal-obligation',
    label: 'Legal obligation (UK GDPR Article 6(1)(c))',
    explanation: 'A law requires us to do it, such as keeping records for HMRC.',
  },
  {
    id: 'vital-interests',
    label: 'Vital interests (UK GDPR Article 6(1)(d))',
    explanation: 'It is needed to protect someone’s life, for example in an emergency.',
  },
  {
    id: 'public-task',
    label: 'Public task (UK GDPR Article 6(1)(e))',
    explanation: 'It is part of a public function set out in law, such as NHS-funded care.',
  },
  {
    id: 'legitimate-interests',
    label: 'Legitimate interests (UK GDPR Article 6(1)(f))',
    explanation: 'We have a good reason the person would expect, and it does not override their rights.',
  },
] as const satisfies readonly BasisChoice[];

export const ARTICLE_9_CONDITIONS = [
  {
    id: '9-2-a',
    label: 'Explicit consent (UK GDPR Article 9(2)(a))',
    explanation: 'The person clearly agreed, in words, to this use of their health data.',
  },
  {
    id: '9-2-b',
    label: 'Employment and social security (UK GDPR Article 9(2)(b))',
    explanation: 'Needed for duties as an employer, such as sickness records (with a Schedule 1 condition).',
  },
  {
    id: '9-2-c',
    label: 'Vital interests (UK GDPR Article 9(2)(c))',
    explanation: 'Protecting someone’s life when they cannot give consent.',
  },
  {
    id: '9-2-d',
    label: 'Not-for-profit body (UK GDPR Article 9(2)(d))',
    explanation: 'A charity or association using its own members’ data for its own aims.',
  },
  {
    id: '9-2-e',
    label: 'Made public by the person (UK GDPR Article 9(2)(e))',
    explanation: 'The person themselves clearly made this information public.',
  },
  {
    id: '9-2-f',
    label: 'Legal claims (UK GDPR Article 9(2)(f))',
    explanation: 'Needed to make or defend a legal claim, or by a court.',
  },
  {
    id: '9-2-g',
    label: 'Substantial public interest (UK GDPR Article 9(2)(g))',
    explanation: 'An important public interest set out in law, such as safeguarding (with a Schedule 1 condition).',
  },
  {
    id: '9-2-h',
    label: 'Health or social care (UK GDPR Article 9(2)(h))',
    explanation: 'Needed to diagnose, treat or care for someone, by or under a health professional.',
  },
  {
    id: '9-2-i',
    label: 'Public health (UK GDPR Article 9(2)(i))',
    explanation: 'Protecting public health, such as reporting infectious diseases.',
  },
  {
    id: '9-2-j',
    label: 'Archiving, research or statistics (UK GDPR Article 9(2)(j))',
    explanation: 'Research or statistics in the public interest, with safeguards.',
  },
] as const satisfies readonly BasisChoice[];

/** The Schedule 1 conditions a small health or care organisation is likely to rely on. */
export const SCHEDULE_1_CONDITIONS = [
  {
    id: 'employment',
    label: 'Employment, social security and social protection (DPA 2018 Schedule 1 paragraph 1)',
    explanation: 'For the duties of an employer, such as staff sickness and fitness to work.',
  },
  {
    id: 'health-or-social-care',
    label: 'Health or social care purposes (DPA 2018 Schedule 1 paragraph 2)',
    explanation: 'For treatment, care and managing health or social care services.',
  },
  {
    id: 'public-health',
    label: 'Public health (DPA 2018 Schedule 1 paragraph 3)',
    explanation: 'For public health work by or under a health professional.',
  },
  {
    id: 'research',
    label: 'Research and statistics (DPA 2018 Schedule 1 paragraph 4)',
    explanation: 'For research in the public interest, with safeguards.',
  },
  {
    id: 'statutory-purposes',
    label: 'Statutory and government purposes (DPA 2018 Schedule 1 paragraph 6)',
    explanation: 'A function given to us by law.',
  },
  {
    id: 'equality',
    label: 'Equality of opportunity or treatment (DPA 2018 Schedule 1 paragraph 8)',
    explanation: 'Monitoring that people are treated fairly.',
  },
  {
    id: 'preventing-crime',
    label: 'Preventing or detecting unlawful acts (DPA 2018 Schedule 1 paragraph 10)',
    explanation: 'Helping to prevent or detect crime.',
  },
  {
    id: 'safeguarding',
    label: 'Safeguarding of children and individuals at risk (DPA 2018 Schedule 1 paragraph 18)',
    explanation: 'Protecting a child or an adult at risk from harm.',
  },
  {
    id: 'insurance',
    label: 'Insurance (DPA 2018 Schedule 1 paragraph 20)',
    explanation: 'Needed for an insurance policy or claim.',
  },
] as const satisfies readonly BasisChoice[];

export type Article6Basis = (typeof ARTICLE_6_BASES)[number]['id'];
export type Article9Condition = (typeof ARTICLE_9_CONDITIONS)[number]['id'];
export type Schedule1Condition = (typeof SCHEDULE_1_CONDITIONS)[number]['id'];

export const ARTICLE_6_IDS = ARTICLE_6_BASES.map((basis) => basis.id);
export const ARTICLE_9_IDS = ARTICLE_9_CONDITIONS.map((condition) => condition.id);
export const SCHEDULE_1_IDS = SCHEDULE_1_CONDITIONS.map((condition) => condition.id);

/** Article 9(2) conditions that work only with a Schedule 1 condition beside them (DPA 2018 s.10). */
export const NEEDS_SCHEDULE_1: readonly Article9Condition[] = ['9-2-b', '9-2-g', '9-2-h', '9-2-i', '9-2-j'];

export function article6Basis(id: string): BasisChoice | undefined {
  return ARTICLE_6_BASES.find((basis) => basis.id === id);
}

export function article9Condition(id: string): BasisChoice | undefined {
  return ARTICLE_9_CONDITIONS.find((condition) => condition.id === id);
}

export function schedule1Condition(id: string): BasisChoice | undefined {
  return SCHEDULE_1_CONDITIONS.find((condition) => condition.id === id);
}

/** The sentence a visitor reads for a purpose whose author chose bases but wrote no wording. */
export function basisWording(basis: string, condition?: string, schedule1?: string): string {
  if (basis === NOT_STATED) return 'Not stated';
  const parts = [article6Basis(basis)?.label ?? basis];
  if (condition) parts.push(`for health or care data: ${article9Condition(condition)?.label ?? condition}`);
  if (schedule1) parts.push(schedule1Condition(schedule1)?.label ?? schedule1);
  return parts.join('; ');
}
