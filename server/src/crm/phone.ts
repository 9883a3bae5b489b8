/**
 * Phone numbers as the CRM and the blacklist store them: the leads module's normalizer
 * (server/src/leads/phone.ts) is the one rule, so a number is the same string as a lead, a
 * customer and a blacklist entry, and rejected rows give the same reasons everywhere.
 */
import { normalizePhone as checkPhone } from '../leads/phone.js';

export { checkPhone };
export type { PhoneResult } from '../leads/phone.js';

/** The normalized number of a form field or a cell, or null when it is not a valid one. */
export function normalizePhone(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const r = checkPhone(raw);
  return r.ok ? r.phone : null;
}

/** Full-width digits to ASCII. */
const toHalfWidth = (s: string): string => s.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Digits a person typed to search by number prefix (+86 and separators dropped). */
export function phonePrefix(raw: string): string {
  const half = toHalfWidth(raw).trim();
  const digits = half.replace(/\D/g, '');
  return half.startsWith('+86') ? digits.slice(2) : digits;
}
