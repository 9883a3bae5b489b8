/**
 * RFC 4733 telephone-events for DTMF: a sender that turns digits into event packets, one per
 * pacer tick, and a receiver that turns event packets back into one digit per event.
 *
 * On the wire an event is a run of packets sharing the event's start timestamp: the first has
 * the marker bit, each carries the duration so far, and the end is flagged by the E bit and
 * sent three times (so one lost packet does not lose the digit's end).
 */
import { MediaError } from './errors.js';

/** A DTMF digit as RFC 4733 numbers them (events 0–15). */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

const DIGITS = '0123456789*#ABCD';

/** A digit received from the peer. */
export interface DtmfEvent {
  digit: DtmfDigit;
  /** How long the key was held, from the event's duration field. */
  durationMs: number;
  /** The event's RTP timestamp (its identity: retransmissions share it). */
  rtpTimestamp: number;
  /** True when the end packets never came and the event was closed by a timeout. */
  endMissing: boolean;
}

/** The event number of a digit, or a coded error for anything else. */
export function dtmfEventCode(digit: string): number {
  const code = digit.length === 1 ? DIGITS.indexOf(digit.toUpperCase()) : -1;
  if (code < 0) throw new MediaError('DTMF_BAD_DIGIT', `not a DTMF digit: ${JSON.stringify(digit)} (use 0-9 * # A-D)`);
  return code;
}

/** How one queued digit finished. */
export type DtmfSendResult = 'sent' | 'cancelled';

interface QueuedDigit {
  code: number;
  frames: number;
  gapFrames: number;
  resolve: ((result: DtmfSendResult) => void) | undefined;
}

/** What `DtmfSender.next` fills in when this tick carries an event packet. */
export interface DtmfPacketOut {
  marker: boolean;
  /** The event's start timestamp, to put in the RTP header instead of the media timestamp. */
  timestamp: number;
  /** The 4-byte event payload. */
  payload: Uint8Array;
}

/** Plays queued digits as event packets; the session asks it first on every tick. */
export class DtmfSender {
  private readonly queue: QueuedDigit[] = [];
  private readonly frameSamples: number;
  private readonly volume: number;
  private current: QueuedDigit | undefined;
  private startTimestamp = 0;
  private framesSent = 0;
  private endsSent = 0;
  private gapLeft = 0;

  constructor(options: { frameSamples?: number; volume?: number } = {}) {
    this.frameSamples = options.frameSamples ?? 160;
    this.volume = options.volume ?? 10;
  }

  /** Whether digits are queued or playing. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0 || this.gapLeft > 0;
  }

  /**
   * Queues digits (validated first: a bad one queues nothing). Each plays for `durationMs`
   * (rounded to 20 ms frames, at least 40 ms) followed by `gapMs` of audio. Resolves when the
   * last digit's end packets are out.
   */
  enqueue(digits: string, durationMs = 100, gapMs = 60): Promise<DtmfSendResult> {
    const codes = [...digits].map(dtmfEventCode);
    const frameMs = this.frameSamples / 8;
    const frames = Math.max(2, Math.round(durationMs / frameMs));
    const gapFrames = Math.max(1, Math.round(gapMs / frameMs));
    return new Promise((resolve) => {
      if (codes.length === 0) { resolve('sent'); return; }
      codes.forEach((code, i) => this.queue.push({ code, frames, gapFrames, resolve: i === codes.length - 1 ? resolve : undefined }));
    });
  }

  /** Drops queued digits (the one on the wire still gets its end packets). */
  cancel(): void {
    for (const digit of this.queue.splice(0)) digit.resolve?.('cancelled');
  }

  /** Resolves everything as cancelled, including the digit on the wire (the session closed). */
  cancelAll(): void {
    this.cancel();
    this.current?.resolve?.('cancelled');
    this.current = undefined;
    this.gapLeft = 0;
  }

  /**
   * Called once per tick with the media timestamp this tick would use. Returns true and fills
   * `out` when the tick must carry an event packet instead of audio.
   */
  next(mediaTimestamp: number, out: DtmfPacketOut): boolean {
    if (this.current === undefined) {
      if (this.gapLeft > 0) { this.gapLeft -= 1; return false; }
      const digit = this.queue.shift();
      if (digit === undefined) return false;
      this.current = digit;
      this.startTimestamp = mediaTimestamp >>> 0;
      this.framesSent = 0;
      this.endsSent = 0;
    }
    const digit = this.current;
    const ending = this.framesSent + 1 >= digit.frames;
    if (!ending) this.framesSent += 1;
    const duration = Math.min(0xffff, digit.frames * this.frameSamples);
    const soFar = ending ? duration : this.framesSent * this.frameSamples;
    const payload = out.payload;
    payload[0] = digit.code;
    payload[1] = (ending ? 0x80 : 0) | (this.volume & 0x3f);
    payload[2] = (soFar >> 8) & 0xff;
    payload[3] = soFar & 0xff;
    out.marker = this.framesSent === 1 && !ending;
    out.timestamp = this.startTimestamp;
    if (ending) {
      this.endsSent += 1;
      if (this.endsSent === 3) {
        this.current = undefined;
        this.gapLeft = digit.gapFrames;
        digit.resolve?.('sent');
      }
    }
    return true;
  }
}

/** Turns received event packets into digits: one per event, whatever the retransmissions. */
export class DtmfReceiver {
  private activeTimestamp = -1;
  private activeCode = 0;
  private activeDuration = 0;
  private lastPacketMs = 0;
  private reportedTimestamp = -1;
  /** Packets that were too short or carried a non-DTMF event. */
  ignored = 0;

  /**
   * @param onDigit called once per event, at its first end packet (or on timeout)
   * @param timeoutMs how long an event without end packets stays open (default 500)
   */
  constructor(private readonly onDigit: (event: DtmfEvent) => void, private readonly timeoutMs = 500) {}

  /** Handles one telephone-event packet's timestamp and payload, received at `nowMs`. */
  onPacket(timestamp: number, payload: Uint8Array, nowMs: number): void {
    if (payload.length < 4 || payload[0]! > 15) { this.ignored += 1; return; }
    if (timestamp === this.reportedTimestamp) return; // a retransmitted end, or a straggler
    const code = payload[0]!;
    const end = (payload[1]! & 0x80) !== 0;
    const duration = (payload[2]! << 8) | payload[3]!;
    if (timestamp !== this.activeTimestamp) {
      // A new event: the previous one lost all its end packets, so report it now.
      if (this.activeTimestamp >= 0) this.report(true);
      this.activeTimestamp = timestamp;
      this.activeCode = code;
      this.activeDuration = 0;
    }
    if (duration > this.activeDuration) this.activeDuration = duration;
    this.lastPacketMs = nowMs;
    if (end) this.report(false);
  }

  /** Closes an event whose packets stopped without an end; call on every tick. */
  expire(nowMs: number): void {
    if (this.activeTimestamp >= 0 && nowMs - this.lastPacketMs >= this.timeoutMs) this.report(true);
  }

  /** Forgets the event in progress (a new source). */
  reset(): void {
    this.activeTimestamp = -1;
    this.reportedTimestamp = -1;
  }

  private report(endMissing: boolean): void {
    const event: DtmfEvent = {
      digit: DIGITS[this.activeCode] as DtmfDigit,
      durationMs: Math.round(this.activeDuration / 8),
      rtpTimestamp: this.activeTimestamp,
      endMissing,
    };
    this.reportedTimestamp = this.activeTimestamp;
    this.activeTimestamp = -1;
    this.onDigit(event);
  }
}
