/**
 * The semantic check a received message gets once, at the edge: mandatory headers present and
 * single, and every header the transaction and dialog layers read is well formed. Headers read
 * only on demand (Expires, RAck, Authorization…) are checked by their own parsers when used.
 */
import { sipError, type SipError } from './errors.js';
import { parseCallId, parseCSeq, parseMaxForwards } from './headers.js';
import type { SipMessage } from './message.js';
import { parseContacts, parseNameAddr, parseNameAddrList } from './name-addr.js';
import { parseVias } from './via.js';

const SINGLE = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'];

/** Returns the first problem with a message, or null when the layers above may trust it. */
export function validateSipMessage(msg: SipMessage): SipError | null {
  const h = msg.headers;
  const mandatory = msg.kind === 'request' ? ['Via', ...SINGLE] : ['Via', 'From', 'To', 'Call-ID', 'CSeq'];
  for (const name of mandatory) if (!h.has(name)) return sipError('HEADER_MISSING', name, `no ${name} header`);
  for (const name of SINGLE) if (h.count(name) > 1) return sipError('HEADER_DUPLICATE', name, `${name} appears ${h.count(name)} times`);

  const vias = parseVias(h.getAll('Via'));
  if (!vias.ok) return vias.error;
  for (const name of ['From', 'To']) {
    const na = parseNameAddr(h.get(name) ?? '', name);
    if (!na.ok) return na.error;
  }
  const callId = parseCallId(h.get('Call-ID') ?? '');
  if (!callId.ok) return callId.error;
  const cseq = parseCSeq(h.get('CSeq') ?? '');
  if (!cseq.ok) return cseq.error;
  if (msg.kind === 'request') {
    if (cseq.value.method !== msg.method) return sipError('CSEQ_METHOD_MISMATCH', 'CSeq', `CSeq method ${cseq.value.method} on a ${msg.method}`);
    const mf = parseMaxForwards(h.get('Max-Forwards') ?? '');
    if (!mf.ok) return mf.error;
  }
  if (h.has('Contact')) {
    const contacts = parseContacts(h.getAll('Contact'));
    if (!contacts.ok) return contacts.error;
  }
  for (const name of ['Route', 'Record-Route']) {
    if (!h.has(name)) continue;
    const list = parseNameAddrList(h.getAll(name), name);
    if (!list.ok) return list.error;
  }
  return null;
}
