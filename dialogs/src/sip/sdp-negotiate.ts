/**
 * Offer/answer for one audio stream (RFC 3264) with G.711 and RFC 4733 telephone-event: the
 * offer we send, the answer we give, and what an answer to our offer means for our RTP.
 */
import { fail, ok, type SipResult } from './errors.js';
import {
  sdpConnectionAddress, sdpDirection, sdpFmtp, sdpPtime, sdpRtcp, sdpRtpMap,
  type SdpAttribute, type SdpDirection, type SdpMedia, type SdpSession,
} from './sdp.js';

/** The codecs our media layer implements. */
export type SdpCodecName = 'PCMA' | 'PCMU';
const STATIC: Record<SdpCodecName, number> = { PCMU: 0, PCMA: 8 };
const RTP_PROFILES = new Set(['RTP/AVP', 'RTP/AVPF']);

/** What was agreed for the audio stream, from our point of view. */
export interface SdpAudioChoice {
  codec: SdpCodecName;
  payloadType: number;
  clockRate: number;
  /** telephone-event payload type both sides use, or null. */
  telephoneEventPt: number | null;
  remoteAddress: string;
  remotePort: number;
  remoteRtcpPort: number | null;
  /** Our direction: `recvonly` means we must not send (the peer put us on hold). */
  direction: SdpDirection;
  ptime: number | null;
}

/** Who we are in SDP. */
export interface SdpOrigination {
  readonly address: string;
  readonly sessionId: string;
  /** Defaults to `1`; bump with nextSdpVersion for every re-offer. */
  readonly sessionVersion?: string;
  readonly username?: string;
}

export interface SdpOfferOptions extends SdpOrigination {
  readonly port: number;
  /** In preference order; default PCMA then PCMU (China's trunks prefer A-law). */
  readonly codecs?: readonly SdpCodecName[];
  /** Payload type for telephone-event, null for none; default 101. */
  readonly telephoneEventPt?: number | null;
  readonly ptime?: number;
  readonly direction?: SdpDirection;
}

const addrType = (address: string): string => (address.includes(':') ? 'IP6' : 'IP4');

function sessionFor(o: SdpOrigination, media: SdpMedia[]): SdpSession {
  return {
    origin: { username: o.username ?? 'waihu', sessionId: o.sessionId, sessionVersion: o.sessionVersion ?? '1', netType: 'IN', addrType: addrType(o.address), address: o.address },
    sessionName: 'waihu',
    connection: { netType: 'IN', addrType: addrType(o.address), address: o.address },
    times: ['0 0'], lines: [], attributes: [], media,
  };
}

function audioAttributes(codecs: ReadonlyArray<{ name: string; pt: number }>, te: number | null, ptime: number | null, direction: SdpDirection): SdpAttribute[] {
  const attrs: SdpAttribute[] = codecs.map((c) => ({ name: 'rtpmap', value: `${c.pt} ${c.name}/8000` }));
  if (te !== null) attrs.push({ name: 'rtpmap', value: `${te} telephone-event/8000` }, { name: 'fmtp', value: `${te} 0-16` });
  if (ptime !== null) attrs.push({ name: 'ptime', value: String(ptime) });
  attrs.push({ name: direction, value: null });
  return attrs;
}

/** Our offer: one audio stream with the given codecs and telephone-event. */
export function buildSdpOffer(o: SdpOfferOptions): SdpSession {
  const codecs = (o.codecs ?? ['PCMA', 'PCMU']).map((name) => ({ name, pt: STATIC[name] }));
  const te = o.telephoneEventPt === undefined ? 101 : o.telephoneEventPt;
  const formats = [...codecs.map((c) => String(c.pt)), ...(te === null ? [] : [String(te)])];
  return sessionFor(o, [{
    type: 'audio', port: o.port, portCount: null, protocol: 'RTP/AVP', formats, connection: null, lines: [],
    attributes: audioAttributes(codecs, te, o.ptime ?? 20, o.direction ?? 'sendrecv'),
  }]);
}

/** A copy with o= version + 1: required for every new offer in a session (re-INVITE). */
export function nextSdpVersion(s: SdpSession): SdpSession {
  return { ...s, origin: { ...s.origin, sessionVersion: (BigInt(s.origin.sessionVersion) + 1n).toString() } };
}

/** A re-offer with another direction (hold = `sendonly`, unhold = `sendrecv`) and the next version. */
export function withSdpDirection(s: SdpSession, direction: SdpDirection): SdpSession {
  const media = s.media.map((m) => ({ ...m, attributes: [...m.attributes.filter((a) => !['sendrecv', 'sendonly', 'recvonly', 'inactive'].includes(a.name)), { name: direction, value: null }] }));
  return nextSdpVersion({ ...s, media });
}

/** RFC 3264 §6.1: what we answer to their direction, limited by what we want. */
function answerDirection(offered: SdpDirection, wanted: SdpDirection): SdpDirection {
  const theySend = offered === 'sendrecv' || offered === 'sendonly';
  const theyRecv = offered === 'sendrecv' || offered === 'recvonly';
  const send = theyRecv && (wanted === 'sendrecv' || wanted === 'sendonly');
  const recv = theySend && (wanted === 'sendrecv' || wanted === 'recvonly');
  return send && recv ? 'sendrecv' : send ? 'sendonly' : recv ? 'recvonly' : 'inactive';
}

