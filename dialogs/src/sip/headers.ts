/**
 * Typed parsers for the small SIP headers: CSeq, Max-Forwards, Expires, Call-ID, option-tag
 * lists (Allow, Supported, Require…), RSeq/RAck (RFC 3262) and Reason (RFC 3326).
 */
import { ok, type SipResult } from './errors.js';
import { formatSipParams, parseSipInt, scanHeader, splitSipList, type SipParams } from './scan.js';

const MAX_CSEQ = 2 ** 31 - 1;
const MAX_U32 = 2 ** 32 - 1;

/** CSeq: a sequence number and the method it numbers. */
export interface SipCSeq {
  seq: number;
  method: string;
}

export function parseCSeq(value: string): SipResult<SipCSeq> {
  return scanHeader('CSeq', value, (sc) => {
    sc.skipWs();
    const seq = parseSipInt(sc.token('sequence number'), 'CSeq number', MAX_CSEQ);
    sc.skipWs();
    const method = sc.token('method');
    sc.end('the CSeq');
    return { seq, method };
  });
}

export function formatCSeq(cseq: SipCSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}

function parseNumber(header: string, value: string, max: number): SipResult<number> {
  return scanHeader(header, value, (sc) => {
    sc.skipWs();
    const n = parseSipInt(sc.token('a number'), header, max);
    sc.end(header);
    return n;
  });
}

/** Max-Forwards: 0–255. */
export function parseMaxForwards(value: string): SipResult<number> {
  return parseNumber('Max-Forwards', value, 255);
}

/** Expires (and Min-Expires): seconds, 0 to 2^32-1. */
export function parseExpires(value: string, header = 'Expires'): SipResult<number> {
  return parseNumber(header, value, MAX_U32);
}

/** RSeq: a reliable provisional response's number. */
export function parseRSeq(value: string): SipResult<number> {
  return parseNumber('RSeq', value, MAX_U32);
}

/** RAck: the RSeq and CSeq a PRACK acknowledges. */
export interface SipRAck {
  rseq: number;
  cseq: number;
  method: string;
}

export function parseRAck(value: string): SipResult<SipRAck> {
  return scanHeader('RAck', value, (sc) => {
    sc.skipWs();
    const rseq = parseSipInt(sc.token('RSeq number'), 'RSeq', MAX_U32);
    sc.skipWs();
    const cseq = parseSipInt(sc.token('CSeq number'), 'CSeq', MAX_CSEQ);
    sc.skipWs();
    const method = sc.token('method');
    sc.end('the RAck');
    return { rseq, cseq, method };
  });
}

export function formatRAck(rack: SipRAck): string {
  return `${rack.rseq} ${rack.cseq} ${rack.method}`;
}

/** Call-ID: `word [@ word]`, no whitespace; compared byte for byte. */
export function parseCallId(value: string): SipResult<string> {
  return scanHeader('Call-ID', value, (sc) => {
    if (!/^[\x21-\x7e]+$/.test(sc.s)) sc.fail('Call-ID must be one word of visible characters');
    return sc.s;
  });
}

/**
 * Comma-separated tokens over one or several fields: Allow, Supported, Require, Unsupported,
 * Proxy-Require, Allow-Events. An empty field is an empty list (`Supported:` is legal).
 */
export function parseTokenList(values: string | readonly string[], header: string): SipResult<string[]> {
  const out: string[] = [];
  for (const field of typeof values === 'string' ? [values] : values) {
    for (const item of splitSipList(field)) {
      if (item === '') continue;
      const parsed = scanHeader(header, item, (sc) => {
        const t = sc.token('a token');
        sc.end('the token');
        return t;
      });
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
  }
  return ok(out);
}

/** Reason (RFC 3326): `SIP ;cause=200 ;text="Call completed elsewhere"`. */
export interface SipReason {
  protocol: string;
  cause: number | null;
  text: string | null;
  params: SipParams;
}

export function parseReason(value: string): SipResult<SipReason> {
  return scanHeader('Reason', value, (sc) => {
    sc.skipWs();
    const protocol = sc.token('protocol');
    const params = sc.params(new Map());
    sc.end('the Reason');
    const cause = params.get('cause');
    const text = params.get('text');
    params.delete('cause');
    params.delete('text');
    return {
      protocol,
      cause: cause == null ? null : parseSipInt(cause, 'cause', 65535),
      text: text == null ? null : text.startsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text,
      params,
    };
  });
}

export function formatReason(reason: SipReason): string {
  let out = reason.protocol;
  if (reason.cause !== null) out += `;cause=${reason.cause}`;
  if (reason.text !== null) out += `;text="${reason.text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return out + formatSipParams(reason.params);
}
