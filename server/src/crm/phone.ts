/**
 * Phone numbers as the CRM and the blacklist store them: the leads module's normalizer
 * (server/src/leads/phone.ts) is the one rule, so a number is the same string as a lead, a
 * customer and a blacklist entry, and rejected rows give the same reasons everywhere.
 */
import { normalizePhone as checkPhone, phonePrefix } from '../leads/phone.js';

export { checkPhone, phonePrefix };
export type { PhoneResult } from '../leads/phone.js';

/** The normalized number of a form field or a cell, or null when it is not a valid one. */
export function normalizePhone(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const r = checkPhone(raw);
  return r.ok ? r.phone : null;
}

/** Why an import row's number cannot be taken. */
export interface PhoneRejection {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * The row's number, normalized, unless it is invalid or an earlier row of the same file had it
 * (`seen` maps numbers to the first row that had them, and is updated).
 */
export function uniqueRowPhone(cell: unknown, row: number, seen: Map<string, number>): { ok: true; phone: string } | { ok: false; reason: PhoneRejection } {
  const phone = checkPhone(typeof cell === 'boolean' ? String(cell) : (cell as string | number | null));
  if (!phone.ok) return { ok: false, reason: phone.reason };
  const first = seen.get(phone.phone);
  if (first !== undefined) return { ok: false, reason: { code: 'DUPLICATE_IN_FILE', zh: `与第 ${first} 行号码重复`, en: `same number as row ${first}` } };
  seen.set(phone.phone, row);
  return { ok: true, phone: phone.phone };
}
