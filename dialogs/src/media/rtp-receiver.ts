/**
 * The receive half of a call's RTP: parses datagrams the session accepted by source, refuses
 * other payload types, follows SSRC changes, keeps RFC 3550 statistics, hands audio to the
 * jitter buffer and telephone-events to the DTMF receiver, and plays out one decoded frame
 * per tick.
 */
import { DtmfReceiver } from './dtmf.js';
import type { DtmfEvent } from './dtmf.js';
import { decodeG711 } from './g711.js';
import type { G711Law } from './g711.js';
import { JitterBuffer } from './jitter-buffer.js';
import type { JitterBufferOptions, JitterStats } from './jitter-buffer.js';
import type { MediaLog } from './media-leg.js';
import { newRtpPacket, parseRtpInto } from './rtp-packet.js';
import { ReceiverStats } from './rtp-stats.js';

const NO_AUDIO = new Uint8Array(0);

/** How the receiver decodes and what it accepts. */
export interface RtpReceiverOptions {
  law: G711Law;
  audioPayloadType: number;
  telephoneEventPayloadType: number;
  jitter?: JitterBufferOptions | undefined;
  frameSamples?: number;
  /** Monotonic milliseconds (the pacer's clock). */
  now: () => number;
  onDtmf: (event: DtmfEvent) => void;
  log?: MediaLog | undefined;
}

/** One call's receive path; the session feeds it datagrams and asks it for a frame per tick. */
export class RtpReceiver {
  readonly stats = new ReceiverStats(8000);
  private readonly jitter: JitterBuffer;
  private readonly dtmf: DtmfReceiver;
  private readonly packet = newRtpPacket();
  private readonly frame: Int16Array;
  private law: G711Law;
  private audioPt: number;
  private telephoneEventPt: number;
  private readonly now: () => number;
  private readonly log: MediaLog | undefined;
  private haveFrame = false;
  private lastPacketMs = -1;
  /** Whether the last `playout()` returned concealment. */
  concealed = false;

  constructor(options: RtpReceiverOptions) {
    this.law = options.law;
    this.audioPt = options.audioPayloadType;
    this.telephoneEventPt = options.telephoneEventPayloadType;
    this.jitter = new JitterBuffer(options.jitter);
    this.frame = new Int16Array(options.frameSamples ?? 160);
    this.now = options.now;
    this.log = options.log;
    this.dtmf = new DtmfReceiver(options.onDtmf);
  }

  /** Switches the negotiated codec (after an SDP answer or re-INVITE). */
  setCodec(law: G711Law, audioPayloadType: number, telephoneEventPayloadType: number): void {
    this.law = law;
    this.audioPt = audioPayloadType;
    this.telephoneEventPt = telephoneEventPayloadType;
  }

  /** When the last accepted packet arrived (monotonic ms), or −1 before any. */
  get lastPacketAtMs(): number {
    return this.lastPacketMs;
  }

  jitterStats(): JitterStats {
    return this.jitter.stats();
  }

  /** Handles one datagram from the accepted source. Never throws: bad input is counted. */
  handle(datagram: Uint8Array): void {
    const packet = this.packet;
    if (parseRtpInto(datagram, packet) !== null) { this.stats.malformed += 1; return; }
    const pt = packet.payloadType;
    if (pt !== this.audioPt && pt !== this.telephoneEventPt) {
      if (this.stats.unexpectedPayloadType === 0) this.log?.warn({ payloadType: pt }, 'RTP with a payload type that was not negotiated: dropped');
      this.stats.unexpectedPayloadType += 1;
      return;
    }
    if (this.stats.source !== packet.ssrc) {
      if (this.stats.source !== null) {
        // The peer restarted its stream (a re-INVITE, a media server switching legs): the
        // old sequence and timing mean nothing for the new one.
        this.log?.warn({ from: this.stats.source, to: packet.ssrc }, 'RTP source changed (SSRC)');
        this.jitter.reset();
        this.dtmf.reset();
      }
      this.stats.restart(packet.ssrc);
    }
    const now = this.now();
    this.lastPacketMs = now;
    if (pt === this.telephoneEventPt) {
      this.stats.update(packet.sequenceNumber, packet.timestamp, now, false);
      // Hold the event's sequence number in the jitter buffer so audio around the digit is
      // not concealed as lost; it plays as silence.
      this.jitter.push(packet.sequenceNumber, packet.timestamp, NO_AUDIO);
      this.dtmf.onPacket(packet.timestamp, packet.payload, now);
      return;
    }
    this.stats.update(packet.sequenceNumber, packet.timestamp, now, true);
    this.jitter.push(packet.sequenceNumber, packet.timestamp, packet.payload);
  }

  /**
   * This tick's decoded frame (a reused buffer), or null when nothing plays (the stream has
   * not started or has paused). Also closes DTMF events whose end packets never came.
   */
  playout(): Int16Array | null {
    this.dtmf.expire(this.now());
    const out = this.jitter.pop();
    const frame = this.frame;
    switch (out.kind) {
      case 'frame': {
        const n = out.payload.length === 0 ? 0 : decodeG711(this.law, out.payload, frame);
        if (n < frame.length) frame.fill(0, n);
        this.haveFrame = true;
        this.concealed = false;
        return frame;
      }
      case 'repeat':
        // The frame buffer still holds the previous frame: repeating it hides one loss.
        if (!this.haveFrame) frame.fill(0);
        this.concealed = true;
        return frame;
      case 'silence':
        frame.fill(0);
        this.concealed = true;
        return frame;
      case 'idle':
        return null;
    }
  }

  /** DTMF packets that carried no digit (too short, or events other than 0–15). */
  get dtmfIgnored(): number {
    return this.dtmf.ignored;
  }
}