function telephoneEventIn(m: SdpMedia): number | null {
  for (const f of m.formats) {
    const pt = Number(f);
    if (sdpRtpMap(m, pt)?.encoding.toLowerCase() === 'telephone-event') return pt;
  }
  return null;
}

function codecIn(m: SdpMedia, prefs: readonly SdpCodecName[]): { name: SdpCodecName; pt: number } | null {
  const offered = m.formats.map(Number).filter((pt) => Number.isInteger(pt) && pt >= 0 && pt <= 127);
  for (const name of prefs) {
    const pt = offered.find((p) => { const r = sdpRtpMap(m, p); return r !== null && r.encoding.toUpperCase() === name && r.clockRate === 8000; });
    if (pt !== undefined) return { name, pt };
  }
  return null;
}

export interface SdpAnswerOptions extends SdpOrigination {
  readonly port: number;
  /** Codecs we support, in preference order. */
  readonly codecs: readonly SdpCodecName[];
  /** Accept telephone-event when offered (default true). */
  readonly telephoneEvent?: boolean;
  /** What we want to do (default sendrecv); intersected with the offer. */
  readonly direction?: SdpDirection;
  readonly ptime?: number;
}

/**
 * Answers an offer: the first usable audio stream gets our preferred common codec (and
 * telephone-event if offered); every other stream is refused with port 0. No usable stream or
 * no common codec is SDP_NOT_ACCEPTABLE (488).
 */
export function answerSdpOffer(offer: SdpSession, o: SdpAnswerOptions): SipResult<{ answer: SdpSession; audio: SdpAudioChoice }> {
  let audio: SdpAudioChoice | null = null;
  let why = 'no audio stream';
  const media = offer.media.map((m): SdpMedia => {
    const refused: SdpMedia = { type: m.type, port: 0, portCount: null, protocol: m.protocol, formats: m.formats.slice(0, 1), connection: null, lines: [], attributes: [] };
    if (audio !== null || m.type !== 'audio' || m.port === 0) return refused;
    if (!RTP_PROFILES.has(m.protocol.toUpperCase())) { why = `profile ${m.protocol} not supported`; return refused; }
    const codec = codecIn(m, o.codecs);
    const address = sdpConnectionAddress(m, offer);
    if (codec === null) { why = 'no common codec'; return refused; }
    if (address === null) { why = 'no connection address'; return refused; }
    const te = o.telephoneEvent === false ? null : telephoneEventIn(m);
    // c=0.0.0.0 is RFC 2543 hold: they do not want our media.
    const offered = address === '0.0.0.0' && sdpDirection(m, offer) === 'sendrecv' ? 'sendonly' : sdpDirection(m, offer);
    const direction = answerDirection(offered, o.direction ?? 'sendrecv');
    const ptime = sdpPtime(m);
    audio = { codec: codec.name, payloadType: codec.pt, clockRate: 8000, telephoneEventPt: te, remoteAddress: address, remotePort: m.port, remoteRtcpPort: sdpRtcp(m)?.port ?? null, direction, ptime };
    const formats = [String(codec.pt), ...(te === null ? [] : [String(te)])];
    const attrs = audioAttributes([{ name: codec.name, pt: codec.pt }], te, o.ptime ?? ptime ?? 20, direction);
    const fmtp = te === null ? null : sdpFmtp(m, te);
    if (fmtp !== null) attrs.forEach((a) => { if (a.name === 'fmtp' && a.value?.startsWith(`${te} `)) a.value = `${te} ${fmtp}`; });
    return { type: 'audio', port: o.port, portCount: null, protocol: m.protocol, formats, connection: null, lines: [], attributes: attrs };
  });
  if (audio === null) return fail('SDP_NOT_ACCEPTABLE', null, why);
  return ok({ answer: sessionFor(o, media), audio });
}

/**
 * Reads the answer to our offer: the first codec in the answer's audio stream that we offered,
 * their address and port, telephone-event, and our resulting direction.
 */
export function readSdpAnswer(answer: SdpSession, offer: SdpSession): SipResult<SdpAudioChoice> {
  const ours = offer.media.find((m) => m.type === 'audio');
  const index = ours ? offer.media.indexOf(ours) : -1;
  const m = answer.media[index] ?? answer.media.find((x) => x.type === 'audio');
  if (!ours || !m || m.type !== 'audio' || m.port === 0) return fail('SDP_NOT_ACCEPTABLE', null, 'the audio stream was refused');
  const offeredCodecs = (['PCMA', 'PCMU'] as const).filter((c) => ours.formats.includes(String(STATIC[c])));
  const answered = m.formats.map((f) => codecIn({ ...m, formats: [f] }, offeredCodecs)).find((c) => c !== null);
  if (!answered) return fail('SDP_NOT_ACCEPTABLE', null, 'no codec we offered in the answer');
  const address = sdpConnectionAddress(m, answer);
  if (address === null) return fail('SDP_INVALID', null, 'no connection address for audio');
  const te = telephoneEventIn(m);
  const theirs = sdpDirection(m, answer);
  const mine = sdpDirection(ours, offer);
  const direction = answerDirection(theirs === 'sendrecv' && address === '0.0.0.0' ? 'sendonly' : theirs, mine);
  return ok({
    codec: answered.name, payloadType: answered.pt, clockRate: 8000,
    telephoneEventPt: te !== null && telephoneEventIn(ours) !== null ? te : null,
    remoteAddress: address, remotePort: m.port, remoteRtcpPort: sdpRtcp(m)?.port ?? null, direction, ptime: sdpPtime(m),
  });
}
