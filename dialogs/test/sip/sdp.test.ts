import { describe, expect, it } from 'vitest';
import {
  answerSdpOffer, buildSdpOffer, parseSdp, readSdpAnswer, sdpDirection, sdpFmtp, sdpRtcp, sdpRtpMap, serializeSdp,
  withSdpDirection, type SdpSession, type SipResult,
} from '../../src/index.js';
import { SDP_OFFER } from './corpus.js';

function value<T>(r: SipResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}
const sdp = (lines: string[]): SdpSession => value(parseSdp(`${lines.join('\r\n')}\r\n`));
const ours = { address: '10.0.0.2', port: 20000, sessionId: '42', codecs: ['PCMA', 'PCMU'] as const };

describe('SDP parse and serialize', () => {
  it('reads the sipp offer', () => {
    const s = value(parseSdp(Buffer.from(SDP_OFFER)));
    const [m] = s.media;
    if (!m) throw new Error('no media');
    expect(m).toMatchObject({ type: 'audio', port: 6000, protocol: 'RTP/AVP', formats: ['0', '8', '101'] });
    expect(sdpRtpMap(m, 101)).toEqual({ encoding: 'telephone-event', clockRate: 8000, channels: null });
    expect(sdpFmtp(m, 101)).toBe('0-15');
    expect(sdpDirection(m, s)).toBe('sendrecv');
    expect(serializeSdp(s)).toBe(SDP_OFFER);
  });

  it('keeps lines it does not model, multiple m-lines and a=rtcp', () => {
    const text = ['v=0', 'o=- 1 2 IN IP6 ::1', 's=call', 'i=info', 'c=IN IP6 ::1', 'b=AS:64', 't=0 0', 'a=recvonly',
      'm=audio 7000 RTP/AVP 9', 'b=TIAS:64000', 'a=rtcp:7001 IN IP6 ::2', 'm=video 0 RTP/AVP 96', ''].join('\r\n');
    const s = value(parseSdp(text));
    expect(serializeSdp(s)).toBe(text);
    expect(s.media[0] && sdpRtcp(s.media[0])).toEqual({ port: 7001, address: '::2' });
    expect(s.media[0] && sdpDirection(s.media[0], s)).toBe('recvonly');
    expect(s.media[0] && sdpRtpMap(s.media[0], 9)?.encoding).toBe('G722');
  });

  it.each([
    ['empty', ''], ['no v=', 'o=- 1 1 IN IP4 1.2.3.4\r\n'], ['bad o=', 'v=0\r\no=- x 1 IN IP4 a\r\n'],
    ['bad m=', 'v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n'], ['not a line', 'v=0\r\no=- 1 1 IN IP4 a\r\nhello\r\n'],
    ['bad c=', 'v=0\r\no=- 1 1 IN IP4 a\r\nc=IN IP4\r\n'],
  ])('refuses %s with a line number', (_what, text) => {
    const r = parseSdp(text);
    expect(r.ok ? null : [r.error.code, r.error.status, /line \d+/.test(r.error.detail)]).toEqual(['SDP_INVALID', 400, true]);
  });
});

