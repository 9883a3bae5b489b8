/**
 * Parsing a SIP message from one UDP datagram (RFC 3261 §7, §18.3). Never throws: the result
 * is the message, or a coded error naming the header and the status a server should answer.
 */
import type { SipError } from './errors.js';
import { newSipRequest, newSipResponse, type SipMessage } from './message.js';
import {
  DEFAULT_MAX_HEADERS, DEFAULT_MAX_MESSAGE_BYTES, findHeadEnd, parseHead, readContentLength, skipLineBreaks,
  type Head, type SipParseLimits,
} from './parse-head.js';
import { sipError } from './errors.js';
import { validateSipMessage } from './validate.js';

export type { SipParseLimits } from './parse-head.js';

/**
 * A parse outcome. On failure `partial` holds what could be read (start line and header lines)
 * when the syntax was sound, so a server can still answer a broken request with 400.
 */
export type SipParseResult =
  | { readonly ok: true; readonly message: SipMessage }
  | { readonly ok: false; readonly error: SipError; readonly partial?: SipMessage };

const decoder = new TextDecoder('utf-8');

/** Assembles a message from its head and body and validates it. @internal used by the framer */
export function completeMessage(head: Head, body: Uint8Array): SipParseResult {
  const message = head.start.kind === 'request'
    ? newSipRequest(head.start.method, head.start.uri, head.headers, body)
    : newSipResponse(head.start.status, head.start.reason, head.headers, body);
  const error = validateSipMessage(message);
  return error === null ? { ok: true, message } : { ok: false, error, partial: message };
}

/**
 * Parses one datagram. Leading CRLFs are skipped (RFC 3261 §7.5). Content-Length is optional
 * on UDP; a body longer than it is truncated, a shorter one is an error (§18.3).
 */
export function parseSipMessage(data: Uint8Array, limits: SipParseLimits = {}): SipParseResult {
  const maxBytes = limits.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (data.length > maxBytes) return { ok: false, error: sipError('MESSAGE_TOO_LARGE', null, `${data.length} bytes`) };
  const start = skipLineBreaks(data, 0, data.length);
  if (start === data.length) return { ok: false, error: sipError('MESSAGE_EMPTY', null, 'no message, only line breaks') };
  const end = findHeadEnd(data, start, data.length);
  if (end === null) return { ok: false, error: sipError('HEADERS_INCOMPLETE', null, 'no empty line after the headers') };
  const head = parseHead(decoder.decode(data.subarray(start, end.textEnd)), limits.maxHeaders ?? DEFAULT_MAX_HEADERS);
  if (!head.ok) return { ok: false, error: head.error };
  const length = readContentLength(head.value.headers);
  if (!length.ok) return { ok: false, error: length.error };
  const available = data.length - end.bodyStart;
  const n = length.value ?? available;
  if (n > available) {
    return { ok: false, error: sipError('BODY_TRUNCATED', 'Content-Length', `Content-Length ${n} but only ${available} body bytes`) };
  }
  // slice, not subarray: the message must not pin the whole receive buffer.
  return completeMessage(head.value, data.slice(end.bodyStart, end.bodyStart + n));
}
