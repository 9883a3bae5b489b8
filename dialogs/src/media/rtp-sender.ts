/**
 * The send half of a call's RTP: once per tick it sends either a DTMF event packet or one
 * frame of the play queue (silence when nothing plays, so the peer's timestamps and jitter
 * estimate stay continuous), G.711-encoded straight behind a header in a reused buffer.
 */
import { DtmfSender } from './dtmf.js';
import type { DtmfPacketOut } from './dtmf.js';
import { encodeG711 } from './g711.js';
import type { G711Law } from './g711.js';
import { PlayQueue } from './play-queue.js';
import { RTP_HEADER_BYTES, writeRtpHeader } from './rtp-packet.js';

/**
 * Packet buffers per session, reused in turn. A datagram the kernel could not take at once
 * sits in Node's send queue referencing its buffer, so the session stops sending (and counts)
 * while the queue is this deep rather than overwrite bytes still waiting to leave.
 */
export const SEND_RING = 8;

/** What a sender needs; the session supplies `transmit` (the socket, to the current remote). */
export interface RtpSenderOptions {
  law: G711Law;
  audioPayloadType: number;
  telephoneEventPayloadType: number;
  ssrc: number;
  initialSequence: number;
  initialTimestamp: number;
  frameSamples?: number;
  /** Sends `length` bytes of `packet`; false when it was not sent (the queue was full). */
  transmit: (packet: Buffer, length: number) => boolean;
}

/** Counters of what went out. */
export interface SenderStats {
  packets: number;
  audioPackets: number;
  dtmfPackets: number;
  /** Ticks that played queued audio (the rest sent silence). */
  audioFrames: number;
  bytes: number;
  /** Packets not sent because the socket's send queue was full. */
  dropped: number;
}

/** One call's send path: the play queue, DTMF out, sequence numbers and timestamps. */
export class RtpSender {
  readonly queue = new PlayQueue();
  readonly dtmf: DtmfSender;
  readonly ssrc: number;
  private readonly frameSamples: number;
  private readonly frame: Int16Array;
  private readonly ring: Buffer[] = [];
  private readonly dtmfOut: DtmfPacketOut = { marker: false, timestamp: 0, payload: new Uint8Array(4) };
  private readonly transmit: (packet: Buffer, length: number) => boolean;
  private law: G711Law;
  private audioPt: number;
  private telephoneEventPt: number;
  private sequence: number;
  private readonly timestampBase: number;
  private next = 0;
  private first = true;
  private readonly counters: SenderStats = { packets: 0, audioPackets: 0, dtmfPackets: 0, audioFrames: 0, bytes: 0, dropped: 0 };

  constructor(options: RtpSenderOptions) {
    this.law = options.law;
    this.audioPt = options.audioPayloadType;
    this.telephoneEventPt = options.telephoneEventPayloadType;
    this.ssrc = options.ssrc >>> 0;
    this.sequence = options.initialSequence & 0xffff;
    this.timestampBase = options.initialTimestamp >>> 0;
    this.frameSamples = options.frameSamples ?? 160;
    this.frame = new Int16Array(this.frameSamples);
    this.transmit = options.transmit;
    this.dtmf = new DtmfSender({ frameSamples: this.frameSamples });
    const size = RTP_HEADER_BYTES + this.frameSamples;
    const slab = Buffer.alloc(SEND_RING * size);
    for (let i = 0; i < SEND_RING; i++) this.ring.push(slab.subarray(i * size, (i + 1) * size));
  }

  /** Switches the negotiated codec (after an SDP answer or re-INVITE). */
  setCodec(law: G711Law, audioPayloadType: number, telephoneEventPayloadType: number): void {
    this.law = law;
    this.audioPt = audioPayloadType;
    this.telephoneEventPt = telephoneEventPayloadType;
  }

  stats(): SenderStats {
    return { ...this.counters };
  }

  /**
   * Sends this tick's packet. `tickOffset` counts ticks since the session started: the media
   * timestamp follows the pacer's grid, so ticks the process skipped show as a timestamp jump,
   * as they would from any sender. Returns the PCM sent (for the recording; a reused buffer)
   * or null when the tick carried a DTMF event.
   */
  tick(tickOffset: number): Int16Array | null {
    const mediaTimestamp = (this.timestampBase + tickOffset * this.frameSamples) >>> 0;
    const buffer = this.ring[this.next]!;
    this.next = (this.next + 1) % SEND_RING;
    if (this.dtmf.next(mediaTimestamp, this.dtmfOut)) {
      const out = this.dtmfOut;
      writeRtpHeader(buffer, 0, out.marker, this.telephoneEventPt, this.sequence, out.timestamp, this.ssrc);
      buffer.set(out.payload, RTP_HEADER_BYTES);
      if (this.send(buffer, RTP_HEADER_BYTES + 4)) this.counters.dtmfPackets += 1;
      return null;
    }
    const frame = this.frame;
    if (this.queue.pull(frame) > 0) this.counters.audioFrames += 1;
    writeRtpHeader(buffer, 0, this.first, this.audioPt, this.sequence, mediaTimestamp, this.ssrc);
    encodeG711(this.law, frame, buffer, RTP_HEADER_BYTES);
    if (this.send(buffer, RTP_HEADER_BYTES + this.frameSamples)) this.counters.audioPackets += 1;
    this.first = false;
    return frame;
  }

  /** Ends the send side: queued prompts resolve `closed`, queued digits `cancelled`. */
  close(): void {
    this.queue.close();
    this.dtmf.cancelAll();
  }

  private send(buffer: Buffer, length: number): boolean {
    // The sequence number advances even when the packet is dropped: to the peer it is a loss.
    this.sequence = (this.sequence + 1) & 0xffff;
    if (!this.transmit(buffer, length)) { this.counters.dropped += 1; return false; }
    this.counters.packets += 1;
    this.counters.bytes += length;
    return true;
  }
}
