/**
 * The SDP side of one outbound call: our offer built around the call's RtpSession, answers
 * (in 1xx early media, 2xx, re-INVITE responses) applied to it, and offers from the peer's
 * re-INVITEs answered.
 */
import type { RtpSession } from '../media/rtp-session.js';
import { answerSdpOffer, buildSdpOffer, readSdpAnswer, withSdpDirection, type SdpAudioChoice, type SdpCodecName } from '../sip/sdp-negotiate.js';
import { parseSdp, serializeSdp, type SdpSession } from '../sip/sdp.js';

/** Our offer and what the peer answered, for one RtpSession. */
export class CallMedia {
  private offer: SdpSession;
  /** The agreed audio, once an answer arrived. */
  audio: SdpAudioChoice | null = null;

  constructor(readonly rtp: RtpSession, sessionId: string, private readonly codecs: readonly SdpCodecName[]) {
    this.offer = buildSdpOffer({ address: rtp.localAddress, port: rtp.localPort, sessionId, codecs });
  }

  /** The current offer's text. */
  offerText(): string {
    return serializeSdp(this.offer);
  }

  /** A new offer with another direction (hold: sendonly; unhold: sendrecv). */
  reoffer(direction: 'sendonly' | 'sendrecv'): string {
    this.offer = withSdpDirection(this.offer, direction);
    return serializeSdp(this.offer);
  }

  /** Applies an SDP answer to our offer: RTP goes where it says, in its codec. False if unusable. */
  applyAnswer(body: Uint8Array): boolean {
    const parsed = parseSdp(body);
    if (!parsed.ok) return false;
    const choice = readSdpAnswer(parsed.value, this.offer);
    if (!choice.ok) return false;
    this.use(choice.value);
    return true;
  }

  /** Answers the peer's offer (a re-INVITE); null when nothing in it is acceptable (488). */
  answerOffer(body: Uint8Array): string | null {
    const parsed = parseSdp(body);
    if (!parsed.ok) return null;
    const answered = answerSdpOffer(parsed.value, {
      address: this.offer.origin.address, port: this.rtp.localPort, sessionId: this.offer.origin.sessionId,
      sessionVersion: (BigInt(this.offer.origin.sessionVersion) + 1n).toString(), codecs: this.codecs,
    });
    if (!answered.ok) return null;
    this.offer = { ...this.offer, origin: answered.value.answer.origin };
    this.use(answered.value.audio);
    return serializeSdp(answered.value.answer);
  }

  private use(choice: SdpAudioChoice): void {
    const prev = this.audio;
    this.audio = choice;
    // Re-pointing an unchanged remote would reset latching and stats for nothing.
    if (prev && prev.remoteAddress === choice.remoteAddress && prev.remotePort === choice.remotePort && prev.codec === choice.codec) return;
    this.rtp.setRemote({
      address: choice.remoteAddress, port: choice.remotePort, codec: choice.codec === 'PCMA' ? 'alaw' : 'mulaw',
      ...(choice.telephoneEventPt !== null ? { telephoneEventPayloadType: choice.telephoneEventPt } : {}),
    });
  }
}
