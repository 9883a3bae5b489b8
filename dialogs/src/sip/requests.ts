/**
 * Messages the transaction layer derives from others: a response to a request (RFC 3261
 * §8.2.6), the ACK for a non-2xx final response (§17.1.1.3) and a CANCEL (§9.1).
 */
import { formatCSeq } from './headers.js';
import { getCSeq, getTo } from './fields.js';
import { newSipRequest, newSipResponse, SipHeaders, type SipRequest, type SipResponse } from './message.js';
import { formatNameAddr, withSipTag } from './name-addr.js';
import { sipReasonPhrase } from './reasons.js';

/** Options for createSipResponse. */
export interface SipResponseOptions {
  /** Defaults to the standard phrase. */
  readonly reason?: string;
  /** Added to To when it has none (never on 100 Trying, which creates no dialog). */
  readonly toTag?: string;
  /** Extra headers, appended after the copied ones (Contact, Allow, WWW-Authenticate…). */
  readonly headers?: Iterable<readonly [string, string]>;
  readonly body?: Uint8Array | string;
}

// Requests whose 2xx/1xx establishes a dialog: their responses carry Record-Route back (§12.1.1).
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * A response to `request`: Via (all, in order), From, To, Call-ID and CSeq copied; a To tag added
 * when given; Record-Route copied for dialog-creating 1xx/2xx; Timestamp echoed on 100.
 */
export function createSipResponse(request: SipRequest, status: number, options: SipResponseOptions = {}): SipResponse {
  const h = request.headers;
  const headers = new SipHeaders();
  for (const via of h.getAll('Via')) headers.append('Via', via);
  headers.append('From', h.get('From') ?? '');
  let to = h.get('To') ?? '';
  if (options.toTag !== undefined && status > 100) {
    const parsed = getTo(request);
    if (parsed.params.get('tag') == null) to = formatNameAddr(withSipTag(parsed, options.toTag));
  }
  headers.append('To', to);
  headers.append('Call-ID', h.get('Call-ID') ?? '');
  headers.append('CSeq', h.get('CSeq') ?? '');
  if (status > 100 && status < 300 && DIALOG_CREATING.has(request.method)) {
    for (const rr of h.getAll('Record-Route')) headers.append('Record-Route', rr);
  }
  if (status === 100 && h.has('Timestamp')) headers.append('Timestamp', h.get('Timestamp') ?? '');
  for (const [name, value] of options.headers ?? []) headers.append(name, value);
  return newSipResponse(status, options.reason ?? sipReasonPhrase(status), headers, options.body);
}

/**
 * The ACK a UAC sends for a non-2xx final response to its INVITE: same Request-URI, top Via
 * (same branch), From, Call-ID and Route; To from the response (its tag); CSeq number with ACK.
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const h = invite.headers;
  const headers = new SipHeaders();
  const topVia = h.get('Via');
  if (topVia !== undefined) headers.append('Via', topVia);
  for (const route of h.getAll('Route')) headers.append('Route', route);
  headers.append('Max-Forwards', '70');
  headers.append('From', h.get('From') ?? '');
  headers.append('To', response.headers.get('To') ?? h.get('To') ?? '');
  headers.append('Call-ID', h.get('Call-ID') ?? '');
  headers.append('CSeq', formatCSeq({ seq: getCSeq(invite).seq, method: 'ACK' }));
  return newSipRequest('ACK', invite.uri, headers);
}

/**
 * A CANCEL for a pending INVITE: same Request-URI, top Via (same branch), From, To, Call-ID,
 * Route and CSeq number; `reason` adds a Reason header (RFC 3326), e.g. `SIP;cause=487`.
 */
export function createCancel(invite: SipRequest, reason?: string): SipRequest {
  const h = invite.headers;
  const headers = new SipHeaders();
  const topVia = h.get('Via');
  if (topVia !== undefined) headers.append('Via', topVia);
  for (const route of h.getAll('Route')) headers.append('Route', route);
  headers.append('Max-Forwards', '70');
  headers.append('From', h.get('From') ?? '');
  headers.append('To', h.get('To') ?? '');
  headers.append('Call-ID', h.get('Call-ID') ?? '');
  headers.append('CSeq', formatCSeq({ seq: getCSeq(invite).seq, method: 'CANCEL' }));
  if (reason !== undefined) headers.append('Reason', reason);
  return newSipRequest('CANCEL', invite.uri, headers);
}
