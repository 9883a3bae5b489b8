/**
 * Typed reads of the headers validateSipMessage has already checked. Inside the stack we trust
 * a parsed message (ARCHITECTURE rule 4), so these throw SipMessageError only when handed a
 * message our own code built wrongly.
 */
import { SipMessageError, sipError, unwrap } from './errors.js';
import { parseCallId, parseCSeq, parseMaxForwards, type SipCSeq } from './headers.js';
import type { SipMessage } from './message.js';
import { parseContacts, parseNameAddr, parseNameAddrList, sipTag, type SipNameAddr } from './name-addr.js';
import { parseVias, type SipVia } from './via.js';

export function getVias(msg: SipMessage): SipVia[] {
  return unwrap(parseVias(msg.headers.getAll('Via')));
}

/** The top Via (the one a transaction matches on). */
export function getTopVia(msg: SipMessage): SipVia {
  const [top] = getVias(msg);
  if (top === undefined) throw new SipMessageError(sipError('HEADER_MISSING', 'Via', 'no Via'));
  return top;
}

export function getFrom(msg: SipMessage): SipNameAddr {
  return unwrap(parseNameAddr(msg.headers.get('From') ?? '', 'From'));
}

export function getTo(msg: SipMessage): SipNameAddr {
  return unwrap(parseNameAddr(msg.headers.get('To') ?? '', 'To'));
}

export function getFromTag(msg: SipMessage): string | null {
  return sipTag(getFrom(msg));
}

export function getToTag(msg: SipMessage): string | null {
  return sipTag(getTo(msg));
}

export function getCallId(msg: SipMessage): string {
  return unwrap(parseCallId(msg.headers.get('Call-ID') ?? ''));
}

export function getCSeq(msg: SipMessage): SipCSeq {
  return unwrap(parseCSeq(msg.headers.get('CSeq') ?? ''));
}

/** Max-Forwards, or null when absent (responses). */
export function getMaxForwards(msg: SipMessage): number | null {
  const v = msg.headers.get('Max-Forwards');
  return v === undefined ? null : unwrap(parseMaxForwards(v));
}

/** Contacts in order; `*` only in REGISTER; empty when absent. */
export function getContacts(msg: SipMessage): SipNameAddr[] | '*' {
  return msg.headers.has('Contact') ? unwrap(parseContacts(msg.headers.getAll('Contact'))) : [];
}

/** Record-Route entries in order (all fields, comma lists flattened). */
export function getRecordRoutes(msg: SipMessage): SipNameAddr[] {
  return unwrap(parseNameAddrList(msg.headers.getAll('Record-Route'), 'Record-Route'));
}

/** Route entries in order (all fields, comma lists flattened). */
export function getRoutes(msg: SipMessage): SipNameAddr[] {
  return unwrap(parseNameAddrList(msg.headers.getAll('Route'), 'Route'));
}
