import { NOT_STATED } from './lawful-basis.js';
import type { ContactPoint, NoticeDocument, NoticePurpose } from './notice.js';

/**
 * The ICO's right-to-be-informed checklist (what a privacy notice must tell people, UK GDPR
 * Articles 13 and 14), run on a notice's structured facts. Each item is present, missing, or
 * flagged (given, but in a way a reader cannot rely on: "not stated", no contact details, one of
 * several periods left open). `field` names the form field that fixes it. The admin page shows
 * the list beside the draft; the Worker asks for a reason before publishing with items missing.
 */
export type ChecklistStatus = 'present' | 'missing' | 'flagged';

export interface ChecklistItem {
  id: string;
  label: string;
  status: ChecklistStatus;
  /** Why it has this status, in a sentence for the author. */
  detail: string;
  /** The editor field that fixes it, e.g. `facts.retention`. */
  field: string;
}

/** Words a faithful notice uses where the policy leaves a fact out. */
const UNSTATED =
  /\bnot (stated|named|listed|given|published|say|state|mention)\b|\bdoes not (say|name|give|state|mention|list)\b|\bno (period|person|contact details)\b|\bnames no\b/i;
const DURATION =
  /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+(day|week|month|year)s?\b|\bindefinite(ly)?\b|\bas long as you (consent|agree)\b/i;
const ICO = /\bICO\b|Information Commissioner/i;

const unstated = (text: string | undefined) => text !== undefined && UNSTATED.test(text);
const contactText = (point: ContactPoint) => [point.name, point.role].filter(Boolean).join(' ');
const reachable = (point: ContactPoint) => Boolean(point.email || point.phone || point.address || point.url);

function item(id: string, label: string, field: string, status: ChecklistStatus, detail: string): ChecklistItem {
  return { id, label, field, status, detail };
}

function basisStated(purpose: NoticePurpose): boolean {
  if (purpose.basis !== undefined) return purpose.basis !== NOT_STATED;
  return !unstated(purpose.legalBasis);
}

function reliesOn(purpose: NoticePurpose, basis: string, words: RegExp): boolean {
  return purpose.basis === basis || (purpose.basis === undefined && words.test(purpose.legalBasis));
}

const RIGHTS: { id: string; label: string; words: RegExp }[] = [
  { id: 'right-access', label: 'The right of access', words: /\baccess\b|\bsee the information\b|\bcopy\b/i },
  { id: 'right-rectification', label: 'The right to have data corrected', words: /rectif|correct|\bupdate\b/i },
  { id: 'right-erasure', label: 'The right to erasure', words: /erase|erasure|delet|forgotten/i },
  { id: 'right-restriction', label: 'The right to restrict processing', words: /restrict/i },
  {
    id: 'right-portability',
    label: 'The right to data portability',
    words: /portab|supplied electronically to another|transfer of your data/i,
  },
];

function rightsItems(rights: readonly string[]): ChecklistItem[] {
  const says = (words: RegExp) => rights.some((right) => words.test(right));
  const items = RIGHTS.map(({ id, label, words }) =>
    says(words)
      ? item(id, label, 'facts.rights', 'present', 'Listed in the rights.')
      : item(id, label, 'facts.rights', 'missing', 'Not in the list of rights.'),
  );
  const objection = says(/\bobject\b|stop us using/i)
    ? item('right-object', 'The right to object', 'facts.rights', 'present', 'Listed in the rights.')
    : says(/opt out/i)
      ? item(
          'right-object',
          'The right to object',
          'facts.rights',
          'flagged',
          'Only opting out of marketing is listed; the right to object covers more.',
        )
      : item('right-object', 'The right to object', 'facts.rights', 'missing', 'Not in the list of rights.');
  return [...items, objection];
}

