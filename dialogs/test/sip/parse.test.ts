import { describe, expect, it } from 'vitest';
import {
  getCallId, getCSeq, getContacts, getFromTag, getRecordRoutes, getRoutes, getTopVia, getVias, parseSipMessage,
  serializeSipMessage, type SipMessage, type SipParseResult,
} from '../../src/index.js';
import { BARESIP_200, COMPACT_OPTIONS, CORPUS, crlf, FOLDED_BYE, IPV6_REGISTER, SDP_OFFER, SIPP_INVITE, UNKNOWN_METHOD } from './corpus.js';

function parsed(r: SipParseResult): SipMessage {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.header}: ${r.error.detail}`);
  return r.message;
}

function failure(r: SipParseResult) {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

const BASE = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKabc',
  'From: <sip:alice@example.com>;tag=1',
  'To: <sip:bob@example.com>',
  'Call-ID: c1',
  'CSeq: 1 INVITE',
  'Max-Forwards: 70',
];
const without = (name: string): string[] => BASE.filter((l) => !l.startsWith(`${name}:`));

describe('parseSipMessage: real-world messages', () => {
  it('reads a sipp INVITE with its SDP body', () => {
    const m = parsed(parseSipMessage(SIPP_INVITE));
    expect(m.kind).toBe('request');
    if (m.kind !== 'request') return;
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:service@127.0.0.1:5060');
    expect(getCallId(m)).toBe('1-12345@127.0.1.1');
    expect(getCSeq(m)).toEqual({ seq: 1, method: 'INVITE' });
    expect(getFromTag(m)).toBe('12345SIPpTag001');
    expect(getTopVia(m).branch).toBe('z9hG4bK-12345-1-0');
    expect(Buffer.from(m.body).toString()).toBe(SDP_OFFER);
  });

  it('keeps Via and Record-Route order across fields and comma lists', () => {
    const m = parsed(parseSipMessage(BARESIP_200));
    expect(m.kind === 'response' && m.status).toBe(200);
    expect(getVias(m).map((v) => v.host)).toEqual(['10.0.0.5', '127.0.0.2']);
    expect(getVias(m)[0]).toMatchObject({ received: '192.0.2.3', rport: 5060 });
    expect(getRecordRoutes(m).map((r) => r.uri.host)).toEqual(['10.0.0.5', '192.0.2.3', 'proxy.example.com']);
    const [contact] = getContacts(m) as Exclude<ReturnType<typeof getContacts>, '*'>;
    expect(contact?.params.get('+sip.instance')).toBe('"<urn:uuid:1b4b>"');
  });

  it('normalises compact forms and tolerates extra whitespace', () => {
    const m = parsed(parseSipMessage(COMPACT_OPTIONS));
    expect(m.headers.fields().map((f) => f.name)).toEqual(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Supported', 'Max-Forwards', 'Content-Length']);
    expect(m.headers.get('call-id')).toBe('0ha0isndaksdj@192.0.2.1');
    expect(m.headers.get('i')).toBe('0ha0isndaksdj@192.0.2.1');
    expect(getTopVia(m)).toMatchObject({ transport: 'TCP', branch: 'z9hG4bK1a2b', rport: true });
    expect(getCSeq(m)).toEqual({ seq: 8, method: 'OPTIONS' });
  });

  it('unfolds continuation lines', () => {
    const m = parsed(parseSipMessage(FOLDED_BYE));
    expect(m.headers.get('From')).toBe('"Robot" <sip:robot@127.0.0.2:5070>;tag=a6c85cf');
    expect(getRoutes(m).map((r) => r.uri.host)).toEqual(['10.0.0.5', '192.0.2.3']);
  });

  it('reads IPv6 hosts in the Request-URI, Via and Contact', () => {
    const m = parsed(parseSipMessage(IPV6_REGISTER));
    expect(getTopVia(m)).toMatchObject({ host: '2001:db8::9:1', port: 5070, received: '2001:db8::9:255' });
  });

  it('parses unknown methods (the UA answers 501 later)', () => {
    const m = parsed(parseSipMessage(UNKNOWN_METHOD));
    expect(m.kind === 'request' && m.method).toBe('NEWMETHOD');
  });

  it('skips leading CRLFs and accepts bare LF line ends', () => {
    const lf = Buffer.from(`\r\n\r\n${BASE.join('\n')}\n\n`);
    expect(parsed(parseSipMessage(lf)).headers.size).toBe(6);
  });

  it('round-trips every corpus message', () => {
    for (const raw of CORPUS) {
      const a = parsed(parseSipMessage(raw));
      const b = parsed(parseSipMessage(serializeSipMessage(a)));
      expect(b.headers.fields()).toEqual(a.headers.fields());
      expect(Buffer.from(b.body)).toEqual(Buffer.from(a.body));
    }
  });
});

describe('parseSipMessage: Content-Length (RFC 3261 §18.3)', () => {
  it('truncates a UDP body longer than Content-Length', () => {
    const m = parsed(parseSipMessage(crlf([...BASE, 'Content-Length: 3'], 'abcdef')));
    expect(Buffer.from(m.body).toString()).toBe('abc');
  });

  it('refuses a body shorter than Content-Length', () => {
    expect(failure(parseSipMessage(crlf([...BASE, 'Content-Length: 30'], 'abc')))).toMatchObject({ code: 'BODY_TRUNCATED', header: 'Content-Length', status: 400 });
  });

  it('takes the rest of the datagram when Content-Length is missing', () => {
    expect(Buffer.from(parsed(parseSipMessage(crlf(BASE, 'xyz'))).body).toString()).toBe('xyz');
  });

  it.each([['-1'], ['abc'], ['1e3'], ['99999999999']])('refuses Content-Length %s', (v) => {
    expect(failure(parseSipMessage(crlf([...BASE, `Content-Length: ${v}`])))).toMatchObject({ code: 'CONTENT_LENGTH_INVALID', reason: 'Bad Content-Length Header' });
  });

  it('refuses two different Content-Lengths, accepts two equal ones', () => {
    expect(failure(parseSipMessage(crlf([...BASE, 'Content-Length: 0', 'l: 2'], 'ab'))).code).toBe('CONTENT_LENGTH_INVALID');
    expect(parsed(parseSipMessage(crlf([...BASE, 'Content-Length: 2', 'l: 2'], 'ab'))).body.length).toBe(2);
  });
});

describe('parseSipMessage: refusals are coded and located', () => {
  it.each(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'])('a request without %s gets 400 naming it', (name) => {
    const r = parseSipMessage(crlf(without(name)));
    expect(failure(r)).toMatchObject({ code: 'HEADER_MISSING', header: name, status: 400, reason: `Missing ${name} Header` });
    // The partial message lets the server answer when Via survived.
    expect(r.ok === false && r.partial?.kind).toBe('request');
  });

  it('a response needs no Max-Forwards', () => {
    expect(parsed(parseSipMessage(crlf(['SIP/2.0 200 OK', ...without('Max-Forwards').slice(1)]))).kind).toBe('response');
  });

  it('answers 505 to another SIP version', () => {
    expect(failure(parseSipMessage(crlf(['INVITE sip:bob@example.com SIP/3.0', ...BASE.slice(1)])))).toMatchObject({ code: 'VERSION_UNSUPPORTED', status: 505 });
    expect(failure(parseSipMessage(crlf(['SIP/1.0 200 OK', ...BASE.slice(1)]))).status).toBe(505);
  });

  it('answers 513 to an oversized message', () => {
    expect(failure(parseSipMessage(crlf([...BASE, `Subject: ${'x'.repeat(70_000)}`])))).toMatchObject({ code: 'MESSAGE_TOO_LARGE', status: 513 });
  });

  it('bounds the number of header lines', () => {
    const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: v`);
    expect(failure(parseSipMessage(crlf([...BASE, ...many]))).code).toBe('TOO_MANY_HEADERS');
  });

  it.each([
    ['a CSeq for another method', [...without('CSeq'), 'CSeq: 1 BYE'], 'CSEQ_METHOD_MISMATCH', 'CSeq'],
    ['a non-numeric CSeq', [...without('CSeq'), 'CSeq: x INVITE'], 'HEADER_INVALID', 'CSeq'],
    ['a Max-Forwards of 300', [...without('Max-Forwards'), 'Max-Forwards: 300'], 'HEADER_INVALID', 'Max-Forwards'],
    ['two From headers', [...BASE, 'From: <sip:x@y>'], 'HEADER_DUPLICATE', 'From'],
    ['a Via without sent-by', [...without('Via'), 'Via: SIP/2.0/UDP ;branch=1'], 'HEADER_INVALID', 'Via'],
    ['a To without ">"', [...without('To'), 'To: <sip:bob@example.com'], 'HEADER_INVALID', 'To'],
    ['a Contact with a bad host', [...BASE, 'Contact: <sip:a@ho st>'], 'HEADER_INVALID', 'Contact'],
    ['a line without a colon', [...BASE, 'Garbage line'], 'HEADER_LINE_INVALID', null],
    ['a fold before any header', [BASE[0] ?? '', ' folded', ...BASE.slice(1)], 'HEADER_LINE_INVALID', null],
  ])('refuses %s', (_what, lines, code, header) => {
    expect(failure(parseSipMessage(crlf(lines)))).toMatchObject({ code, header });
  });

  it.each([
    ['garbage', 'hello world', 'HEADERS_INCOMPLETE'],
    ['only CRLFs', '\r\n\r\n', 'MESSAGE_EMPTY'],
    ['a bad request line', 'INVITE sip:a@b\r\n\r\n', 'START_LINE_INVALID'],
    ['a bad method', 'INV(ITE sip:a@b SIP/2.0\r\n\r\n', 'METHOD_INVALID'],
    ['a bad Request-URI', 'INVITE nourihere SIP/2.0\r\n\r\n', 'REQUEST_URI_INVALID'],
    ['a bad sip Request-URI', 'INVITE sip:a@b:99999 SIP/2.0\r\n\r\n', 'REQUEST_URI_INVALID'],
    ['a two-digit status', 'SIP/2.0 20 OK\r\n\r\n', 'START_LINE_INVALID'],
    ['a NUL in a header', `${BASE.join('\r\n')}\r\nSubject: a\0b\r\n\r\n`, 'HEADER_INVALID'],
  ])('refuses %s', (_what, text, code) => {
    expect(failure(parseSipMessage(Buffer.from(text))).code).toBe(code);
  });

  it('accepts a tel: Request-URI at the parser (the UA answers 416)', () => {
    expect(parsed(parseSipMessage(crlf(['INVITE tel:+8613800138000 SIP/2.0', ...BASE.slice(1)]))).kind).toBe('request');
  });
});
