/**
 * Chinese phone numbers: what a marketer types or pastes into a spreadsheet, normalized to the
 * digits the dialer sends (Lead.phone, Blacklist.phone, Customer.phone), or refused with a
 * reason in both languages. Pure: no I/O.
 *
 * Accepted, and their normal form:
 * - mobiles `1[3-9]` + 9 digits → 11 digits. Prefixes `+86`, `0086`, `86` and a leading long
 *   distance `0` (`013800138000`) are dropped.
 * - landlines: area code `010`, `02x` (x ≠ 6) + an 8-digit local number, or a four-digit area
 *   code `0[3-9]xx` + a 7- or 8-digit local number (local numbers never start with 0 or 1) →
 *   area code + local number, digits only (`01012345678`). `+86 10 1234 5678` becomes `010…`.
 * - service numbers `400` / `800` + 7 digits → 10 digits.
 * Spaces (also full-width and no-break), dashes of any width, brackets and full-width digits are
 * tolerated anywhere.
 *
 * Refused on purpose:
 * - **extensions** (`010-12345678-123`, `转123`, `ext 123`, `#123`): the robot dials the number
 *   and talks; it cannot key an extension in, so keeping the number and dropping the
 *   extension would have the robot pitch the switchboard. The row is refused with
 *   `PHONE_EXTENSION` so the marketer can fix it.
 * - a local number without its area code: nobody can know which city to dial.
 * - numbers of other countries (`+1…`, `00852…`): the trunks are Chinese.
 *
 * A spreadsheet stores a number typed into a number cell without its leading zero
 * (`01012345678` → 1012345678); for numeric input only, the zero is put back when that makes
 * a valid landline.
 */

/** What kind of number it is. */
export type PhoneKind = 'mobile' | 'landline' | 'service';

/** Why a number was refused: a stable code and the text people read. */
export interface PhoneReason {
  readonly code: PhoneRejectCode;
  readonly zh: string;
  readonly en: string;
}

export type PhoneRejectCode =
  | 'PHONE_EMPTY'
  | 'PHONE_CHARACTERS'
  | 'PHONE_FOREIGN'
  | 'PHONE_EXTENSION'
  | 'PHONE_AREA_CODE_MISSING'
  | 'PHONE_INVALID';

export type PhoneResult =
  | { readonly ok: true; readonly phone: string; readonly kind: PhoneKind }
  | { readonly ok: false; readonly reason: PhoneReason };

const REASONS: Record<PhoneRejectCode, Omit<PhoneReason, 'code'>> = {
  PHONE_EMPTY: { zh: '电话为空', en: 'the phone number is empty' },
  PHONE_CHARACTERS: { zh: '电话含有数字以外的字符', en: 'the phone number contains characters other than digits' },
  PHONE_FOREIGN: { zh: '不支持境外号码', en: 'numbers outside mainland China are not supported' },
  PHONE_EXTENSION: { zh: '不支持分机号，请只填总机号码或直拨号码', en: 'extensions are not supported: give the direct number only' },
  PHONE_AREA_CODE_MISSING: { zh: '座机号码缺少区号', en: 'the landline number has no area code' },
  PHONE_INVALID: { zh: '不是有效的手机、座机或400/800号码', en: 'not a valid mobile, landline or 400/800 number' },
};

const refuse = (code: PhoneRejectCode): PhoneResult => ({ ok: false, reason: { code, ...REASONS[code] } });

