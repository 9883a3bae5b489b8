/**
 * The syntactic half of parsing, shared by the datagram parser and the stream framer: where the
 * header section ends, the start line, header lines with folding, and Content-Length. Every step
 * is one pass over the bytes or lines, so the work is linear in the input.
 */
import { fail, ok, SipMessageError, type SipResult } from './errors.js';
import { hasSipControlChar, isSipToken, SipHeaders } from './message.js';
import { parseSipUri } from './uri.js';

/** Limits applied to untrusted input. */
export interface SipParseLimits {
  /** Largest message, header section plus body (default 65535). */
  readonly maxMessageBytes?: number;
  /** Most header lines (default 200). */
  readonly maxHeaders?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 65_535;
export const DEFAULT_MAX_HEADERS = 200;

const LF = 10;
const CR = 13;

/** Index of the first byte that is not CR or LF at or after `from`. */
export function skipLineBreaks(buf: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && (buf[i] === CR || buf[i] === LF)) i++;
  return i;
}

/**
 * Finds the empty line that ends the header section, scanning from `from`. Returns the offset
 * where the header text ends and the body starts, or null when not (yet) there. Bare LF line
 * ends are accepted, as many parsers do.
 */
export function findHeadEnd(buf: Uint8Array, from: number, end: number): { textEnd: number; bodyStart: number } | null {
  for (let i = buf.indexOf(LF, from); i >= 0 && i < end; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF && i + 1 < end) return { textEnd: i, bodyStart: i + 2 };
    if (buf[i + 1] === CR && buf[i + 2] === LF && i + 2 < end) return { textEnd: i, bodyStart: i + 3 };
  }
  return null;
}

export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: string }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string };

export interface Head {
  readonly start: StartLine;
  readonly headers: SipHeaders;
}

function parseStartLine(line: string): SipResult<StartLine> {
  if (hasSipControlChar(line)) return fail('START_LINE_INVALID', null, 'control character in the start line');
  if (/^SIP\//i.test(line)) {
    const m = /^SIP\/([0-9]+\.[0-9]+)[ \t]+([0-9]{3})(?:[ \t]+(.*))?$/i.exec(line);
    if (!m) return fail('START_LINE_INVALID', null, 'malformed status line');
    if (m[1] !== '2.0') return fail('VERSION_UNSUPPORTED', null, `SIP/${m[1]}`);
    const status = Number(m[2]);
    if (status < 100) return fail('STATUS_INVALID', null, `status ${status}`);
    return ok({ kind: 'response', status, reason: (m[3] ?? '').trim() });
  }
  const parts = line.trim().split(/[ \t]+/);
  if (parts.length !== 3) return fail('START_LINE_INVALID', null, 'a request line has a method, a Request-URI and a version');
  const [method = '', uri = '', version = ''] = parts;
  if (!/^SIP\/[0-9]+\.[0-9]+$/i.test(version)) return fail('START_LINE_INVALID', null, `bad version "${version.slice(0, 20)}"`);
  if (version.slice(4) !== '2.0') return fail('VERSION_UNSUPPORTED', null, version);
  if (!isSipToken(method)) return fail('METHOD_INVALID', null, `bad method "${method.slice(0, 20)}"`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):./.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return fail('REQUEST_URI_INVALID', null, `bad Request-URI "${uri.slice(0, 60)}"`);
  if (scheme === 'sip' || scheme === 'sips') {
    const parsed = parseSipUri(uri);
    if (!parsed.ok) return parsed;
  }
  return ok({ kind: 'request', method, uri });
}

/** Parses the header text (start line plus header lines, no empty line). */
export function parseHead(text: string, maxHeaders: number): SipResult<Head> {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const start = parseStartLine(first.endsWith('\r') ? first.slice(0, -1) : first);
  if (!start.ok) return start;
  const headers = new SipHeaders();
  let name: string | null = null;
  let value = '';
  const flush = (): SipResult<null> => {
    if (name === null) return ok(null);
    if (headers.size >= maxHeaders) return fail('TOO_MANY_HEADERS', null, `more than ${maxHeaders} header lines`);
    try {
      headers.append(name, value);
    } catch (e) {
      if (e instanceof SipMessageError) return { ok: false, error: e.error };
      throw e;
    }
    return ok(null);
  };
  for (let n = 1; n < lines.length; n++) {
    let line = lines[n] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // LWS continuation (RFC 3261 §7.3.1): the fold is equivalent to one space.
      if (name === null) return fail('HEADER_LINE_INVALID', null, `line ${n + 1} continues no header`);
      value += ` ${line.trim()}`;
      continue;
    }
    const flushed = flush();
    if (!flushed.ok) return flushed;
    const colon = line.indexOf(':');
    // HCOLON allows blanks before the colon; trimmed by hand because /[ \t]+$/ is quadratic.
    let nameEnd = colon;
    while (nameEnd > 0 && (line[nameEnd - 1] === ' ' || line[nameEnd - 1] === '\t')) nameEnd--;
    const rawName = colon < 0 ? '' : line.slice(0, nameEnd);
    if (!isSipToken(rawName)) return fail('HEADER_LINE_INVALID', null, `line ${n + 1} is not "Name: value"`);
    name = rawName;
    value = line.slice(colon + 1).trim();
  }
  const flushed = flush();
  if (!flushed.ok) return flushed;
  return ok({ start: start.value, headers });
}

/** Content-Length, if present: duplicates must agree; the value is a plain decimal number. */
export function readContentLength(headers: SipHeaders): SipResult<number | null> {
  const values = headers.getAll('Content-Length');
  if (values.length === 0) return ok(null);
  let n: number | null = null;
  for (const v of values) {
    if (!/^[0-9]{1,10}$/.test(v)) return fail('CONTENT_LENGTH_INVALID', 'Content-Length', `not a length: "${v.slice(0, 20)}"`);
    const m = Number(v);
    if (n !== null && m !== n) return fail('CONTENT_LENGTH_INVALID', 'Content-Length', 'several different Content-Length values');
    n = m;
  }
  return ok(n);
}