describe('offer/answer', () => {
  it('builds our offer: PCMA, PCMU, telephone-event 101 with 0-16', () => {
    expect(serializeSdp(buildSdpOffer(ours))).toBe([
      'v=0', 'o=waihu 42 1 IN IP4 10.0.0.2', 's=waihu', 'c=IN IP4 10.0.0.2', 't=0 0', 'm=audio 20000 RTP/AVP 8 0 101',
      'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
    ].join('\r\n'));
  });

  it('answers with our preferred common codec, telephone-event, refusing other streams', () => {
    const offer = sdp(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 'c=IN IP4 1.1.1.1', 't=0 0',
      'm=video 5000 RTP/AVP 96', 'm=audio 6000 RTP/AVP 0 8 96', 'c=IN IP4 2.2.2.2', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15', 'a=rtcp:6001']);
    const { answer, audio } = value(answerSdpOffer(offer, ours));
    expect(audio).toMatchObject({ codec: 'PCMA', payloadType: 8, telephoneEventPt: 96, remoteAddress: '2.2.2.2', remotePort: 6000, remoteRtcpPort: 6001, direction: 'sendrecv' });
    expect(answer.media.map((m) => [m.type, m.port, m.formats.join(' ')])).toEqual([['video', 0, '96'], ['audio', 20000, '8 96']]);
    expect(answer.media[1] && sdpFmtp(answer.media[1], 96)).toBe('0-15');
    // Their preference does not override ours, but their payload numbers are kept.
    expect(value(answerSdpOffer(offer, { ...ours, codecs: ['PCMU'] })).audio.payloadType).toBe(0);
  });

  it('mirrors direction: their sendonly is our recvonly (we are on hold), c=0.0.0.0 too', () => {
    const base = ['v=0', 'o=- 1 2 IN IP4 1.1.1.1', 's=-', 't=0 0', 'm=audio 6000 RTP/AVP 8'];
    const held = value(answerSdpOffer(sdp([...base, 'c=IN IP4 1.1.1.1', 'a=sendonly']), ours));
    expect(held.audio.direction).toBe('recvonly');
    expect(held.answer.media[0] && sdpDirection(held.answer.media[0])).toBe('recvonly');
    expect(value(answerSdpOffer(sdp([...base, 'c=IN IP4 0.0.0.0']), ours)).audio.direction).toBe('recvonly');
    expect(value(answerSdpOffer(sdp([...base, 'c=IN IP4 1.1.1.1', 'a=inactive']), ours)).audio.direction).toBe('inactive');
    expect(value(answerSdpOffer(sdp([...base, 'c=IN IP4 1.1.1.1', 'a=recvonly']), ours)).audio.direction).toBe('sendonly');
  });

  it('is 488 when nothing is acceptable', () => {
    const none = answerSdpOffer(sdp(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 'c=IN IP4 1.1.1.1', 't=0 0', 'm=audio 6000 RTP/AVP 18', 'm=audio 0 RTP/AVP 8']), ours);
    expect(none.ok ? null : [none.error.code, none.error.status]).toEqual(['SDP_NOT_ACCEPTABLE', 488]);
    expect(answerSdpOffer(sdp(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 't=0 0', 'm=audio 6000 RTP/SAVP 8', 'c=IN IP4 1.1.1.1']), ours).ok).toBe(false);
  });

  it('reads the answer to our offer', () => {
    const offer = buildSdpOffer(ours);
    const answer = sdp(['v=0', 'o=- 9 9 IN IP4 3.3.3.3', 's=-', 'c=IN IP4 3.3.3.3', 't=0 0', 'm=audio 30000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv']);
    expect(value(readSdpAnswer(answer, offer))).toMatchObject({ codec: 'PCMU', payloadType: 0, remoteAddress: '3.3.3.3', remotePort: 30000, telephoneEventPt: 101, direction: 'sendrecv' });
    const refused = readSdpAnswer(sdp(['v=0', 'o=- 9 9 IN IP4 3.3.3.3', 's=-', 't=0 0', 'm=audio 0 RTP/AVP 0']), offer);
    expect(refused.ok ? null : refused.error.status).toBe(488);
  });

  it('re-offers hold and unhold with increasing o= versions', () => {
    const first = buildSdpOffer({ ...ours, sessionVersion: '18446744073709551614' });
    const hold = withSdpDirection(first, 'sendonly');
    const unhold = withSdpDirection(hold, 'sendrecv');
    expect([first, hold, unhold].map((s) => s.origin.sessionVersion)).toEqual(['18446744073709551614', '18446744073709551615', '18446744073709551616']);
    expect(hold.media[0] && sdpDirection(hold.media[0])).toBe('sendonly');
    // The peer answering our hold with recvonly means: we send, they only listen.
    const answer = sdp(['v=0', 'o=- 9 9 IN IP4 3.3.3.3', 's=-', 'c=IN IP4 3.3.3.3', 't=0 0', 'm=audio 30000 RTP/AVP 8', 'a=recvonly']);
    expect(value(readSdpAnswer(answer, hold)).direction).toBe('sendonly');
  });
});