/** The reason texts of a code, for reports that store only the code. */
export function phoneReason(code: PhoneRejectCode): PhoneReason {
  return { code, ...REASONS[code] };
}

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^[48]00\d{7}$/;
/** 010 and 02x (026 is unassigned) take 8-digit local numbers; 0[3-9]xx take 7 or 8. */
const LANDLINE = /^(?:0(?:10|2[0-57-9])[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7})$/;
/** A local number alone: 7 or 8 digits not starting with 0 or 1. */
const LOCAL_ONLY = /^[2-9]\d{6,7}$/;
/** Words and marks that introduce an extension. */
const EXTENSION_MARK = /(?:转|分机|ext\.?|extension|[x#])\s*\d+\s*$/i;
/** What people put between groups of digits: spaces of all kinds, dashes of all widths. */
const GAPS = /[\s\u00a0\u3000\u200b\ufeff\-‐‑‒–—―－﹣]+/;
/** Gaps and brackets, removed before reading the digits. */
const SEPARATORS = /[\s\u00a0\u3000\u200b\ufeff\-‐‑‒–—―－﹣()（）[\]【】]/g;

/** Full-width digits, plus and hash to ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[０-９＋＃]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function classify(digits: string): PhoneResult | null {
  if (MOBILE.test(digits)) return { ok: true, phone: digits, kind: 'mobile' };
  if (SERVICE.test(digits)) return { ok: true, phone: digits, kind: 'service' };
  if (LANDLINE.test(digits)) return { ok: true, phone: digits, kind: 'landline' };
  return null;
}

/**
 * Normalizes and validates one number (a spreadsheet cell or a form field). Numbers are
 * treated as the digits they show; `null`/`undefined`/blank is `PHONE_EMPTY`.
 */
export function normalizePhone(input: string | number | null | undefined): PhoneResult {
  if (input === null || input === undefined) return refuse('PHONE_EMPTY');
  if (typeof input === 'number') return fromNumber(input);
  // A spreadsheet cell may also be a boolean; the types say otherwise, the files do not.
  if (typeof input !== 'string') return refuse('PHONE_CHARACTERS');
  const text = halfWidth(input).trim();
  if (text === '') return refuse('PHONE_EMPTY');
  if (EXTENSION_MARK.test(text)) {
    const main = normalizePhone(text.replace(EXTENSION_MARK, ''));
    return main.ok ? refuse('PHONE_EXTENSION') : main;
  }
  if (hasExtensionGroup(text)) return refuse('PHONE_EXTENSION');
  let s = text.replace(SEPARATORS, '');
  let international = false;
  if (s.startsWith('+') || s.startsWith('00')) {
    const rest = s.startsWith('+') ? s.slice(1) : s.slice(2);
    if (!/^\d+$/.test(rest)) return refuse('PHONE_CHARACTERS');
    if (!rest.startsWith('86')) return refuse('PHONE_FOREIGN');
    s = rest.slice(2);
    international = true;
  }
  if (!/^\d+$/.test(s)) return refuse('PHONE_CHARACTERS');
  // From abroad a landline drops its leading 0 (+86 10 …); a mobile or 400 number does not.
  const hit = international ? classify(s) ?? fromNational(s.startsWith('0') ? s : `0${s}`) : fromNational(s);
  if (hit) return hit;
  if (!international && /^861[3-9]\d{9}$/.test(s)) return { ok: true, phone: s.slice(2), kind: 'mobile' };
  if (LOCAL_ONLY.test(s)) return refuse('PHONE_AREA_CODE_MISSING');
  return refuse('PHONE_INVALID');
}

/** A number as dialed inside China: mobile (with or without a long-distance 0), landline, 400/800. */
function fromNational(s: string): PhoneResult | null {
  const direct = classify(s);
  if (direct) return direct;
  // `0` + mobile: some lists write out-of-town mobiles with the long-distance prefix.
  if (s.length === 12 && s.startsWith('01') && MOBILE.test(s.slice(1))) return { ok: true, phone: s.slice(1), kind: 'mobile' };
  return null;
}

/**
 * `010-12345678-123`, `(0755) 2345678 9`: an area code group, a whole local-number group, and
 * more digits after them. Checked on the groups as written, since `0755-2345678-9` joined is
 * also a valid 8-digit local number.
 */
function hasExtensionGroup(text: string): boolean {
  const groups = text.replace(/[()（）[\]【】]/g, ' ').split(GAPS).filter((g) => g !== '');
  if (groups.length < 3) return false;
  let i = 0;
  if (/^(?:\+|00)86$/.test(groups[0]!)) i = 1;
  const area = i === 1 && !groups[1]!.startsWith('0') ? `0${groups[1]!}` : groups[i]!;
  const local = groups[i + 1];
  if (local === undefined || i + 2 >= groups.length) return false;
  if (!/^0\d{2,3}$/.test(area) || !/^[2-9]\d{6,7}$/.test(local)) return false;
  return LANDLINE.test(area + local) && groups.slice(i + 2).every((g) => /^\d{1,6}$/.test(g));
}

function fromNumber(n: number): PhoneResult {
  if (!Number.isFinite(n)) return refuse('PHONE_INVALID');
  if (!Number.isInteger(n) || n < 0) return refuse('PHONE_CHARACTERS');
  const digits = n.toFixed(0);
  const direct = normalizePhone(digits);
  if (direct.ok) return direct;
  // A number cell loses a landline's leading zero: 01012345678 is stored as 1012345678.
  const withZero = classify(`0${digits}`);
  if (withZero?.ok && withZero.kind === 'landline') return withZero;
  return direct;
}

/**
 * The digits a phone search starts with: separators, full-width digits and a +86 / 0086 prefix
 * are dropped, as in stored numbers.
 */
export function phonePrefix(input: string): string {
  const digits = input.normalize('NFKC').replace(/[^\d+]/g, '');
  return digits.replace(/^(?:\+86|0086)/, '').replace(/\D/g, '');
}