export function noticeChecklist(document: NoticeDocument): ChecklistItem[] {
  const { facts } = document;
  const { controller, dpo, purposes, rights } = facts;
  const items: ChecklistItem[] = [];

  const controllerLabel = 'Who the controller is and how to contact them';
  if (unstated(contactText(controller)))
    items.push(item('controller', controllerLabel, 'facts.controller', 'missing', 'The controller is not named.'));
  else if (!reachable(controller))
    items.push(
      item('controller', controllerLabel, 'facts.controller', 'flagged', 'Named, but with no address, email or phone.'),
    );
  else items.push(item('controller', controllerLabel, 'facts.controller', 'present', `${controller.name}.`));

  const dpoLabel = 'The data protection officer’s contact details';
  if (!dpo) items.push(item('dpo', dpoLabel, 'facts.dpo', 'missing', 'No DPO (or data protection lead) is named.'));
  else if (!reachable(dpo) || unstated(contactText(dpo)))
    items.push(item('dpo', dpoLabel, 'facts.dpo', 'flagged', 'Named, but with no way to contact them.'));
  else items.push(item('dpo', dpoLabel, 'facts.dpo', 'present', `${dpo.name}.`));

  items.push(
    item('purposes', 'The purposes of the processing', 'facts.purposes', 'present', `${purposes.length} listed.`),
  );

  const unstatedBases = purposes.filter((purpose) => !basisStated(purpose)).length;
  items.push(
    unstatedBases === 0
      ? item('lawful-bases', 'A lawful basis for each purpose', 'facts.purposes', 'present', 'Every purpose has one.')
      : item(
          'lawful-bases',
          'A lawful basis for each purpose',
          'facts.purposes',
          unstatedBases === purposes.length ? 'missing' : 'flagged',
          `${unstatedBases} of ${purposes.length} purposes have no lawful basis stated.`,
        ),
  );

  const healthCondition = purposes.some(
    (purpose) => purpose.condition !== undefined || /Article 9|\b9\(2\)/i.test(purpose.legalBasis),
  );
  items.push(
    healthCondition
      ? item(
          'health-condition',
          'A condition for health and care data (Article 9)',
          'facts.purposes',
          'present',
          'An Article 9(2) condition is given.',
        )
      : item(
          'health-condition',
          'A condition for health and care data (Article 9)',
          'facts.purposes',
          'missing',
          'No purpose gives an Article 9(2) condition for health or care data.',
        ),
  );

  const interests = purposes.filter((purpose) => reliesOn(purpose, 'legitimate-interests', /legitimate interest/i));
  const interestsLabel = 'The legitimate interests relied on';
  if (interests.length === 0)
    items.push(item('legitimate-interests', interestsLabel, 'facts.purposes', 'present', 'No purpose relies on them.'));
  else if (interests.every((purpose) => purpose.interests))
    items.push(
      item('legitimate-interests', interestsLabel, 'facts.purposes', 'present', 'Each interest is described.'),
    );
  else
    items.push(
      item(
        'legitimate-interests',
        interestsLabel,
        'facts.purposes',
        'flagged',
        `${interests.filter((purpose) => !purpose.interests).length} purposes rely on legitimate interests without saying what the interests are.`,
      ),
    );

  items.push(
    facts.recipients.length > 0
      ? item(
          'recipients',
          'Who the data is shared with',
          'facts.recipients',
          'present',
          `${facts.recipients.length} listed.`,
        )
      : item('recipients', 'Who the data is shared with', 'facts.recipients', 'missing', 'No recipients are listed.'),
  );

  const transfersLabel = 'Transfers outside the UK and their safeguards';
  if (facts.transfers.length === 0 || facts.transfers.every((transfer) => unstated(transfer)))
    items.push(
      item(
        'transfers',
        transfersLabel,
        'facts.transfers',
        'missing',
        'The notice does not say whether data leaves the UK.',
      ),
    );
  else items.push(item('transfers', transfersLabel, 'facts.transfers', 'present', 'Stated.'));

  const open = facts.retention.filter((entry) => !DURATION.test(entry.period) || unstated(entry.period));
  const retentionLabel = 'How long data is kept';
  if (facts.retention.length === 0 || open.length === facts.retention.length)
    items.push(item('retention', retentionLabel, 'facts.retention', 'missing', 'No retention period is stated.'));
  else if (open.length > 0)
    items.push(
      item(
        'retention',
        retentionLabel,
        'facts.retention',
        'flagged',
        `${open.length} of ${facts.retention.length} entries give no period: ${open.map((entry) => entry.what).join('; ')}.`,
      ),
    );
  else items.push(item('retention', retentionLabel, 'facts.retention', 'present', 'A period for every entry.'));

  items.push(...rightsItems(rights));

  const automatedRight = rights.some((right) => /automated/i.test(right));
  items.push(
    facts.automatedDecisions
      ? item('automated-decisions', 'Automated decision-making', 'facts.automatedDecisions', 'present', 'Stated.')
      : item(
          'automated-decisions',
          'Automated decision-making',
          'facts.automatedDecisions',
          automatedRight ? 'flagged' : 'missing',
          automatedRight
            ? 'The right is listed, but not whether any decisions are automated.'
            : 'The notice does not say whether decisions are made automatically.',
        ),
  );

  const consentUsed = purposes.some((purpose) => reliesOn(purpose, 'consent', /consent|agreement/i));
  const withdraw = rights.some((right) => /withdraw/i.test(right));
  items.push(
    withdraw || !consentUsed
      ? item(
          'withdraw-consent',
          'The right to withdraw consent',
          'facts.rights',
          'present',
          withdraw ? 'Listed in the rights.' : 'No purpose relies on consent.',
        )
      : item(
          'withdraw-consent',
          'The right to withdraw consent',
          'facts.rights',
          'missing',
          'Consent is relied on, but withdrawing it is not mentioned.',
        ),
  );

  const complaintLabel = 'The right to complain to the ICO';
  if (facts.complaints.some((point) => ICO.test(contactText(point))) || rights.some((right) => ICO.test(right)))
    items.push(item('complaint', complaintLabel, 'facts.complaints', 'present', 'The ICO is named.'));
  else if (facts.complaints.length > 0)
    items.push(
      item('complaint', complaintLabel, 'facts.complaints', 'flagged', 'A complaint route is given, but not the ICO.'),
    );
  else items.push(item('complaint', complaintLabel, 'facts.complaints', 'missing', 'No complaint route is given.'));

  items.push(
    facts.requirement
      ? item('requirement', 'Whether people must provide the data', 'facts.requirement', 'present', 'Stated.')
      : item(
          'requirement',
          'Whether people must provide the data',
          'facts.requirement',
          'missing',
          'The notice does not say whether giving the data is required, and what happens if not.',
        ),
  );

  items.push(
    facts.dataSources?.length
      ? item('data-sources', 'Where data comes from, if not from the person', 'facts.dataSources', 'present', 'Stated.')
      : item(
          'data-sources',
          'Where data comes from, if not from the person',
          'facts.dataSources',
          'flagged',
          'Not stated: say where data comes from when not from the person (a referrer, a relative), or that it always comes from them.',
        ),
  );
  return items;
}

export function missingItems(document: NoticeDocument): ChecklistItem[] {
  return noticeChecklist(document).filter((entry) => entry.status === 'missing');
}
