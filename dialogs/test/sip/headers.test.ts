import { describe, expect, it } from 'vitest';
import {
  formatNameAddr, formatReason, formatSipUri, formatVia, newSipVia, parseCallId, parseContacts, parseCSeq, parseExpires,
  parseMaxForwards, parseNameAddr, parseNameAddrList, parseRAck, parseReason, parseRSeq, parseSipUri, parseTokenList,
  parseVia, parseVias, type SipResult,
} from '../../src/index.js';

function value<T>(r: SipResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}

describe('SIP URIs', () => {
  it('reads every part', () => {
    const u = value(parseSipUri('sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project&priority=urgent'));
    expect(u).toMatchObject({ scheme: 'sips', user: 'alice', password: 'secret', host: 'atlanta.com', port: 5061 });
    expect([...u.params]).toEqual([['transport', 'tcp'], ['lr', null]]);
    expect(u.headers).toEqual([['subject', 'project'], ['priority', 'urgent']]);
    expect(formatSipUri(u)).toBe('sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project&priority=urgent');
  });

  it('reads IPv6 hosts and phone-number users', () => {
    expect(value(parseSipUri('sip:[2001:db8::1]:5060'))).toMatchObject({ host: '2001:db8::1', port: 5060, user: null });
    expect(formatSipUri(value(parseSipUri('sip:+8613800138000;npdi@[::1]')))).toBe('sip:+8613800138000;npdi@[::1]');
  });

  it.each([
    ['sip:', 'HEADER_INVALID'], ['sip:a@', 'HEADER_INVALID'], ['sip:a@b:70000', 'HEADER_INVALID'], ['sip:a@[::1', 'HEADER_INVALID'],
    ['sip:a b@c', 'HEADER_INVALID'], ['sip:a@b;=x', 'HEADER_INVALID'], ['tel:+123', 'URI_SCHEME_UNSUPPORTED'], ['nope', 'HEADER_INVALID'],
  ])('refuses %s', (uri, code) => {
    const r = parseSipUri(uri, 'Contact');
    expect(r.ok ? null : [r.error.code, r.error.header]).toEqual([code, 'Contact']);
  });
});

describe('name-addr', () => {
  it('reads display names, quoted with escapes or bare', () => {
    expect(value(parseNameAddr('"J \\"R\\"" <sip:j@x>;tag=9'))).toMatchObject({ displayName: 'J "R"', params: new Map([['tag', '9']]) });
    expect(value(parseNameAddr('Bob  Smith <sip:bob@x>')).displayName).toBe('Bob Smith');
  });

  it('gives parameters of a bare addr-spec to the header, not the URI', () => {
    const na = value(parseNameAddr('sip:alice@atlanta.com;tag=88sja8x'));
    expect(na.params.get('tag')).toBe('88sja8x');
    expect(na.uri.params.size).toBe(0);
    expect(formatNameAddr(na)).toBe('<sip:alice@atlanta.com>;tag=88sja8x');
  });

  it('reads Contact with expires and q, and the star', () => {
    const list = value(parseContacts(['<sip:a@1.2.3.4>;expires=60;q=0.5, "B" <sip:b@5.6.7.8>']));
    expect(list !== '*' && list.map((c) => c.params.get('q') ?? null)).toEqual(['0.5', null]);
    expect(value(parseContacts('*'))).toBe('*');
    expect(parseContacts(['*', '<sip:a@b>']).ok).toBe(false);
  });

  it('reads Route lists with commas inside angle brackets', () => {
    const routes = value(parseNameAddrList(['<sip:p1.example.com;lr>,<sip:p2.example.com;lr>', '<sip:p3.example.com;lr>'], 'Route'));
    expect(routes.map((r) => r.uri.host)).toEqual(['p1.example.com', 'p2.example.com', 'p3.example.com']);
  });

  it.each(['<sip:a@b', '"unterminated <sip:a@b>', '<sip:a@b>;', '<sip:a@b> junk'])('refuses %s with the header named', (text) => {
    const r = parseNameAddr(text, 'To');
    expect(r.ok ? null : r.error.header).toBe('To');
  });
});

describe('Via', () => {
  it('reads rport with and without a value, received, maddr, ttl and other params', () => {
    const [a, b] = value(parseVias('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport;maddr=224.2.0.1;ttl=16;alias, sip/2.0/tcp [::1];received=[::2];rport=5070;branch=z9hG4bKb'));
    expect(a).toMatchObject({ transport: 'UDP', host: '10.0.0.1', port: 5060, branch: 'z9hG4bKa', rport: true, maddr: '224.2.0.1', ttl: 16 });
    expect([...(a?.params ?? [])]).toEqual([['alias', null]]);
    expect(b).toMatchObject({ transport: 'TCP', host: '::1', port: null, received: '::2', rport: 5070 });
  });

  it('formats what it reads, and builds our own', () => {
    const text = 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;received=1.2.3.4;rport=9;x=y';
    expect(formatVia(value(parseVia(text)))).toBe(text);
    expect(formatVia(newSipVia('udp', '::1', 5070, 'z9hG4bKq'))).toBe('SIP/2.0/UDP [::1]:5070;branch=z9hG4bKq;rport');
  });

  it.each(['SIP/2.0 10.0.0.1', 'SIP/3.0/UDP h', 'SIP/2.0/UDP h:99999', 'SIP/2.0/UDP h;rport=abc', 'SIP/2.0/UDP'])('refuses %s', (text) => {
    const r = parseVia(text);
    expect(r.ok ? null : [r.error.code, r.error.header]).toEqual(['HEADER_INVALID', 'Via']);
  });
});

describe('small headers', () => {
  it('reads CSeq, Max-Forwards, Expires, RSeq, RAck, Call-ID', () => {
    expect(value(parseCSeq(' 4711  INVITE '))).toEqual({ seq: 4711, method: 'INVITE' });
    expect(parseCSeq('2147483648 INVITE').ok).toBe(false);
    expect(value(parseMaxForwards('70'))).toBe(70);
    expect(parseMaxForwards('-1').ok).toBe(false);
    expect(value(parseExpires('3600'))).toBe(3600);
    expect(value(parseRSeq('989'))).toBe(989);
    expect(value(parseRAck('776656 1 INVITE'))).toEqual({ rseq: 776656, cseq: 1, method: 'INVITE' });
    expect(value(parseCallId('f81d4fae@foo.bar.com'))).toBe('f81d4fae@foo.bar.com');
    expect(parseCallId('a b').ok).toBe(false);
  });

  it('reads option-tag lists over several fields; an empty Supported is empty', () => {
    expect(value(parseTokenList(['INVITE, ACK,BYE', 'CANCEL'], 'Allow'))).toEqual(['INVITE', 'ACK', 'BYE', 'CANCEL']);
    expect(value(parseTokenList('', 'Supported'))).toEqual([]);
    const r = parseTokenList('100rel, time r', 'Require');
    expect(r.ok ? null : r.error.header).toBe('Require');
  });

  it('reads and formats Reason', () => {
    const r = value(parseReason('Q.850 ;cause=16 ;text="Normal \\"call\\" clearing"'));
    expect(r).toMatchObject({ protocol: 'Q.850', cause: 16, text: 'Normal "call" clearing' });
    expect(formatReason(r)).toBe('Q.850;cause=16;text="Normal \\"call\\" clearing"');
  });
});
