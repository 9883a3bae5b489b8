/**
 * From a lead's number to what goes into the INVITE's Request-URI through one trunk: the
 * trunk's 限制被叫前缀 checked on the number as stored (normalized: mobiles as 11 digits,
 * landlines with their 0-led area code), then 去除前缀个数 and 前呼号码 applied.
 */
import type { TrunkConfig } from './config.js';

export type DialRefusal = 'CALLEE_PREFIX_NOT_ALLOWED' | 'NUMBER_EMPTY_AFTER_STRIP';

export type DialString = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly code: DialRefusal; readonly message: string };

export function dialString(trunk: Pick<TrunkConfig, 'calleePrefixes' | 'stripDigits' | 'addPrefix' | 'name'>, phone: string): DialString {
  if (trunk.calleePrefixes.length > 0 && !trunk.calleePrefixes.some((p) => phone.startsWith(p))) {
    return { ok: false, code: 'CALLEE_PREFIX_NOT_ALLOWED', message: `trunk ${trunk.name} only dials numbers starting with ${trunk.calleePrefixes.join(', ')}` };
  }
  const rest = phone.slice(trunk.stripDigits);
  if (rest === '') return { ok: false, code: 'NUMBER_EMPTY_AFTER_STRIP', message: `trunk ${trunk.name} strips ${trunk.stripDigits} digits: nothing is left of the number` };
  return { ok: true, user: trunk.addPrefix + rest };
}

/** Whether a caller ID may leave through the trunk (外显前缀). */
export function callerIdAllowed(trunk: Pick<TrunkConfig, 'callerIdPrefixes'>, callerId: string): boolean {
  return trunk.callerIdPrefixes.length === 0 || trunk.callerIdPrefixes.some((p) => callerId.startsWith(p));
}
