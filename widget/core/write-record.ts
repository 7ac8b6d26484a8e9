import Cookies from 'js-cookie';
import { CONSENT_COOKIE, type ConsentRecord } from '../../contract/consent.js';
import { serialiseRecord } from './storage.js';

/** Writes the decision, to lapse when it does (the browser then forgets it too). */
export function writeRecord(record: ConsentRecord): void {
  Cookies.set(CONSENT_COOKIE, serialiseRecord(record), {
    expires: new Date(record.expiresAt),
    path: '/',
    sameSite: 'Lax',
    secure: location.protocol === 'https:',
  });
}
