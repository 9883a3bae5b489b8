/** Real-world-shaped SIP messages (sipp, baresip, Kamailio, RFC 4475 style) for the tests. */

/** Joins lines with CRLF; the last element is the body (may be ''). */
export function crlf(lines: string[], body = ''): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

export const SDP_OFFER = [
  'v=0', 'o=user1 53655765 2353687637 IN IP4 127.0.1.1', 's=-', 'c=IN IP4 127.0.1.1', 't=0 0',
  'm=audio 6000 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', 'a=sendrecv', '',
].join('\r\n');

/** sipp's built-in uac scenario. */
export const SIPP_INVITE = crlf([
  'INVITE sip:service@127.0.0.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.1.1:5061;branch=z9hG4bK-12345-1-0',
  'From: sipp <sip:sipp@127.0.1.1:5061>;tag=12345SIPpTag001',
  'To: service <sip:service@127.0.0.1:5060>',
  'Call-ID: 1-12345@127.0.1.1',
  'CSeq: 1 INVITE',
  'Contact: sip:sipp@127.0.1.1:5061',
  'Max-Forwards: 70',
  'Subject: Performance Test',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(SDP_OFFER)}`,
], SDP_OFFER);

/** baresip answering through a Kamailio that record-routes (two Record-Route fields, one a list). */
export const BARESIP_200 = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKnashds8;received=192.0.2.3;rport=5060',
  'Via: SIP/2.0/UDP 127.0.0.2:5070;rport=5070;branch=z9hG4bK776asdhds',
  'Record-Route: <sip:10.0.0.5;lr;r2=on>, <sip:192.0.2.3;lr;r2=on>',
  'Record-Route: <sip:proxy.example.com;lr>',
  'Contact: <sip:customer@127.0.0.3:5080;transport=udp>;+sip.instance="<urn:uuid:1b4b>"',
  'To: <sip:customer@127.0.0.3>;tag=1928301774',
  'From: "Robot" <sip:robot@127.0.0.2:5070>;tag=a6c85cf',
  'Call-ID: a84b4c76e66710@robot',
  'CSeq: 314159 INVITE',
  'Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER',
  'Supported: replaces,norefersub',
  'User-Agent: baresip v1.0.0 (x86_64/linux)',
  'Content-Type: application/sdp',
  'Content-Length: 0',
]);

/** Compact forms and odd but legal spacing (after RFC 4475 §3.1.1.1). */
export const COMPACT_OPTIONS = crlf([
  'OPTIONS sip:user@example.com SIP/2.0',
  'v:  SIP/2.0/TCP 192.0.2.4:5060 ;branch = z9hG4bK1a2b ; rport',
  'f: "J Rosenberg \\"ext\\"" <sip:jdrosen@example.com>;tag=98asjd8',
  't : <sip:user@example.com>',
  'i: 0ha0isndaksdj@192.0.2.1',
  'CSeq:   8    OPTIONS',
  'm: <sip:user@192.0.2.4>;expires=3600;q=0.8',
  'k: timer, 100rel',
  'Max-Forwards: 68',
  'l: 0',
]);

/** Folded headers (LWS continuation). */
export const FOLDED_BYE = crlf([
  'BYE sip:customer@127.0.0.3:5080 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bKfold1',
  'Route: <sip:10.0.0.5;lr>,',
  '  <sip:192.0.2.3;lr>',
  'From: "Robot"',
  '\t<sip:robot@127.0.0.2:5070>;tag=a6c85cf',
  'To: <sip:customer@127.0.0.3>;tag=1928301774',
  'Call-ID: a84b4c76e66710@robot',
  'CSeq: 314160 BYE',
  'Max-Forwards: 70',
  'Content-Length: 0',
]);

/** IPv6 everywhere. */
export const IPV6_REGISTER = crlf([
  'REGISTER sip:[2001:db8::10] SIP/2.0',
  'Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3-111;received=2001:db8::9:255;rport=5070',
  'From: <sip:agent1001@[2001:db8::10]>;tag=81x2',
  'To: <sip:agent1001@[2001:db8::10]>',
  'Call-ID: SSG9559905523997077@hlau_4100',
  'CSeq: 2 REGISTER',
  'Contact: "Agent" <sip:agent1001@[2001:db8::9:1]:5070>;expires=600',
  'Authorization: Digest username="agent1001", realm="waihu", nonce="abc\\"def", uri="sip:[2001:db8::10]", response="0123456789abcdef0123456789abcdef", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001',
  'Max-Forwards: 70',
  'Expires: 600',
  'Content-Length: 0',
]);

/** A 401 challenge from a trunk. */
export const TRUNK_401 = crlf([
  'SIP/2.0 401 Unauthorized',
  'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK776asdhds;rport=5070;received=127.0.0.2',
  'From: <sip:robot@trunk.example.cn>;tag=a6c85cf',
  'To: <sip:13800138000@trunk.example.cn>;tag=as6f2e0fd1',
  'Call-ID: a84b4c76e66710@robot',
  'CSeq: 1 INVITE',
  'WWW-Authenticate: Digest realm="trunk.example.cn", nonce="7ypf/xlj9XXwfDPEoM4URrv", opaque="5ccc069c403ebaf9", algorithm=MD5, qop="auth,auth-int"',
  'Content-Length: 0',
]);

/** A reliable 183 with early media. */
export const PRACK_183 = crlf([
  'SIP/2.0 183 Session Progress',
  'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK776asdhds',
  'From: <sip:robot@127.0.0.2>;tag=a6c85cf',
  'To: <sip:13800138000@127.0.0.1>;tag=as6f2e0fd1',
  'Call-ID: a84b4c76e66710@robot',
  'CSeq: 1 INVITE',
  'Require: 100rel',
  'RSeq: 989',
  'Reason: Q.850;cause=16;text="Normal call clearing"',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(SDP_OFFER)}`,
], SDP_OFFER);

/** An extension method the UA will answer 501 to. */
export const UNKNOWN_METHOD = crlf([
  'NEWMETHOD sip:user@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw',
  'To: <sip:user@example.com>',
  'From: <sip:caller@example.com>;tag=psfv1',
  'Call-ID: unknownmethod@192.0.2.1',
  'CSeq: 1 NEWMETHOD',
  'Max-Forwards: 70',
  'Content-Length: 0',
]);

export const CORPUS: readonly Buffer[] = [SIPP_INVITE, BARESIP_200, COMPACT_OPTIONS, FOLDED_BYE, IPV6_REGISTER, TRUNK_401, PRACK_183, UNKNOWN_METHOD];
