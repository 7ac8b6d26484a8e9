import type { ConsentReceipt } from '../contract/api.js';
import type { OptionalCategory } from '../contract/categories.js';
import { OPTIONAL_CATEGORIES } from '../contract/categories.js';
import type { NoticeVersion } from '../contract/notice.js';
import type { SiteSettings } from '../contract/site.js';
import { categoriesUsed } from '../contract/site-config.js';

/** A receipt in the Kantara Initiative Consent Receipt v1.1 form. */
export interface KantaraReceipt {
  version: 'KI-CR-v1.1.0';
  jurisdiction: 'GB';
  consentTimestamp: number;
  collectionMethod: string;
  consentReceiptID: string;
  publicKey?: string;
  language: string;
  piiPrincipalId: string;
  piiControllers: {
    piiController: string;
    onBehalf: boolean;
    contact: string;
    address: Record<string, string>;
    email: string;
    phone: string;
    piiControllerUrl?: string;
  }[];
  policyUrl: string;
  services: {
    service: string;
    purposes: {
      purpose: string;
      consentType: string;
      purposeCategory: string[];
      piiCategory: string[];
      primaryPurpose: boolean;
      termination: string;
      thirdPartyDisclosure: boolean;
      thirdPartyName?: string;
    }[];
  }[];
  sensitive: boolean;
  spiCat: string[];
}

const COLLECTION_METHOD: Record<ConsentReceipt['method'], string> = {
  'accept-all': 'Website cookie banner: Accept all',
  'reject-all': 'Website cookie banner: Reject all',
  preferences: 'Website cookie preferences: saved choices',
  gpc: 'Global Privacy Control signal from the browser',
  api: "Website's own control, on the visitor's instruction",
};

const PURPOSE: Record<OptionalCategory, string> = {
  functional: 'Functional cookies: remember settings the visitor chooses',
  analytics: 'Analytics cookies: measure how the website is used',
  marketing: 'Marketing cookies: personalise content and adverts',
};

const NOT_STATED = 'Not stated in the notice';

/**
 * The Kantara form of a stored receipt: the organisation as PII controller, the notice version
 * pinned in `policyUrl`, and one purpose per cookie category the site uses, with the visitor's
 * answer as its consent type.
 */
export function toKantara(
  receipt: ConsentReceipt,
  notice: NoticeVersion,
  settings: SiteSettings,
  workerOrigin: string,
  publicKey?: string,
): KantaraReceipt {
  const { facts } = notice.document;
  const controller = facts.controller;
  const expiry = `Until withdrawn, or ${settings.consentExpiryMonths} months after it was given`;
  const used = categoriesUsed(notice).filter((category): category is OptionalCategory =>
    (OPTIONAL_CATEGORIES as readonly string[]).includes(category),
  );
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'GB',
    consentTimestamp: Math.floor(Date.parse(receipt.decidedAt) / 1000),
    collectionMethod: COLLECTION_METHOD[receipt.method],
    consentReceiptID: receipt.receiptId,
    ...(publicKey ? { publicKey } : {}),
    language: receipt.language,
    piiPrincipalId: receipt.consentId,
    piiControllers: [
      {
        piiController: settings.organisation.name,
        onBehalf: false,
        contact: facts.dpo?.name ?? controller.name,
        address: controller.address ? { formatted: controller.address } : { formatted: NOT_STATED },
        email: facts.dpo?.email ?? controller.email ?? NOT_STATED,
        phone: facts.dpo?.phone ?? controller.phone ?? NOT_STATED,
        ...(settings.organisation.website ? { piiControllerUrl: settings.organisation.website } : {}),
      },
    ],
    policyUrl: `${workerOrigin}/v1/sites/${receipt.site}/notices/${receipt.noticeVersion}`,
    services: used.map((category) => {
      const services = notice.document.services.filter((service) => service.category === category);
      const thirdParties = [...new Set(services.map((service) => service.provider))];
      return {
        service: `${category[0]!.toUpperCase()}${category.slice(1)} cookies: ${services.map((service) => service.name).join(', ') || 'none declared'}`,
        purposes: [
          {
            purpose: PURPOSE[category],
            consentType: receipt.choices[category] ? 'EXPLICIT' : 'REFUSED',
            purposeCategory: [category],
            piiCategory: ['Online identifiers (cookie identifiers)', 'Website usage data'],
            primaryPurpose: false,
            termination: expiry,
            ...(thirdParties.length > 0
              ? { thirdPartyDisclosure: true as const, thirdPartyName: thirdParties.join(', ') }
              : { thirdPartyDisclosure: false as const }),
          },
        ],
      };
    }),
    sensitive: false,
    spiCat: [],
  };
}
