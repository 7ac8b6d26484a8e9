import Cookies from 'js-cookie';
import { CONSENT_COOKIE, type ConsentRecord } from '../../contract/consent.js';
import { expireEverywhere } from './cookie-cleanup.js';
import { serialiseRecord } from './storage.js';

/**
 * Writes the decision, to lapse when it does (the browser then forgets it too). Any other copy
 * of the cookie (a page script may plant one under another path or domain) goes first: two
 * copies count as no decision, so the visitor's choice would never stick.
 */
export function writeRecord(record: ConsentRecord): void {
  expireEverywhere(CONSENT_COOKIE);
  Cookies.set(CONSENT_COOKIE, serialiseRecord(record), {
    expires: new Date(record.expiresAt),
    path: '/',
    sameSite: 'Lax',
    secure: location.protocol === 'https:',
  });
}
